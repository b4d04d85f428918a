/**
 * Where the live meeting discussed an agenda item: the hybrid search (search/search.ts) over the
 * imported meeting's statements alone, with the item's title and cited statements as the query.
 * A hit counts only when it shares the query's words (the full-text side found it) and is close
 * enough in meaning: fused scores are relative to the best hit, so they cannot say "not discussed".
 */
import { gatherCandidates, rankCandidates } from '../search/search.ts';
import type { Services } from '../services.ts';

/** Statements of the meeting an item links to at most. */
const MAX_LINKS = 3;
/** Cosine similarity (statement to query) below which a statement is not about the item. */
export const DISCUSSED_COSINE = 0.3;

export async function discussedIn(
  s: Pick<Services, 'config' | 'db' | 'ai'>,
  p: { userId: string; conferenceId: string; contributionId: string; query: string },
): Promise<string[]> {
  const deps = { db: s.db, embedder: s.ai.embedder, config: s.config.search };
  const candidates = await gatherCandidates(deps, {
    q: p.query,
    userId: p.userId,
    conference: p.conferenceId,
    contribution: p.contributionId,
    limit: MAX_LINKS,
    mode: 'hybrid',
  });
  const ranked = rankCandidates(candidates, s.config.search, s.config.search.relevanceFloor);
  return ranked
    .filter((r) => r.textMatch && (candidates.similarity.get(r.id) ?? 0) >= DISCUSSED_COSINE)
    .slice(0, MAX_LINKS)
    .map((r) => r.id);
}
