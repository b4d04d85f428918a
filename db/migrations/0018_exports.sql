-- Colloquy schema, part 18: exports. A host exports a conference or a space, a member their own
-- contributions: a job writes a zip (JSON, captions, media) under DATA_DIR/exports, and only the
-- person who asked may download it until it expires; then the file is removed.
create table exports (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces (id) on delete cascade,
  -- null: the whole space
  conference_id uuid references conferences (id) on delete cascade,
  -- only the requester's own contributions
  mine boolean not null default false,
  requested_by uuid not null references users (id) on delete cascade,
  status text not null default 'queued' check (status in ('queued', 'running', 'ready', 'failed', 'expired')),
  progress real not null default 0,
  file_path text,
  bytes bigint,
  error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  expires_at timestamptz
);
create index exports_requester on exports (requested_by, created_at desc);
create index exports_expiry on exports (expires_at) where status = 'ready';
