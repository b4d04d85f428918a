-- Colloquy schema, part 22: participation and nudges. A member who was asked something (a question
-- naming them, a forward to them) and has not answered is nudged: by a host's click or by the
-- reminder sweep. Never more than one nudge per member and conference a day: the unique key holds
-- that across processes, whichever of the click and the sweep comes first.
alter table user_preferences add column nudges boolean not null default true;

create table nudges (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  conference_id uuid not null references conferences (id) on delete cascade,
  -- the UTC day it was sent on
  day date not null,
  source text not null check (source in ('host', 'reminder')),
  by_user_id uuid references users (id) on delete set null,
  -- the questions and forwarded statements it reminded of: the sweep reminds of each one once
  statement_ids uuid[] not null default '{}',
  created_at timestamptz not null default now(),
  unique (user_id, conference_id, day)
);
create index nudges_conference on nudges (conference_id, day);
