-- Colloquy schema, part 1: accounts, spaces, conferences, contributions, transcripts, statements.
create extension if not exists vector;

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null,
  password_hash text not null,
  created_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

-- Session cookies and API tokens: only a SHA-256 hash of the random token is stored.
create table sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz
);

create table spaces (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);

create table memberships (
  space_id uuid not null references spaces (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'host', 'member')),
  created_at timestamptz not null default now(),
  primary key (space_id, user_id)
);
create index memberships_user on memberships (user_id);

-- An invitation to someone who has no account yet; it becomes a membership when they sign up.
create table space_invites (
  space_id uuid not null references spaces (id) on delete cascade,
  email text not null,
  role text not null check (role in ('owner', 'host', 'member')),
  invited_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (space_id, email)
);
create index space_invites_email on space_invites (lower(email));

create table conferences (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces (id) on delete cascade,
  title text not null,
  description text not null default '',
  kind text not null default 'discussion' check (kind in ('discussion', 'interview', 'meeting-import')),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index conferences_space on conferences (space_id, created_at);

create table contributions (
  id uuid primary key default gen_random_uuid(),
  conference_id uuid not null references conferences (id) on delete cascade,
  author_id uuid references users (id) on delete set null,
  title text not null default '',
  source text not null check (source in ('upload', 'transcript')),
  reply_to_contribution_id uuid references contributions (id) on delete set null,
  reply_to_statement_id uuid,
  links text[] not null default '{}',
  -- media: paths are relative to DATA_DIR/media and made by the server, never from a file name
  media_path text,
  mime text,
  size_bytes bigint,
  has_video boolean not null default false,
  duration_ms integer,
  audio_path text,
  poster_path text,
  captions_path text,
  transcribed_by text,
  -- pipeline state
  status text not null default 'queued' check (status in ('queued', 'processing', 'ready', 'failed')),
  stage text not null,
  progress real not null default 0,
  error text,
  error_code text,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index contributions_conference on contributions (conference_id, created_at);

-- The transcript as its source gave it (recogniser utterances, caption cues, imported turns).
create table transcript_segments (
  contribution_id uuid not null references contributions (id) on delete cascade,
  seq integer not null,
  start_ms integer not null,
  end_ms integer not null,
  speaker text,
  text text not null,
  words jsonb,
  primary key (contribution_id, seq)
);

-- Statements: the timestamped atoms everything else points at.
create table statements (
  id uuid primary key default gen_random_uuid(),
  contribution_id uuid not null references contributions (id) on delete cascade,
  seq integer not null,
  start_ms integer not null,
  end_ms integer not null,
  speaker text,
  text text not null,
  gist text,
  tsv tsvector generated always as (to_tsvector('english', text)) stored,
  created_at timestamptz not null default now(),
  unique (contribution_id, seq)
);
create index statements_tsv on statements using gin (tsv);

alter table contributions
  add constraint contributions_reply_to_statement_fk
  foreign key (reply_to_statement_id) references statements (id) on delete set null;
