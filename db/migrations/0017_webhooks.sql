-- Colloquy schema, part 17: signed webhooks per space. An event (a contribution became ready, a
-- statement was forwarded…) becomes one delivery per subscribed webhook; deliveries go through the
-- job queue with retries, and their log is what hosts read. The secret signs each delivery
-- (HMAC-SHA256), so it is kept as given: it is shown to the host once, when the webhook is made.
create table webhooks (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces (id) on delete cascade,
  url text not null,
  secret text not null,
  events text[] not null,
  enabled boolean not null default true,
  -- deliveries that failed in a row; at WEBHOOK_DISABLE_AFTER the webhook is disabled
  consecutive_failures integer not null default 0,
  disabled_reason text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhooks_space on webhooks (space_id);

create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  webhook_id uuid not null references webhooks (id) on delete cascade,
  -- one delivery per webhook and event, however often the event is reported (retried jobs)
  event_key text not null,
  event_type text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  last_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  unique (webhook_id, event_key)
);
create index webhook_deliveries_log on webhook_deliveries (webhook_id, created_at desc);
