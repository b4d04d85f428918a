import { feedOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../core/errors.ts';
import { labelsRepo } from '../../db/repos/labels.repo.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { conferenceFeed } from '../../engagement/feed.ts';
import { statementView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

export async function feedRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.route({
    ...routeOf(ops.getFeed),
    handler: async (request) => {
      const user = requireUser(request);
      const conference = await spacesRepo(s.db).conferenceForUser(request.params.id, user.id);
      if (!conference) throw notFound('conference'); // outsiders learn nothing, not even that it exists
      const { sort, q, limit, unseen } = request.query;
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
  });
}
