import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import type { Embedder } from '../ai/ports.ts';
import type { StatementRow } from '../db/repos/contributions.repo.ts';
import { feedRepo, type FeedCandidateRow } from '../db/repos/feed.repo.ts';
import type { ReactionCounts } from '../db/repos/reactions.repo.ts';
import { currentEmbedding, sameModel } from '../search/embedding-schema.ts';
import { rankStatements, scoreItem, type Ranked, type RankItem } from './ranking.ts';

/**
 * A conference's statements for one reader, ranked (relevance × reactions × recency, diversified)
 * or most recent first. Relevance is to the query `q` when given, otherwise to the reader's
 * interests: their expertise profile in the space and the topic tags they follow.
 */

/** Relevance when nothing is known about the reader (or the statement has no vector yet). */
export const NEUTRAL_RELEVANCE = 0.5;
/** Added for a statement carrying a topic tag the reader follows (relevance is capped at 1). */
export const FOLLOWED_TAG_BONUS = 0.5;

export type FeedSort = 'ranked' | 'recent';

export interface FeedParams {
  conferenceId: string;
  spaceId: string;
  userId: string;
  sort: FeedSort;
  q?: string;
  limit: number;
  unseenOnly: boolean;
  now?: Date;
}

export interface FeedEntry extends Ranked {
  statement: StatementRow;
  reactions: ReactionCounts;
  seen: boolean;
}

export interface FeedDeps {
  db: Db;
  embedder: Embedder;
  ranking: Config['ranking'];
}

/** MMR only looks at the best-scored few; scoring the rest needs no vectors. */
const poolSize = (limit: number) => Math.max(limit * 5, 100);

export async function conferenceFeed(d: FeedDeps, p: FeedParams): Promise<FeedEntry[]> {
  const repo = feedRepo(d.db);
  const now = p.now ?? new Date();
  const q = p.q?.trim() || null;
  const model = sameModel(await currentEmbedding(d.db), d.embedder) ? d.embedder.model : null; // never compare across models
  let vector: number[] | string | null = null;
  if (model && q) [vector] = await d.embedder.embed([q]);
  else if (model) vector = await repo.profileVector(p.spaceId, p.userId, model);
  const literal = Array.isArray(vector) ? `[${vector.join(',')}]` : vector;

  const rows = await repo.candidates({
    conferenceId: p.conferenceId,
    spaceId: p.spaceId,
    userId: p.userId,
    model,
    vector: literal,
    query: q,
    unseenOnly: p.unseenOnly,
  });
  const relevance = q ? queryRelevance(rows) : interestRelevance(rows, p.userId, literal !== null);
  const items = rows.map((r, i) => ({
    id: r.id,
    contributionId: r.contribution_id,
    createdAt: new Date(r.created_at),
    relevance: relevance[i],
    reactions: r.reactions,
    viewers: r.viewers,
    embedding: null as number[] | null,
  }));
  const opts = { now, ranking: d.ranking, limit: p.limit };

  let page: Ranked[];
  if (p.sort === 'recent') {
    const seqOf = new Map(rows.map((r) => [r.id, r.seq]));
    page = items
      .sort(
        (a, b) =>
          b.createdAt.getTime() - a.createdAt.getTime() ||
          a.contributionId.localeCompare(b.contributionId) ||
          seqOf.get(a.id)! - seqOf.get(b.id)!,
      )
      .slice(0, p.limit)
      .map((item) => scoreItem(item, opts));
  } else {
    const pool: RankItem[] = items
      .map((item) => ({ item, score: scoreItem(item, opts).score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, poolSize(p.limit))
      .map((x) => x.item);
    if (model) {
      const vectors = await repo.embeddings(
        pool.map((x) => x.id),
        model,
      );
      for (const x of pool) x.embedding = vectors.get(x.id) ?? null;
    }
    page = rankStatements(pool, opts);
  }

  const byId = new Map(rows.map((r) => [r.id, r]));
  const statements = new Map((await repo.statements(page.map((x) => x.id))).map((s) => [s.id, s]));
  return page.flatMap((ranked) => {
    const statement = statements.get(ranked.id);
    if (!statement) return []; // re-segmented away meanwhile
    const row = byId.get(ranked.id)!;
    return [{ ...ranked, statement, reactions: row.reactions, seen: row.seen }];
  });
}

const positive = (x: number | null) => (x !== null && Number.isFinite(x) && x > 0 ? x : 0);
/** Math.max(...values) without spreading: a conference can have more statements than a call has arguments. */
const maxOf = (values: number[]) => values.reduce((m, v) => Math.max(v, m), 0);

/** Scales values so the largest is 1 (all zero stays zero): relevance means "as relevant as the best here". */
function scaleToMax(values: number[]): number[] {
  const top = maxOf(values);
  return top > 0 ? values.map((v) => v / top) : values.map(() => 0);
}

/** With a query: the mean of vector similarity and full-text rank, each scaled to the best candidate. */
export function queryRelevance(rows: Pick<FeedCandidateRow, 'vector_sim' | 'text_rank'>[]): number[] {
  const hasVectors = rows.some((r) => r.vector_sim !== null);
  const text = scaleToMax(rows.map((r) => positive(r.text_rank)));
  if (!hasVectors) return text;
  const vec = scaleToMax(rows.map((r) => positive(r.vector_sim)));
  return rows.map((_, i) => (vec[i] + text[i]) / 2);
}

/**
 * Without a query: similarity to the reader's profile scaled to the best candidate, or neutral
 * when there is no profile or no vector; a followed tag adds a bonus. The reader's own statements
 * get the neutral value: they always match their author's profile best.
 */
export function interestRelevance(
  rows: Pick<FeedCandidateRow, 'vector_sim' | 'author_id' | 'followed_tag'>[],
  userId: string,
  hasProfile: boolean,
): number[] {
  const usable = (r: (typeof rows)[number]) => hasProfile && r.vector_sim !== null && r.author_id !== userId;
  const top = maxOf(rows.filter(usable).map((r) => positive(r.vector_sim)));
  return rows.map((r) => {
    const base = usable(r) && top > 0 ? positive(r.vector_sim) / top : NEUTRAL_RELEVANCE;
    return Math.min(1, base + (r.followed_tag ? FOLLOWED_TAG_BONUS : 0));
  });
}
