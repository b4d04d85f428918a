-- Colloquy schema, part 10: people correct what the recogniser heard (a statement's text and
-- speaker). An edit keeps the statement's id; its corrected words (with times) are stored on the
-- statement, and every change is kept in statement_revisions with who made it and when.
alter table statements add column words jsonb;
-- 0 as recognised; each saved edit adds one.
alter table statements add column revision integer not null default 0;
-- The revision whose vector, labels and gist are in place: behind `revision` while the edit's
-- re-run is queued or running.
alter table statements add column understood_revision integer not null default 0;
-- The speaker the transcript gave, kept from the first edit on: the captions replace that
-- speaker's transcript words inside the statement's span with the corrected ones.
alter table statements add column heard_speaker text;

create table statement_revisions (
  statement_id uuid not null references statements (id) on delete cascade,
  revision integer not null,
  edited_by uuid references users (id) on delete set null,
  text_before text not null,
  text_after text not null,
  speaker_before text,
  speaker_after text,
  created_at timestamptz not null default now(),
  primary key (statement_id, revision)
);
