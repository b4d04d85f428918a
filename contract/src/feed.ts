import { z } from 'zod';
import { Text } from './text.ts';
import { IdParams } from './common.ts';
import { ReactionCounts, Statement } from './contributions.ts';
import { defineOperations } from './operation.ts';

export const FeedItem = z.object({
  statement: Statement,
  reactions: ReactionCounts,
  seen: z.boolean().describe('you saw it (watched most of it or its contribution, or wrote it)'),
  score: z.number().describe('(wRel·relevance + wReact·reactions) / (wRel + wReact) × recency'),
  parts: z.object({
    relevance: z.number().describe('0..1, to q or to your interests'),
    reactions: z.number().describe('0..1, confidence-bounded weighted share of viewers who reacted'),
    recency: z.number().describe('0..1, halves every RANK_HALF_LIFE_DAYS'),
  }),
});
export type FeedItem = z.infer<typeof FeedItem>;

export const FeedSort = z.enum(['ranked', 'recent']);
export type FeedSort = z.infer<typeof FeedSort>;

export const FeedQuery = z.object({
  sort: FeedSort.default('ranked'),
  q: Text(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  unseen: z.stringbool().default(false),
});
export type FeedQuery = z.input<typeof FeedQuery>;

export const feedOperations = defineOperations({
  getFeed: {
    method: 'GET',
    url: '/api/conferences/:id/feed',
    tags: ['feed'],
    summary: "A conference's statements for you: ranked (relevance × reactions × recency, diversified) or most recent first",
    description:
      'sort=ranked: relevance to q (vector similarity and full text) or, without q, to your expertise profile in the ' +
      'space plus a bonus for topic tags you follow (neutral without a profile); blended with confidence-bounded ' +
      'reaction strength, times recency decay; then maximal marginal relevance so near-duplicates and one long ' +
      'contribution do not fill the page. sort=recent: newest contributions first, statements in spoken order. ' +
      'unseen=true lists only statements you have not seen.',
    params: IdParams,
    querystring: FeedQuery,
    response: { 200: z.object({ items: z.array(FeedItem) }) },
  },
});
