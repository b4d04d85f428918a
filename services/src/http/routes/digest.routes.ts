import { digestsOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../core/errors.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { buildDigest, buildSpaceDigest } from '../../digest/digest.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

export async function digestRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const spaces = spacesRepo(s.db);

  app.route({
    ...routeOf(ops.getConferenceDigest),
    handler: async (request) => {
      const user = requireUser(request);
      if (!(await spaces.conferenceForUser(request.params.id, user.id))) throw notFound('conference');
      const since = request.query.since ? new Date(request.query.since) : undefined;
      return { digest: await buildDigest(s, { userId: user.id, conferenceId: request.params.id, since }) };
    },
  });

  app.route({
    ...routeOf(ops.getSpaceDigest),
    handler: async (request) => {
      const user = requireUser(request);
      if (!(await spaces.getForUser(request.params.id, user.id))) throw notFound('space');
      const since = request.query.since ? new Date(request.query.since) : undefined;
      return { digest: await buildSpaceDigest(s, { userId: user.id, spaceId: request.params.id, since }) };
    },
  });
}
