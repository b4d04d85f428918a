import type { Queryable, Db } from '../db/db.ts';
import { searchRepo, type SearchScope } from '../db/repos/search.repo.ts';
import type { Embedder } from '../ai/ports.ts';
import type { Config } from '../config.ts';
import { labelsRepo, type LabelRow } from '../db/repos/labels.repo.ts';
import { currentEmbedding, sameModel } from './embedding-schema.ts';
import { reciprocalRankFusion } from './fusion.ts';
import { hardConstraints, plainWords } from './query-syntax.ts';
import { rareWords } from './term-frequency.ts';

export type SearchMode = 'hybrid' | 'vector' | 'text';

/** A query and how many hits, over the scope the caller may see. */
export interface SearchParams extends SearchScope {
  q: string;
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
  return searchRepo(d.db).textMatches(p, {
    anyWord,
    constraints,
    match,
    normalization: d.config.textNormalization,
    limit: d.config.candidates,
  });
}

export async function vectorCandidates(d: SearchDeps, p: SearchParams): Promise<string[]> {
  const stored = await currentEmbedding(d.db);
  if (!sameModel(stored, d.embedder)) return []; // mid-reindex or misconfigured: never mix models
  const [vector] = await d.embedder.embed([p.q]);
  const constraints = hardConstraints(p.q);
  return d.db.tx((q) =>
    searchRepo(q).nearestStatements(p, {
      vector,
      model: d.embedder.model,
      constraints,
      efSearch: d.config.efSearch,
      limit: d.config.candidates,
    }),
  );
}

async function hydrate(db: Queryable, fused: { id: string; score: number }[], q: string): Promise<SearchHit[]> {
  if (fused.length === 0) return [];
  const ids = fused.map((f) => f.id);
  const rows = await searchRepo(db).hits(ids, q);
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
