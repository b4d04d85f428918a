import type { FastifyInstance } from 'fastify';
import { forbidden, notFound } from '../../core/errors.ts';
import { spacesRepo, type Role } from '../../db/repos/spaces.repo.ts';
import { requireUser } from '../auth.ts';
import { conferenceSchema, errorResponses, idParams, memberSchema, spaceSchema } from '../schemas.ts';
import { conferenceView, memberView, spaceView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';

type Id = { id: string };

export async function spacesRoutes(app: FastifyInstance, s: Services) {
  const spaces = spacesRepo(s.db);

  /** The caller's membership of a space; outsiders get 404 so a space's existence is not revealed. */
  const spaceFor = async (spaceId: string, userId: string) =>
    (await spaces.getForUser(spaceId, userId)) ?? Promise.reject(notFound('space'));

  app.post<{ Body: { name: string } }>(
    '/api/spaces',
    {
      schema: {
        tags: ['spaces'],
        summary: 'Create a space (a team or project); you become its owner',
        body: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 } } },
        response: { 201: { type: 'object', properties: { space: spaceSchema } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const space = await s.db.tx((q) => spacesRepo(q).create(request.body.name.trim(), user.id));
      return reply.status(201).send({ space: spaceView(space) });
    },
  );

  app.get(
    '/api/spaces',
    {
      schema: {
        tags: ['spaces'],
        summary: 'Spaces you are a member of',
        response: { 200: { type: 'object', properties: { spaces: { type: 'array', items: spaceSchema } } }, ...errorResponses },
      },
    },
    async (request) => ({ spaces: (await spaces.listForUser(requireUser(request).id)).map(spaceView) }),
  );

  app.get<{ Params: Id }>(
    '/api/spaces/:id',
    {
      schema: {
        tags: ['spaces'],
        summary: 'A space with its members',
        params: idParams,
        response: {
          200: { type: 'object', properties: { space: spaceSchema, members: { type: 'array', items: memberSchema } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const space = await spaceFor(request.params.id, requireUser(request).id);
      return { space: spaceView(space), members: (await spaces.members(space.id)).map(memberView) };
    },
  );

  app.post<{ Params: Id; Body: { email: string; role: Role } }>(
    '/api/spaces/:id/members',
    {
      schema: {
        tags: ['spaces'],
        summary: 'Add a member by email with a role (owners and hosts); unknown emails become invites',
        params: idParams,
        body: {
          type: 'object',
          required: ['email'],
          properties: {
            email: { type: 'string', format: 'email', maxLength: 254 },
            role: { type: 'string', enum: ['owner', 'host', 'member'], default: 'member' },
          },
        },
        response: { 201: { type: 'object', properties: { member: memberSchema } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      const { email, role } = request.body;
      if (space.role === 'member') throw forbidden('only owners and hosts can add members');
      if (role === 'owner' && space.role !== 'owner') throw forbidden('only owners can make someone an owner');
      const member = await s.db.tx(async (q) => {
        const repo = spacesRepo(q);
        const added = await repo.addMember(space.id, email, role, user.id);
        if ((await repo.countOwners(space.id)) === 0) throw forbidden('a space needs at least one owner');
        return added;
      });
      return reply.status(201).send({ member: memberView(member) });
    },
  );

  app.post<{ Params: Id; Body: { title: string; description?: string; kind?: string } }>(
    '/api/spaces/:id/conferences',
    {
      schema: {
        tags: ['conferences'],
        summary: 'Create a conference in a space (owners and hosts)',
        params: idParams,
        body: {
          type: 'object',
          required: ['title'],
          properties: {
            title: { type: 'string', minLength: 1, maxLength: 300 },
            description: { type: 'string', maxLength: 10000, default: '' },
            kind: { type: 'string', enum: ['discussion', 'interview', 'meeting-import'], default: 'discussion' },
          },
        },
        response: { 201: { type: 'object', properties: { conference: conferenceSchema } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      if (space.role === 'member') throw forbidden('only owners and hosts can create conferences');
      const { title, description = '', kind = 'discussion' } = request.body;
      const conference = await spaces.createConference({ spaceId: space.id, title: title.trim(), description, kind, createdBy: user.id });
      return reply.status(201).send({ conference: conferenceView(conference!) });
    },
  );

  app.get<{ Params: Id }>(
    '/api/spaces/:id/conferences',
    {
      schema: {
        tags: ['conferences'],
        summary: "A space's conferences, newest first",
        params: idParams,
        response: { 200: { type: 'object', properties: { conferences: { type: 'array', items: conferenceSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      return { conferences: (await spaces.conferencesForUser(space.id, user.id)).map(conferenceView) };
    },
  );
}
