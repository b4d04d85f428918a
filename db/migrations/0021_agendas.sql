-- Colloquy schema, part 21: the agenda for a conference's next live meeting. A host drafts it from
-- what is still open in the conference, edits and publishes it; after the live meeting its items
-- are linked to the statements of the imported recording where they were discussed.
create table agendas (
  id uuid primary key default gen_random_uuid(),
  -- one agenda per conference: the next live meeting's (drafting again replaces its items)
  conference_id uuid not null unique references conferences (id) on delete cascade,
  title text not null,
  status text not null default 'draft' check (status in ('draft', 'published')),
  starts_at timestamptz,
  duration_minutes integer check (duration_minutes between 5 and 1440),
  published_at timestamptz,
  published_by uuid references users (id) on delete set null,
  linked_contribution_id uuid references contributions (id) on delete set null,
  linked_at timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table agenda_items (
  id uuid primary key default gen_random_uuid(),
  agenda_id uuid not null references agendas (id) on delete cascade,
  position integer not null,
  kind text not null check (kind in ('question', 'proposal', 'concern', 'decision', 'action', 'topic')),
  title text not null,
  why text not null default '',
  score real not null default 0,
  -- the statements it cites, in order; a deleted statement simply drops out when read
  statement_ids uuid[] not null default '{}',
  -- after linking: discussed in the live meeting or not (null before), and where
  discussed boolean,
  discussed_statement_ids uuid[] not null default '{}'
);
create index agenda_items_agenda on agenda_items (agenda_id, position);

-- Published agendas come by email unless a member turned it off (their saved email kinds).
alter table user_preferences alter column email_kinds set default '{forward,mention,reply,agenda}';
