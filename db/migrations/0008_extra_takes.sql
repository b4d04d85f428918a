-- Colloquy schema, part 8: takes a host grants a candidate beyond 1 + retakes, e.g. when a
-- recording was lost (the browser crashed, the tab closed before "Keep") and the question can no
-- longer be answered. A question allows 1 + retakes + granted takes. The takes already counted
-- stay as they are: granting adds to the allowance, it never deletes history.
create table extra_takes (
  invitation_id uuid not null references invitations (id) on delete cascade,
  question_id uuid not null references questions (id) on delete cascade,
  granted integer not null default 0 check (granted >= 0),
  -- the host who granted the latest one
  granted_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (invitation_id, question_id)
);
