-- Accounts: what a person sees of their sessions (where and when they signed in, when each was
-- last used), and password reset links (random single-use tokens, stored hashed, short-lived).
alter table sessions add column last_used_at timestamptz;
alter table sessions add column user_agent text;
alter table sessions add column address text;
create index api_tokens_user on api_tokens (user_id);

create table password_resets (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index password_resets_user on password_resets (user_id);
