import { directoryOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { forbidden, notFound } from '../../core/errors.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { personView } from '../../json/rows.ts';
import { peopleRepo } from '../../db/repos/people.repo.ts';
import { embedPeople } from '../../people/directory.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

/** Hosts and owners manage the directory; members may read it (to forward to someone in it). */
const canEdit = (role: string) => role === 'owner' || role === 'host';

export async function directoryRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const spaceFor = async (spaceId: string, userId: string) =>
    (await spacesRepo(s.db).getForUser(spaceId, userId)) ?? Promise.reject(notFound('space'));
  const personFor = async (id: string, userId: string) =>
    (await peopleRepo(s.db).forUser(id, userId)) ?? Promise.reject(notFound('person'));

  app.route({
    ...routeOf(ops.listPeople),
    handler: async (request) => {
      const space = await spaceFor(request.params.id, requireUser(request).id);
      return { people: (await peopleRepo(s.db).list(space.id)).map(personView) };
    },
  });

  app.route({
    ...routeOf(ops.addPerson),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      if (!canEdit(space.role)) throw forbidden('only owners and hosts can edit the directory');
      const person = await peopleRepo(s.db).create(space.id, request.body, user.id);
      await embedPeople(s.db, s.ai.embedder, [person]);
      return reply.status(201).send({ person: personView(person) });
    },
  });

  app.route({
    ...routeOf(ops.updatePerson),
    handler: async (request) => {
      const user = requireUser(request);
      const existing = await personFor(request.params.id, user.id);
      if (!canEdit(existing.role)) throw forbidden('only owners and hosts can edit the directory');
      const person = await peopleRepo(s.db).update(existing.id, request.body);
      if (request.body.bio !== undefined || request.body.tags !== undefined) await embedPeople(s.db, s.ai.embedder, [person]);
      return { person: personView(person) };
    },
  });

  app.route({
    ...routeOf(ops.removePerson),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const existing = await personFor(request.params.id, user.id);
      if (!canEdit(existing.role)) throw forbidden('only owners and hosts can edit the directory');
      await peopleRepo(s.db).remove(existing.id);
      return reply.status(204).send(null);
    },
  });
}
