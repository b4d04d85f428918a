-- Rate-limit counters shared by every API process on this database (sign-in, sign-up, expert
-- replies): one row per hashed key and fixed window. Old windows are deleted by the limiter.
create table rate_limit_hits (
  key_hash text not null,
  window_start timestamptz not null,
  hits integer not null default 1,
  primary key (key_hash, window_start)
);
create index rate_limit_hits_window_idx on rate_limit_hits (window_start);
