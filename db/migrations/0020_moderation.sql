-- Colloquy schema, part 20: moderation. Hosts hide a statement (kept, recoverable, gone for
-- members) or delete it; authors and hosts delete a contribution. An expert link whose statement
-- was deleted leaves its token hash here, so the link answers "removed" (410) instead of a bare 404.
alter table statements add column hidden_at timestamptz;
alter table statements add column hidden_by uuid references users (id) on delete set null;

create table removed_links (
  token_hash text primary key,
  removed_at timestamptz not null default now()
);
