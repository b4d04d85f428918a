import type { FastifyInstance } from 'fastify';
import { forbidden, notFound } from '../../core/errors.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { embedPeople, peopleRepo, type PersonInput, type PersonRow } from '../../people/directory.ts';
import { requireUser } from '../auth.ts';
import { errorResponses, idParams } from '../schemas.ts';
import type { Services } from '../../services.ts';

type Id = { id: string };

export const personSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    spaceId: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    email: { type: 'string' },
    bio: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

export const personView = (p: PersonRow) => ({
  id: p.id,
  spaceId: p.space_id,
  name: p.name,
  email: p.email,
  bio: p.bio,
  tags: p.tags,
  createdAt: p.created_at,
  updatedAt: p.updated_at,
});

const fields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  email: { type: 'string', format: 'email', maxLength: 254 },
  bio: { type: 'string', maxLength: 5000 },
  tags: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 60 }, maxItems: 30 },
} as const;

const personResponse = { type: 'object', properties: { person: personSchema } } as const;

/** Hosts and owners manage the directory; members may read it (to forward to someone in it). */
const canEdit = (role: string) => role === 'owner' || role === 'host';

export async function directoryRoutes(app: FastifyInstance, s: Services) {
  const spaceFor = async (spaceId: string, userId: string) =>
    (await spacesRepo(s.db).getForUser(spaceId, userId)) ?? Promise.reject(notFound('space'));
  const personFor = async (id: string, userId: string) =>
    (await peopleRepo(s.db).forUser(id, userId)) ?? Promise.reject(notFound('person'));

  app.get<{ Params: Id }>(
    '/api/spaces/:id/people',
    {
      schema: {
        tags: ['directory'],
        summary: "The space's directory of outside experts (any member may read it)",
        params: idParams,
        response: { 200: { type: 'object', properties: { people: { type: 'array', items: personSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const space = await spaceFor(request.params.id, requireUser(request).id);
      return { people: (await peopleRepo(s.db).list(space.id)).map(personView) };
    },
  );

  app.post<{ Params: Id; Body: PersonInput }>(
    '/api/spaces/:id/people',
    {
      schema: {
        tags: ['directory'],
        summary: 'Add an outside expert to the directory (owners and hosts); bio and tags make their profile for suggestions',
        params: idParams,
        body: { type: 'object', required: ['name', 'email'], additionalProperties: false, properties: fields },
        response: { 201: personResponse, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      if (!canEdit(space.role)) throw forbidden('only owners and hosts can edit the directory');
      const person = await peopleRepo(s.db).create(space.id, request.body, user.id);
      await embedPeople(s.db, s.ai.embedder, [person]);
      return reply.status(201).send({ person: personView(person) });
    },
  );

  app.patch<{ Params: Id; Body: Partial<PersonInput> }>(
    '/api/people/:id',
    {
      schema: {
        tags: ['directory'],
        summary: 'Edit an expert in the directory (owners and hosts); a new bio or tags re-embeds their profile',
        params: idParams,
        body: { type: 'object', minProperties: 1, additionalProperties: false, properties: fields },
        response: { 200: personResponse, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const existing = await personFor(request.params.id, user.id);
      if (!canEdit(existing.role)) throw forbidden('only owners and hosts can edit the directory');
      const person = await peopleRepo(s.db).update(existing.id, request.body);
      if (request.body.bio !== undefined || request.body.tags !== undefined) await embedPeople(s.db, s.ai.embedder, [person]);
      return { person: personView(person) };
    },
  );

  app.delete<{ Params: Id }>(
    '/api/people/:id',
    {
      schema: {
        tags: ['directory'],
        summary: 'Remove an expert from the directory (owners and hosts); their open links stop working, their replies stay',
        params: idParams,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const existing = await personFor(request.params.id, user.id);
      if (!canEdit(existing.role)) throw forbidden('only owners and hosts can edit the directory');
      await peopleRepo(s.db).remove(existing.id);
      return reply.status(204).send();
    },
  );
}
