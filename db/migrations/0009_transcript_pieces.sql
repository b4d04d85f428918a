-- Colloquy schema, part 9: recognition in pieces, and workers that show they are alive.
-- A finished piece of a recording's recognition, kept until the transcribe stage finishes, so a
-- restarted or killed worker's next attempt recognises only the pieces that are left. In the
-- database rather than beside the media: every worker sees it whatever the media store, and it
-- goes with its contribution (cascade) and with the transaction that stores it.
create table transcript_pieces (
  contribution_id uuid not null references contributions (id) on delete cascade,
  seq integer not null,
  start_ms integer not null,
  end_ms integer not null,
  -- provider:model of the recogniser: a checkpoint of another recogniser is not reused
  recognised_by text not null,
  segments jsonb not null,
  elapsed_ms integer not null,
  created_at timestamptz not null default now(),
  primary key (contribution_id, seq)
);

-- The running stage's heartbeat (every few seconds while it works): a job whose heartbeat stops
-- for JOB_STALL_MINUTES is handed to another worker. And the transcription's estimate of the
-- time left, from the speed measured in the current attempt.
alter table contributions add column heartbeat_at timestamptz;
alter table contributions add column eta_seconds integer;
