import { participationOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../core/errors.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { nudgeMember } from '../../participation/nudges.ts';
import { conferenceParticipation } from '../../participation/participation.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

/** A conference's participation (hosts see everyone, members themselves) and hosts' one-click nudges. */
export async function participationRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const conferenceFor = async (id: string, userId: string) =>
    (await spacesRepo(s.db).conferenceForUser(id, userId)) ?? Promise.reject(notFound('conference'));

  app.route({
    ...routeOf(ops.getParticipation),
    handler: async (request) => {
      const user = requireUser(request);
      const conference = await conferenceFor(request.params.id, user.id);
      return { participation: await conferenceParticipation(s.db, conference, user) };
    },
  });

  app.route({
    ...routeOf(ops.nudgeMember),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const conference = await conferenceFor(request.params.id, user.id);
      const nudge = await nudgeMember(s, {
        conference,
        host: { id: user.id, name: user.name },
        userId: request.params.userId,
        message: request.body.message,
      });
      return reply.code(201).send({ nudge });
    },
  });
}
