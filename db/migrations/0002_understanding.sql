-- Colloquy schema, part 2: what the pipeline learns about statements (DESIGN.md steps 5–8).

-- Vectors. The column has no fixed dimension here: the deployment's embedder decides it, and
-- `colloquy reindex` resizes it (services/src/search/embedding-schema.ts) and builds the HNSW index.
alter table statements add column embedding vector;
alter table statements add column embedding_model text;
alter table statements add column gist_source text;
alter table contributions add column embedding vector;
alter table contributions add column embedding_model text;

-- Settings the deployment has committed to (the embedding model and its dimension).
create table ai_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- Dialogue acts and topic tags. AI rows are replaced when a statement is labelled again; user rows
-- never are, and a user's removal of a label is kept as a tombstone so the AI does not re-add it.
create table labels (
  id bigint generated always as identity primary key,
  statement_id uuid not null references statements (id) on delete cascade,
  kind text not null check (kind in ('act', 'topic')),
  value text not null,
  source text not null check (source in ('ai', 'user')),
  confidence real,
  removed boolean not null default false,
  provider text,
  model text,
  prompt_version text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (statement_id, kind, value)
);
create index labels_value on labels (kind, value) where not removed;

-- Title, 2–4 cited sentences and chapters of a contribution; every sentence keeps its statement ids.
create table contribution_summaries (
  contribution_id uuid primary key references contributions (id) on delete cascade,
  title text not null,
  sentences jsonb not null,
  chapters jsonb not null,
  provider text not null,
  model text not null,
  prompt_version text not null,
  created_at timestamptz not null default now()
);

-- What each member is known for within a space: the mean of their statements' vectors and their
-- most frequent topics. Scoped per space so expertise never leaks across spaces.
create table expertise_profiles (
  space_id uuid not null references spaces (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  embedding vector,
  embedding_model text,
  tags text[] not null default '{}',
  statement_count integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (space_id, user_id)
);
