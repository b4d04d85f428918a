import type { Queryable, Db } from '../db/db.ts';
import type { Embedder } from '../ai/ports.ts';
import type { Config } from '../config.ts';
import { labelsRepo, type LabelRow } from '../db/repos/labels.repo.ts';
import { currentEmbedding, sameModel } from './embedding-schema.ts';
import { reciprocalRankFusion } from './fusion.ts';
import { hardConstraints, plainWords } from './query-syntax.ts';
import { rareWords } from './term-frequency.ts';

export type SearchMode = 'hybrid' | 'vector' | 'text';

export interface SearchParams {
  q: string;
  /** Only statements in spaces this user is a member of are ever considered. */
  userId: string;
  space?: string;
  conference?: string;
  speaker?: string;
  /** A dialogue act or topic tag the statement carries. */
  label?: string;
  from?: Date;
  to?: Date;
  limit: number;
  mode: SearchMode;
}

export interface SearchHit {
  statementId: string;
  contributionId: string;
  conferenceId: string;
  spaceId: string;
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
  gist: string | null;
  snippet: string;
  labels: LabelRow[];
  score: number;
}

export interface SearchDeps {
  db: Db;
  embedder: Embedder;
  config: Config['search'];
}

/**
 * Hybrid search: pgvector kNN (HNSW, cosine) and PostgreSQL full text (websearch_to_tsquery,
 * ts_rank_cd) each give candidates from what the caller may see, fused by reciprocal rank fusion
 * with configured weights.
 */
export async function searchStatements(d: SearchDeps, p: SearchParams): Promise<SearchHit[]> {
  const q = p.q.trim();
  if (!q) return [];
  const [textIds, vectorIds] = await Promise.all([
    p.mode === 'vector' ? [] : textCandidates(d, p),
    p.mode === 'text' ? [] : vectorCandidates(d, p),
  ]);
  const fused = reciprocalRankFusion(
    [
      { ids: textIds, weight: d.config.textWeight },
      { ids: vectorIds, weight: d.config.vectorWeight },
    ],
    d.config.rrfK,
  ).slice(0, p.limit);
  return hydrate(d.db, fused, q);
}

/** The scope every candidate query shares: membership first, then the caller's filters. */
function scope(p: SearchParams, firstParam: number) {
  const params: unknown[] = [
    p.userId,
    p.space ?? null,
    p.conference ?? null,
    p.speaker ?? null,
    p.label ?? null,
    p.from ?? null,
    p.to ?? null,
  ];
  const n = (i: number) => `$${firstParam + i}`;
  const sql = `
    join contributions c on c.id = s.contribution_id
    join conferences f on f.id = c.conference_id
    join memberships m on m.space_id = f.space_id and m.user_id = ${n(0)}
   where (${n(1)}::uuid is null or f.space_id = ${n(1)})
     and (${n(2)}::uuid is null or f.id = ${n(2)})
     and (${n(3)}::text is null or lower(s.speaker) = lower(${n(3)}))
     and (${n(4)}::text is null or exists (select 1 from labels l where l.statement_id = s.id and l.value = ${n(4)} and not l.removed))
     and (${n(5)}::timestamptz is null or c.created_at >= ${n(5)})
     and (${n(6)}::timestamptz is null or c.created_at < ${n(6)})`;
  return { sql, params };
}

export async function textCandidates(d: SearchDeps, p: SearchParams): Promise<string[]> {
  // Any plain word may match (ranked by cover density); phrases and exclusions must hold.
  const constraints = hardConstraints(p.q);
  const words = plainWords(p.q);
  const anyWord = words.join(' or ') || constraints;
  if (!anyWord) return [];
  // Ranking every statement that shares one common word ("think", "meeting") with the query
  // costs a ts_rank_cd per row: thousands at 100k statements. So rows are matched on the query's
  // rare words only (all of its words together when it has none) and ranked on all of them.
  const rare = await rareWords(d.db, words, d.config.commonTermRows);
  const match = rare.length > 0 ? rare.join(' or ') : words.join(' ') || constraints;
  const s = scope(p, 6);
  const rows = await d.db.query<{ id: string }>(
    `select s.id from statements s ${s.sql}
       and s.tsv @@ websearch_to_tsquery('english', $5)
       and ($2 = '' or s.tsv @@ websearch_to_tsquery('english', $2))
     order by ts_rank_cd(s.tsv, websearch_to_tsquery('english', $1), $3) desc, s.id
     limit $4`,
    [anyWord, constraints, d.config.textNormalization, d.config.candidates, match, ...s.params],
  );
  return rows.map((r) => r.id);
}

export async function vectorCandidates(d: SearchDeps, p: SearchParams): Promise<string[]> {
  const stored = await currentEmbedding(d.db);
  if (!sameModel(stored, d.embedder)) return []; // mid-reindex or misconfigured: never mix models
  const [vector] = await d.embedder.embed([p.q]);
  const constraints = hardConstraints(p.q);
  const s = scope(p, 5);
  return d.db.tx(async (q: Queryable) => {
    // Iterative scans keep filling the top-k when the filters reject what the index offers first;
    // max_scan_tuples (40 × k) bounds that walk, so it gives up on scopes under ~2.5% of the rows.
    // enable_sort off makes the HNSW walk the plan: PGlite has no autovacuum, so the tables are
    // never analyzed, and without statistics the planner takes the scope for a handful of rows
    // and always sorts all of it exactly instead (bench/search: 0 of 200 plans used the index at
    // 100k statements, ~300 ms a query). The walk is the only plan that needs no sort.
    await q.query(
      `select set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true),
              set_config('hnsw.max_scan_tuples', (40 * $2::int)::text, true), set_config('enable_sort', 'off', true)`,
      [String(d.config.efSearch), d.config.candidates],
    );
    // If the walk gave up before filling the top-k (narrow filters), the scope is small or the
    // filters rare: rank it exactly. cosine_distance() is the same distance as <=>, but not an
    // ordering the index can serve, and that branch only runs when the walk came back short.
    const rows = await q.query<{ id: string }>(
      `with ann as materialized (
         select s.id, s.embedding <=> $1::vector as distance from statements s ${s.sql}
            and s.embedding_model = $2
            and ($3 = '' or s.tsv @@ websearch_to_tsquery('english', $3))
          order by s.embedding <=> $1::vector
          limit $4
       )
       select id from (
         select id, distance from ann where (select count(*) from ann) >= $4
         union all
         (select s.id, cosine_distance(s.embedding, $1::vector) as distance from statements s ${s.sql}
             and s.embedding_model = $2
             and ($3 = '' or s.tsv @@ websearch_to_tsquery('english', $3))
             and (select count(*) from ann) < $4
           order by 2
           limit $4)
       ) hits order by distance, id`,
      [`[${vector.join(',')}]`, d.embedder.model, constraints, d.config.candidates, ...s.params],
    );
    return rows.map((r) => r.id);
  });
}

async function hydrate(db: Queryable, fused: { id: string; score: number }[], q: string): Promise<SearchHit[]> {
  if (fused.length === 0) return [];
  const ids = fused.map((f) => f.id);
  const rows = await db.query<{
    id: string;
    contribution_id: string;
    conference_id: string;
    space_id: string;
    start_ms: number;
    end_ms: number;
    speaker: string | null;
    text: string;
    gist: string | null;
    snippet: string;
  }>(
    // The text is HTML-escaped before ts_headline adds its <mark> tags, so the snippet is safe to render.
    `select s.id, s.contribution_id, c.conference_id, f.space_id, s.start_ms, s.end_ms, s.speaker, s.text, s.gist,
            ts_headline('english', replace(replace(replace(s.text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                        websearch_to_tsquery('english', $2),
                        'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') as snippet
       from statements s join contributions c on c.id = s.contribution_id join conferences f on f.id = c.conference_id
      where s.id = any($1::uuid[])`,
    [ids, q],
  );
  const labels = await labelsRepo(db).forStatements(ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return fused.flatMap(({ id, score }) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        statementId: r.id,
        contributionId: r.contribution_id,
        conferenceId: r.conference_id,
        spaceId: r.space_id,
        startMs: r.start_ms,
        endMs: r.end_ms,
        speaker: r.speaker,
        text: r.text,
        gist: r.gist,
        snippet: r.snippet,
        labels: labels.filter((l) => l.statement_id === id),
        score,
      },
    ];
  });
}
