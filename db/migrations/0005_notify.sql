-- Colloquy schema, part 5: notification fan-out and mail delivery bookkeeping.

-- A ready contribution is fanned out to its readers once: the fan-out and this row commit together,
-- so a retried or duplicated 'notify' job finds the row and does nothing.
create table notification_fanouts (
  contribution_id uuid primary key references contributions (id) on delete cascade,
  done_at timestamptz not null default now()
);

-- Delivery of an outbox row is claimed for a short lease, so a queued job and the periodic sweep
-- never send the same email twice; last_attempt_at spaces out the sweep's retries.
alter table outbox add column claimed_until timestamptz;
alter table outbox add column last_attempt_at timestamptz;

create index notifications_unread on notifications (user_id) where read_at is null;

-- A notification whose kind the user wants by email: 'pending' until the worker has rendered it
-- into the outbox ('queued'). Kept on the row so an email is never lost between the two steps.
alter table notifications add column email_status text check (email_status in ('pending', 'queued'));
alter table notifications add column email_outbox_id uuid references outbox (id) on delete set null;
create index notifications_email_pending on notifications (created_at) where email_status = 'pending';
