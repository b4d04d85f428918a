import type { Queryable, Db } from '../db/db.ts';
import { searchRepo, type SearchScope } from '../db/repos/search.repo.ts';
import type { Embedder } from '../ai/ports.ts';
import type { Config } from '../config.ts';
import { labelsRepo, type LabelRow } from '../db/repos/labels.repo.ts';
import { currentEmbedding, sameModel } from './embedding-schema.ts';
import { aboveFloor, boostSpeakers, fuse, spread, type Fused, type RankSettings, type Seat, type TextCandidate } from './fusion.ts';
import { namedSpeakers } from './named-speakers.ts';
import { hardConstraints, highlightQuery, plainWords } from './query-syntax.ts';
import { closestSentences } from './snippet.ts';
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

export interface SearchResult {
  hits: SearchHit[];
  /** Candidates above the relevance floor, of which `hits` are the first `limit`. */
  total: number;
}

export interface SearchDeps {
  db: Db;
  embedder: Embedder;
  config: Config['search'];
}

/** What both sides found for one query, before fusion: enough to rank it under any settings. */
export interface Candidates {
  text: TextCandidate[];
  /** Cosine similarity to the query of the vector candidates and of the text candidates. */
  similarity: Map<string, number>;
  /** Where each candidate sits (contribution, seq, speaker), to spread the results over a meeting. */
  seats: Map<string, Seat>;
  /** The candidates' speakers that the query names. */
  namedSpeakers: Set<string>;
  /** The query's embedding (for vector-only snippets); null when the vector side did not run. */
  queryVector: number[] | null;
}

/**
 * Hybrid search: BM25 full-text candidates (GIN-matched, scored from term statistics) and pgvector
 * kNN candidates (HNSW, cosine), from what the caller may see, fused by score (fusion.ts); results
 * below the relevance floor are dropped.
 */
export async function searchStatements(d: SearchDeps, p: SearchParams): Promise<SearchResult> {
  const q = p.q.trim();
  if (!q) return { hits: [], total: 0 };
  const candidates = await gatherCandidates(d, p);
  const ranked = rankCandidates(candidates, d.config, d.config.relevanceFloor);
  return { hits: await hydrate(d, ranked.slice(0, p.limit), q, candidates.queryVector), total: ranked.length };
}

export async function gatherCandidates(d: SearchDeps, p: SearchParams): Promise<Candidates> {
  const [text, vector] = await Promise.all([
    p.mode === 'vector' ? [] : textCandidates(d, p),
    p.mode === 'text' ? null : queryVectorAndNearest(d, p),
  ]);
  const similarity = new Map<string, number>();
  const seats = new Map<string, Seat>(text.map((t) => [t.id, { contributionId: t.contributionId, seq: t.seq, speaker: t.speaker }]));
  const named = () =>
    namedSpeakers(
      p.q,
      [...seats.values()].flatMap((s) => s.speaker ?? []),
    );
  if (!vector) return { text, similarity, seats, namedSpeakers: named(), queryVector: null };
  // Every candidate's similarity (the text candidates' too, so the fused score weighs both sides
  // for them) and seat, in one query.
  const ids = [...new Set([...text.map((t) => t.id), ...vector.nearest.map((n) => n.id)])];
  for (const r of await searchRepo(d.db).similarities(ids, { vector: vector.queryVector, model: d.embedder.model })) {
    similarity.set(r.id, Number(r.similarity));
    seats.set(r.id, { contributionId: r.contribution_id, seq: r.seq, speaker: r.speaker });
  }
  return { text, similarity, seats, namedSpeakers: named(), queryVector: vector.queryVector };
}

/** Fused, the named speakers' statements preferred, floored and spread, best first. */
export function rankCandidates(c: Candidates, settings: RankSettings, floor: number): Fused[] {
  const fused = boostSpeakers(fuse(c.text, c.similarity, settings), c.seats, c.namedSpeakers, settings.speakerBoost);
  return spread(aboveFloor(fused, floor), c.seats, settings.spread);
}

export async function textCandidates(d: SearchDeps, p: SearchParams): Promise<TextCandidate[]> {
  // Any plain word may match (ranked by BM25); phrases and exclusions must hold.
  const constraints = hardConstraints(p.q);
  const words = plainWords(p.q);
  if (words.length === 0 && !constraints) return [];
  // Scoring every statement that shares one common word ("think", "meeting") with the query
  // costs a row each: thousands at 100k statements. So rows are matched on the query's rare words
  // only (all of its words together when it has none) and scored on all of them.
  const rare = await rareWords(d.db, words, d.config.commonTermRows);
  const match = rare.length > 0 ? rare.join(' or ') : words.join(' ') || constraints;
  const rows = await searchRepo(d.db).textMatches(p, {
    words: [...words, ...phraseWords(constraints)].join(' '),
    constraints,
    match,
    k1: d.config.bm25.k1,
    b: d.config.bm25.b,
    limit: d.config.candidates,
  });
  return rows.map((r) => ({ id: r.id, contributionId: r.contribution_id, seq: r.seq, speaker: r.speaker, bm25: r.score }));
}

/** The words inside quoted phrases (they score like any other word). */
const phraseWords = (constraints: string) => (constraints.match(/"[^"]+"/g) ?? []).flatMap((ph) => plainWords(ph.slice(1, -1)));

/** hnsw.max_scan_tuples per wanted result (search.repo.ts nearestStatements). */
const WALK_TUPLES_PER_RESULT = 40;

/** The nearest statements by cosine distance, closest first. */
export async function vectorCandidates(d: SearchDeps, p: SearchParams): Promise<{ id: string; distance: number }[]> {
  return (await queryVectorAndNearest(d, p))?.nearest ?? [];
}

async function queryVectorAndNearest(d: SearchDeps, p: SearchParams) {
  const stored = await currentEmbedding(d.db);
  if (!sameModel(stored, d.embedder)) return null; // mid-reindex or misconfigured: never mix models
  const [queryVector] = await d.embedder.embed([p.q]);
  const constraints = hardConstraints(p.q);
  // A speaker with fewer statements than the walk may visit is ranked exactly, walk skipped.
  const cap = WALK_TUPLES_PER_RESULT * d.config.candidates;
  if (p.speaker && (await searchRepo(d.db).speakerStatements(p.speaker, cap + 1)) <= cap) {
    const nearest = await searchRepo(d.db).nearestExactly(p, {
      vector: queryVector,
      model: d.embedder.model,
      constraints,
      limit: d.config.candidates,
    });
    return { queryVector, nearest };
  }
  const nearest = await d.db.tx((q) =>
    searchRepo(q).nearestStatements(p, {
      vector: queryVector,
      model: d.embedder.model,
      constraints,
      efSearch: d.config.efSearch,
      limit: d.config.candidates,
    }),
  );
  return { queryVector, nearest };
}

async function hydrate(d: SearchDeps, ranked: Fused[], q: string, queryVector: number[] | null): Promise<SearchHit[]> {
  if (ranked.length === 0) return [];
  const ids = ranked.map((f) => f.id);
  const db: Queryable = d.db;
  const rows = await searchRepo(db).hits(ids, highlightQuery(q));
  const labels = await labelsRepo(db).forStatements(ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A hit the vector side alone found holds none of the query's words: show its closest sentence.
  const vectorOnly = ranked.filter((f) => !f.textMatch && byId.has(f.id) && !byId.get(f.id)!.snippet.includes('<mark>'));
  if (queryVector && vectorOnly.length > 0) {
    const texts = vectorOnly.map((f) => byId.get(f.id)!.text);
    const snippets = await closestSentences(texts, queryVector, (t) => d.embedder.embed(t));
    for (const [i, f] of vectorOnly.entries()) byId.get(f.id)!.snippet = snippets[i];
  }
  return ranked.flatMap(({ id, score }) => {
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
