-- Colloquy schema, part 3: facilitation — reactions, views, follows, the expert directory,
-- forwards, notifications and the email outbox.

-- One reaction of each kind per user and statement; at_ms is the moment the reader reacted at.
create table reactions (
  statement_id uuid not null references statements (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  kind text not null check (kind ~ '^[a-z][a-z_]{0,31}$'),
  at_ms integer,
  created_at timestamptz not null default now(),
  primary key (statement_id, user_id, kind)
);
create index reactions_user on reactions (user_id, created_at);

-- What a user watched of a contribution (ms ranges, merged by the multirange type). A contribution
-- is seen when most of it was watched or its digest line was opened (seen_at set).
create table views (
  user_id uuid not null references users (id) on delete cascade,
  contribution_id uuid not null references contributions (id) on delete cascade,
  watched int4multirange not null default '{}',
  watched_ms integer not null default 0,
  seen_at timestamptz,
  last_seen_at timestamptz not null default now(),
  primary key (user_id, contribution_id)
);
create index views_contribution on views (contribution_id);

-- The share of [start_ms, end_ms) that the watched ranges cover, 0..1.
create function watched_fraction(watched int4multirange, start_ms integer, end_ms integer) returns real
language sql immutable parallel safe as $$
  select case when end_ms <= start_ms then 0
              else coalesce((select sum(upper(r) - lower(r)) from unnest(watched * int4multirange(int4range(start_ms, end_ms))) r), 0)::real
                   / (end_ms - start_ms) end
$$;

-- Visits to a conference: "since your last visit" is the start of the gap before the current visit.
create table conference_visits (
  user_id uuid not null references users (id) on delete cascade,
  conference_id uuid not null references conferences (id) on delete cascade,
  previous_visit_at timestamptz,
  last_visit_at timestamptz not null default now(),
  primary key (user_id, conference_id)
);

-- What a member follows: conferences (new contributions notify) and topic tags (feed relevance).
create table conference_follows (
  user_id uuid not null references users (id) on delete cascade,
  conference_id uuid not null references conferences (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, conference_id)
);
create table tag_follows (
  user_id uuid not null references users (id) on delete cascade,
  space_id uuid not null references spaces (id) on delete cascade,
  tag text not null,
  created_at timestamptz not null default now(),
  primary key (user_id, space_id, tag)
);

-- Per-user preferences: the email digest and which notifications also go by email.
create table user_preferences (
  user_id uuid primary key references users (id) on delete cascade,
  digest_frequency text not null default 'weekly' check (digest_frequency in ('daily', 'weekly', 'off')),
  email_kinds text[] not null default '{forward,mention,reply}',
  last_digest_at timestamptz,
  updated_at timestamptz not null default now()
);

-- Outside experts a space's hosts may forward statements to. Their profile vector comes from the
-- bio and tags (and grows with their answers).
create table people (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces (id) on delete cascade,
  name text not null,
  email text not null,
  bio text not null default '',
  tags text[] not null default '{}',
  embedding vector,
  embedding_model text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index people_space_email on people (space_id, lower(email));

-- A statement forwarded to a member or an outside expert. An expert's link carries a random token
-- (only its hash is stored) scoped to this one statement, expiring, revocable.
create table forwards (
  id uuid primary key default gen_random_uuid(),
  statement_id uuid not null references statements (id) on delete cascade,
  from_user_id uuid references users (id) on delete set null,
  to_user_id uuid references users (id) on delete cascade,
  person_id uuid references people (id) on delete cascade,
  note text not null default '',
  token_hash text unique,
  expires_at timestamptz,
  revoked_at timestamptz,
  opened_at timestamptz,
  answered_contribution_id uuid references contributions (id) on delete set null,
  answered_at timestamptz,
  created_at timestamptz not null default now(),
  check ((to_user_id is null) <> (person_id is null))
);
create index forwards_statement on forwards (statement_id);
create index forwards_to_user on forwards (to_user_id, created_at);
create index forwards_person on forwards (person_id, created_at);

-- Contributions from outside experts: no author account, the person and the forward instead.
alter table contributions add column outside_person_id uuid references people (id) on delete set null;
alter table contributions add column via_forward_id uuid references forwards (id) on delete set null;

-- In-app notifications. A burst of the same kind about the same thing (batch_key) within a short
-- window becomes one notification whose count and payload grow.
create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  kind text not null,
  space_id uuid references spaces (id) on delete cascade,
  batch_key text,
  payload jsonb not null default '{}',
  count integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_user on notifications (user_id, updated_at desc);
create index notifications_batch on notifications (user_id, batch_key) where read_at is null;

-- Emails to send: delivered through SMTP when configured, otherwise written to the outbox folder.
create table outbox (
  id uuid primary key default gen_random_uuid(),
  to_email text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  kind text not null,
  -- the body holds a secret link: it is blanked once delivered, so the table never keeps a token
  sensitive boolean not null default false,
  status text not null default 'pending' check (status in ('pending', 'sent', 'written', 'failed')),
  attempts integer not null default 0,
  error text,
  file_path text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_pending on outbox (created_at) where status = 'pending';
