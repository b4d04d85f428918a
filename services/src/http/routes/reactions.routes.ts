import { reactionsOperations as ops, type ViewState, type Visit } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../core/errors.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { followsRepo } from '../../db/repos/follows.repo.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { react, reactionKinds, reactionState, unreact } from '../../engagement/reactions.ts';
import { recordView, recordVisit } from '../../engagement/watching.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

/** Reactions, views, visits and follows: what readers tell us about what they read. */

/** Tags are short lowercase phrases, written the way labels are. */
const normaliseTag = (v: string) => v.trim().toLowerCase().replace(/\s+/g, ' ');

const viewJson = (v: Awaited<ReturnType<typeof recordView>>): ViewState => ({ ...v, seenAt: v.seenAt?.toISOString() ?? null });
const visitJson = (v: Awaited<ReturnType<typeof recordVisit>>): Visit => ({
  previousVisitAt: v.previousVisitAt?.toISOString() ?? null,
  lastVisitAt: v.lastVisitAt.toISOString(),
});

export async function reactionsRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const contributions = contributionsRepo(s.db);
  const spaces = spacesRepo(s.db);
  const follows = followsRepo(s.db);
  const kinds = () => reactionKinds(s.config.ranking);

  // Outsiders get 404 for everything here, so nothing about another space is revealed.
  const statementFor = async (id: string, userId: string) =>
    (await contributions.statementForUser(id, userId)) ?? Promise.reject(notFound('statement'));
  const contributionFor = async (id: string, userId: string) =>
    (await contributions.forUser(id, userId)) ?? Promise.reject(notFound('contribution'));
  const conferenceFor = async (id: string, userId: string) =>
    (await spaces.conferenceForUser(id, userId)) ?? Promise.reject(notFound('conference'));
  const spaceFor = async (id: string, userId: string) => (await spaces.getForUser(id, userId)) ?? Promise.reject(notFound('space'));

  app.route({
    ...routeOf(ops.getReactions),
    handler: async (request) => {
      const user = requireUser(request);
      const statement = await statementFor(request.params.id, user.id);
      return { ...(await reactionState(s.db, statement.id, user.id)), kinds: kinds() };
    },
  });

  app.route({
    ...routeOf(ops.react),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const statement = await statementFor(request.params.id, user.id);
      const { created, ...state } = await react(s.db, s.config.ranking, statement, user.id, request.body.kind, request.body.atMs);
      return reply.status(created ? 201 : 200).send({ ...state, kinds: kinds() });
    },
  });

  app.route({
    ...routeOf(ops.unreact),
    handler: async (request) => {
      const user = requireUser(request);
      const statement = await statementFor(request.params.id, user.id);
      return { ...(await unreact(s.db, statement.id, user.id, request.params.kind)), kinds: kinds() };
    },
  });

  app.route({
    ...routeOf(ops.recordView),
    handler: async (request) => {
      const user = requireUser(request);
      const c = await contributionFor(request.params.id, user.id);
      return viewJson(await recordView(s.db, s.config.views, c.id, user.id, request.body));
    },
  });

  app.route({
    ...routeOf(ops.recordVisit),
    handler: async (request) => {
      const user = requireUser(request);
      const conference = await conferenceFor(request.params.id, user.id);
      return visitJson(await recordVisit(s.db, s.config.views, conference.id, user.id));
    },
  });

  app.route({
    ...routeOf(ops.followConference),
    handler: async (request) => {
      const user = requireUser(request);
      const conference = await conferenceFor(request.params.id, user.id);
      await follows.followConference(user.id, conference.id);
      return { conferenceId: conference.id, following: true };
    },
  });

  app.route({
    ...routeOf(ops.unfollowConference),
    handler: async (request) => {
      const user = requireUser(request);
      const conference = await conferenceFor(request.params.id, user.id);
      await follows.unfollowConference(user.id, conference.id);
      return { conferenceId: conference.id, following: false };
    },
  });

  app.route({
    ...routeOf(ops.followTag),
    handler: async (request) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      const tag = normaliseTag(request.params.tag);
      await follows.followTag(user.id, space.id, tag);
      return { spaceId: space.id, tag, following: true };
    },
  });

  app.route({
    ...routeOf(ops.unfollowTag),
    handler: async (request) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      const tag = normaliseTag(request.params.tag);
      await follows.unfollowTag(user.id, space.id, tag);
      return { spaceId: space.id, tag, following: false };
    },
  });

  app.route({
    ...routeOf(ops.listFollows),
    handler: async (request) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      return follows.inSpace(user.id, space.id);
    },
  });
}
