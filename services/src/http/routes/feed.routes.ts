import type { FastifyInstance } from 'fastify';
import { notFound } from '../../core/errors.ts';
import { labelsRepo } from '../../db/repos/labels.repo.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { conferenceFeed, type FeedSort } from '../../engagement/feed.ts';
import { requireUser } from '../auth.ts';
import { errorResponses, idParams, reactionCountsSchema, statementSchema } from '../schemas.ts';
import { statementView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';

const feedItemSchema = {
  type: 'object',
  properties: {
    statement: statementSchema,
    reactions: reactionCountsSchema,
    seen: { type: 'boolean', description: 'you saw it (watched most of it or its contribution, or wrote it)' },
    score: { type: 'number', description: '(wRel·relevance + wReact·reactions) / (wRel + wReact) × recency' },
    parts: {
      type: 'object',
      properties: {
        relevance: { type: 'number', description: '0..1, to q or to your interests' },
        reactions: { type: 'number', description: '0..1, confidence-bounded weighted share of viewers who reacted' },
        recency: { type: 'number', description: '0..1, halves every RANK_HALF_LIFE_DAYS' },
      },
    },
  },
} as const;

type FeedQuery = { sort?: FeedSort; q?: string; limit?: number; unseen?: boolean };

export async function feedRoutes(app: FastifyInstance, s: Services) {
  app.get<{ Params: { id: string }; Querystring: FeedQuery }>(
    '/api/conferences/:id/feed',
    {
      schema: {
        tags: ['feed'],
        summary: "A conference's statements for you: ranked (relevance × reactions × recency, diversified) or most recent first",
        description:
          'sort=ranked: relevance to q (vector similarity and full text) or, without q, to your expertise profile in the ' +
          'space plus a bonus for topic tags you follow (neutral without a profile); blended with confidence-bounded ' +
          'reaction strength, times recency decay; then maximal marginal relevance so near-duplicates and one long ' +
          'contribution do not fill the page. sort=recent: newest contributions first, statements in spoken order. ' +
          'unseen=true lists only statements you have not seen.',
        params: idParams,
        querystring: {
          type: 'object',
          properties: {
            sort: { type: 'string', enum: ['ranked', 'recent'], default: 'ranked' },
            q: { type: 'string', maxLength: 500 },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            unseen: { type: 'boolean', default: false },
          },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: feedItemSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const conference = await spacesRepo(s.db).conferenceForUser(request.params.id, user.id);
      if (!conference) throw notFound('conference'); // outsiders learn nothing, not even that it exists
      const { sort = 'ranked', q, limit = 20, unseen = false } = request.query;
      const entries = await conferenceFeed(
        { db: s.db, embedder: s.ai.embedder, ranking: s.config.ranking },
        { conferenceId: conference.id, spaceId: conference.space_id, userId: user.id, sort, q, limit, unseenOnly: unseen },
      );
      const labels = await labelsRepo(s.db).forStatements(entries.map((e) => e.id));
      return {
        items: entries.map((e) => ({
          statement: statementView(e.statement, labels),
          reactions: e.reactions,
          seen: e.seen,
          score: e.score,
          parts: e.parts,
        })),
      };
    },
  );
}
