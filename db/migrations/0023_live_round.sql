-- Colloquy schema, part 23: the live round of an interview. Shortlisted candidates are advanced
-- to a structured live interview: a guide built from the opening (its questions, follow-up
-- probes, the same rubric), slots the candidate picks through their link, live scores (blind
-- until submitted, like the one-way reviews) and the round's recording or transcript.

-- What a candidate is told when the process ends for them; null: the default text.
alter table interviews add column ending_text text;

-- The interview guide: a core question per real question of the opening, with follow-up probes.
-- Absent rows mean the guide was never edited: it is generated from the opening when read.
create table live_guide_questions (
  conference_id uuid not null references interviews (conference_id) on delete cascade,
  question_id uuid not null references questions (id) on delete cascade,
  prompt text not null,
  probes text[] not null default '{}',
  primary key (conference_id, question_id)
);

-- A candidate advanced to the live round; the recording (or transcript) is a contribution of
-- the opening's conference, so it is searched beside the one-way answers.
create table live_rounds (
  invitation_id uuid primary key references invitations (id) on delete cascade,
  advanced_by uuid references users (id) on delete set null,
  advanced_at timestamptz not null default now(),
  contribution_id uuid references contributions (id) on delete set null,
  -- the calendar invitation's SEQUENCE: one more each time the candidate books or moves
  sequence integer not null default 0
);

-- Slots the hosts propose for an opening. A slot holds at most one candidate (booked_by is a
-- single column) and a candidate at most one slot (unique): double booking is impossible.
create table live_slots (
  id uuid primary key default gen_random_uuid(),
  conference_id uuid not null references interviews (conference_id) on delete cascade,
  starts_at timestamptz not null,
  duration_min integer not null check (duration_min between 10 and 480),
  call_link text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  booked_by uuid unique references live_rounds (invitation_id) on delete set null,
  booked_at timestamptz
);
create index live_slots_conference on live_slots (conference_id, starts_at);

-- Live scores are reviews of their own round: the same tables, the same blind rule.
alter table reviews add column round text not null default 'one-way' check (round in ('one-way', 'live'));
alter table reviews drop constraint reviews_pkey;
alter table reviews add primary key (invitation_id, reviewer_id, round);
alter table scores add column round text not null default 'one-way' check (round in ('one-way', 'live'));
alter table scores drop constraint scores_pkey;
alter table scores add primary key (invitation_id, reviewer_id, criterion_id, round);

-- An email may carry a calendar invitation (an .ics sent as text/calendar with METHOD:REQUEST).
alter table outbox add column calendar_ics text;
