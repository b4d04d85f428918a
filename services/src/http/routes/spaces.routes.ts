import { spacesOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { forbidden, notFound } from '../../core/errors.ts';
import { followsRepo } from '../../db/repos/follows.repo.ts';
import { enqueueEmail } from '../../notify/outbox.ts';
import { renderSpaceInviteEmail } from '../../notify/space-invite-email.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { conferenceView, memberView, spaceView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

export async function spacesRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const spaces = spacesRepo(s.db);

  /** The caller's membership of a space; outsiders get 404 so a space's existence is not revealed. */
  const spaceFor = async (spaceId: string, userId: string) =>
    (await spaces.getForUser(spaceId, userId)) ?? Promise.reject(notFound('space'));

  app.route({
    ...routeOf(ops.createSpace),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const space = await s.db.tx((q) => spacesRepo(q).create(request.body.name.trim(), user.id));
      return reply.status(201).send({ space: spaceView(space) });
    },
  });

  app.route({
    ...routeOf(ops.listSpaces),
    handler: async (request) => ({ spaces: (await spaces.listForUser(requireUser(request).id)).map(spaceView) }),
  });

  app.route({
    ...routeOf(ops.getSpace),
    handler: async (request) => {
      const space = await spaceFor(request.params.id, requireUser(request).id);
      return { space: spaceView(space), members: (await spaces.members(space.id)).map(memberView) };
    },
  });

  app.route({
    ...routeOf(ops.addMember),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      const { email, role } = request.body;
      if (space.role === 'member') throw forbidden('only owners and hosts can add members');
      if (role === 'owner' && space.role !== 'owner') throw forbidden('only owners can make someone an owner');
      const member = await s.db.tx(async (q) => {
        const repo = spacesRepo(q);
        const before = await repo.roleByEmail(space.id, email);
        if (before === 'owner' && space.role !== 'owner') throw forbidden("only owners can change an owner's role");
        const added = await repo.addMember(space.id, email, role, user.id);
        if ((await repo.countOwners(space.id)) === 0) throw forbidden('a space needs at least one owner');
        // Someone with no account hears about it by email (once per invite, not per role change).
        if (added.pending && before === null) {
          const mail = renderSpaceInviteEmail(
            { email: added.email, spaceId: space.id, spaceName: space.name, inviterName: user.name, role },
            s.publicBase.url,
          );
          await enqueueEmail(q, s.queue, { to: added.email, kind: 'space-invite', ...mail });
        }
        return added;
      });
      if (member.pending) s.queue.wakeTask('mail');
      return reply.status(201).send({ member: memberView(member) });
    },
  });

  app.route({
    ...routeOf(ops.removeMember),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      const email = request.params.email;
      const leaving = email.toLowerCase() === user.email.toLowerCase();
      if (space.role === 'member' && !leaving) throw forbidden('only owners and hosts can remove members');
      await s.db.tx(async (q) => {
        const repo = spacesRepo(q);
        const role = await repo.roleByEmail(space.id, email);
        if (role === null) throw notFound('member');
        if (role === 'owner' && space.role !== 'owner') throw forbidden('only owners can remove an owner');
        await repo.removeMember(space.id, email);
        if ((await repo.countOwners(space.id)) === 0) throw forbidden('a space needs at least one owner');
      });
      return reply.status(204).send(null);
    },
  });

  app.route({
    ...routeOf(ops.createConference),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      if (space.role === 'member') throw forbidden('only owners and hosts can create conferences');
      const { title, description, kind } = request.body;
      // Its creator follows it from the start (README: creators and contributors follow).
      const conference = await s.db.tx(async (q) => {
        const created = await spacesRepo(q).createConference({
          spaceId: space.id,
          title: title.trim(),
          description,
          kind,
          createdBy: user.id,
        });
        await followsRepo(q).followConferenceAsMembers([user.id], created!.id, space.id);
        return created;
      });
      return reply.status(201).send({ conference: conferenceView(conference!) });
    },
  });

  app.route({
    ...routeOf(ops.listConferences),
    handler: async (request) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      return { conferences: (await spaces.conferencesForUser(space.id, user.id)).map(conferenceView) };
    },
  });
}
