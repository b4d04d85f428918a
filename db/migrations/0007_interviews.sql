-- Colloquy schema, part 7: one-way video interviews. An opening is a conference of kind
-- 'interview'; its questions, rubric and candidates hang off it.

-- A question set: reusable across openings when is_template. An opening gets its own copy
-- (question_sets.conference_id set), so editing a template never changes a running interview.
create table question_sets (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces (id) on delete cascade,
  conference_id uuid unique references conferences (id) on delete cascade,
  title text not null,
  is_template boolean not null default false,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (not (is_template and conference_id is not null))
);
create index question_sets_space on question_sets (space_id, created_at);

create table questions (
  id uuid primary key default gen_random_uuid(),
  question_set_id uuid not null references question_sets (id) on delete cascade,
  position integer not null,
  prompt text not null,
  -- an optional short video of the host asking it: DATA_DIR/media/<question id>/original
  prompt_media_path text,
  prompt_mime text,
  think_time_s integer not null default 30 check (think_time_s between 0 and 600),
  time_limit_s integer not null default 120 check (time_limit_s between 10 and 1800),
  retakes integer not null default 1 check (retakes between 0 and 10),
  -- never uploaded, scored or shown to reviewers: the candidate's warm-up
  is_practice boolean not null default false,
  unique (question_set_id, position)
);

-- The opening's settings, one row per interview conference.
create table interviews (
  conference_id uuid primary key references conferences (id) on delete cascade,
  question_set_id uuid not null references question_sets (id),
  -- shown to candidates: what happens after they answer, and when
  timeline text not null default '',
  -- whether answers get AI summaries and rubric evidence (said in the consent step)
  ai_summaries boolean not null default true,
  -- recordings of candidates not progressed are deleted this many days after the decision
  retention_days integer not null default 90 check (retention_days between 1 and 3650),
  -- who candidates write to about their data
  contact_email text,
  created_at timestamptz not null default now()
);

-- A rubric criterion: scored on scale_min..scale_max, with written anchors. question_id null means
-- it applies to the whole interview rather than one question.
create table criteria (
  id uuid primary key default gen_random_uuid(),
  conference_id uuid not null references interviews (conference_id) on delete cascade,
  question_id uuid references questions (id) on delete cascade,
  position integer not null,
  name text not null,
  description text not null default '',
  scale_min integer not null default 1,
  scale_max integer not null default 5,
  anchor_weak text not null default '',
  anchor_average text not null default '',
  anchor_strong text not null default '',
  check (scale_max > scale_min),
  unique (conference_id, position)
);

create table invitations (
  id uuid primary key default gen_random_uuid(),
  conference_id uuid not null references interviews (conference_id) on delete cascade,
  candidate_name text not null,
  -- null once the candidate's data is deleted
  candidate_email text,
  deadline timestamptz not null,
  invited_by uuid references users (id) on delete set null,
  consented_at timestamptz,
  started_at timestamptz,
  completed_at timestamptz,
  reminded_at timestamptz,
  revoked_at timestamptz,
  -- the hiring decision: null while undecided
  decision text check (decision in ('advanced', 'rejected')),
  decided_at timestamptz,
  -- when their recordings, transcripts, statements and vectors were removed, and why
  deleted_at timestamptz,
  deletion_reason text check (deletion_reason in ('candidate-request', 'retention', 'host')),
  created_at timestamptz not null default now()
);
create index invitations_conference on invitations (conference_id, created_at);
create unique index invitations_email on invitations (conference_id, lower(candidate_email)) where candidate_email is not null and revoked_at is null;

-- Link tokens for an invitation (SHA-256 only). A reminder mails a fresh one, since the first
-- token is never stored in clear; every unexpired one opens the same invitation.
create table invitation_tokens (
  token_hash text primary key,
  invitation_id uuid not null references invitations (id) on delete cascade,
  created_at timestamptz not null default now()
);
create index invitation_tokens_invitation on invitation_tokens (invitation_id);

-- Every recording the candidate starts counts as a take; 1 + questions.retakes are allowed.
create table takes (
  invitation_id uuid not null references invitations (id) on delete cascade,
  question_id uuid not null references questions (id) on delete cascade,
  take integer not null check (take >= 1),
  started_at timestamptz not null default now(),
  primary key (invitation_id, question_id, take)
);

-- A chunked, resumable upload of one take: bytes arrive at increasing offsets into a part file.
create table answer_uploads (
  id uuid primary key default gen_random_uuid(),
  invitation_id uuid not null references invitations (id) on delete cascade,
  question_id uuid not null references questions (id) on delete cascade,
  take integer not null,
  size_bytes bigint not null,
  received_bytes bigint not null default 0,
  completed_at timestamptz,
  created_at timestamptz not null default now()
);
create index answer_uploads_invitation on answer_uploads (invitation_id);

-- The answer the candidate kept for a question: a contribution that goes through the pipeline.
create table answers (
  id uuid primary key default gen_random_uuid(),
  invitation_id uuid not null references invitations (id) on delete cascade,
  question_id uuid not null references questions (id) on delete cascade,
  contribution_id uuid references contributions (id) on delete set null,
  take integer not null,
  duration_ms integer,
  created_at timestamptz not null default now(),
  unique (invitation_id, question_id)
);
create index answers_contribution on answers (contribution_id) where contribution_id is not null;

-- One reviewer's review of one candidate; submitted_at set once they are done. Until then their
-- scores are theirs alone, and they see nobody else's (blind until done).
create table reviews (
  invitation_id uuid not null references invitations (id) on delete cascade,
  reviewer_id uuid not null references users (id) on delete cascade,
  comment text not null default '',
  submitted_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (invitation_id, reviewer_id)
);

create table scores (
  invitation_id uuid not null references invitations (id) on delete cascade,
  reviewer_id uuid not null references users (id) on delete cascade,
  criterion_id uuid not null references criteria (id) on delete cascade,
  value integer not null,
  comment text not null default '',
  updated_at timestamptz not null default now(),
  primary key (invitation_id, reviewer_id, criterion_id)
);

-- Sharing one answer with an outside reviewer reuses forwards: such a link covers the whole
-- contribution of its statement rather than the statement's span.
alter table forwards add column whole_contribution boolean not null default false;
