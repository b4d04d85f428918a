import type { FastifyInstance } from 'fastify';
import { notFound } from '../../core/errors.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { followsRepo } from '../../db/repos/follows.repo.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { react, reactionKinds, reactionState, unreact } from '../../engagement/reactions.ts';
import { recordView, recordVisit } from '../../engagement/watching.ts';
import { requireUser } from '../auth.ts';
import { errorResponses, idParams, reactionCountsSchema } from '../schemas.ts';
import type { Services } from '../../services.ts';

/** Reactions, views, visits and follows: what readers tell us about what they read. */

type Id = { id: string };
const KIND = { type: 'string', pattern: '^[a-z][a-z_]{0,31}$' } as const;
const uuid = { type: 'string', format: 'uuid' } as const;

const reactionStateSchema = {
  type: 'object',
  properties: {
    statementId: { ...uuid, description: 'the statement the reaction is on (with atMs, the one said at that moment)' },
    reactions: reactionCountsSchema,
    mine: { type: 'array', items: { type: 'string' }, description: 'the kinds you reacted with' },
    kinds: { type: 'array', items: { type: 'string' }, description: 'the kinds one may react with' },
  },
} as const;

const viewSchema = {
  type: 'object',
  properties: {
    watched: {
      type: 'array',
      items: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 },
      description: 'merged [startMs, endMs) ranges',
    },
    watchedMs: { type: 'integer' },
    seen: { type: 'boolean' },
    seenAt: { type: ['string', 'null'] },
  },
} as const;

/** Tags are short lowercase phrases, written the way labels are. */
const normaliseTag = (v: string) => v.trim().toLowerCase().replace(/\s+/g, ' ');

export async function reactionsRoutes(app: FastifyInstance, s: Services) {
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

  app.get<{ Params: Id }>(
    '/api/statements/:id/reactions',
    {
      schema: {
        tags: ['reactions'],
        summary: 'Reaction counts of a statement, the kinds you reacted with, and the kinds there are',
        params: idParams,
        response: { 200: reactionStateSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const statement = await statementFor(request.params.id, user.id);
      return { ...(await reactionState(s.db, statement.id, user.id)), kinds: kinds() };
    },
  );

  app.post<{ Params: Id; Body: { kind: string; atMs?: number } }>(
    '/api/statements/:id/reactions',
    {
      schema: {
        tags: ['reactions'],
        summary: 'React to a statement (one reaction of each kind per user; reacting again keeps one)',
        description:
          'The kinds are those of RANK_REACTION_WEIGHTS (by default agree, insightful, important, question); another kind is ' +
          '400 E_UNKNOWN_REACTION. With atMs (ms from the start of the contribution) the reaction lands on the statement of ' +
          'the same contribution said at that moment, so :id may be any statement of that contribution (a player can send ' +
          'its first one). Answers 201 when the reaction is new, 200 when it was already there.',
        params: idParams,
        body: {
          type: 'object',
          required: ['kind'],
          additionalProperties: false,
          properties: { kind: KIND, atMs: { type: 'integer', minimum: 0, maximum: 2147483647 } },
        },
        response: { 200: reactionStateSchema, 201: reactionStateSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const statement = await statementFor(request.params.id, user.id);
      const { created, ...state } = await react(s.db, s.config.ranking, statement, user.id, request.body.kind, request.body.atMs);
      return reply.status(created ? 201 : 200).send({ ...state, kinds: kinds() });
    },
  );

  app.delete<{ Params: Id & { kind: string } }>(
    '/api/statements/:id/reactions/:kind',
    {
      schema: {
        tags: ['reactions'],
        summary: 'Remove your reaction of this kind (removing one that is not there changes nothing)',
        params: { type: 'object', required: ['id', 'kind'], properties: { id: uuid, kind: KIND } },
        response: { 200: reactionStateSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const statement = await statementFor(request.params.id, user.id);
      return { ...(await unreact(s.db, statement.id, user.id, request.params.kind)), kinds: kinds() };
    },
  );

  app.post<{ Params: Id; Body: { ranges?: number[][]; opened?: boolean } }>(
    '/api/contributions/:id/views',
    {
      schema: {
        tags: ['views'],
        summary: 'Report what you watched of a contribution (the player sends watched ranges; a digest sends opened)',
        description:
          `Ranges are [startMs, endMs] from the start of the contribution; they are merged with what you watched before. The ` +
          `contribution is seen once SEEN_FRACTION of it (default 0.8) was watched, or when opened is true (its digest line ` +
          `was opened). Seen stays seen. A statement is also seen when most of its own span was watched.`,
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ranges: {
              type: 'array',
              maxItems: 1000,
              items: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'integer', minimum: 0, maximum: 2147483647 } },
            },
            opened: { type: 'boolean' },
          },
        },
        response: { 200: viewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const c = await contributionFor(request.params.id, user.id);
      return recordView(s.db, s.config.views, c.id, user.id, request.body ?? {});
    },
  );

  app.post<{ Params: Id }>(
    '/api/conferences/:id/visit',
    {
      schema: {
        tags: ['views'],
        summary: 'Record a visit to a conference; answers where "since your last visit" starts',
        description:
          `A visit goes on while requests come less than VISIT_GAP_MINUTES (default 30) apart. A new visit makes the last ` +
          `one's time the previousVisitAt (null on a first visit).`,
        params: idParams,
        response: {
          200: { type: 'object', properties: { previousVisitAt: { type: ['string', 'null'] }, lastVisitAt: { type: 'string' } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const conference = await conferenceFor(request.params.id, user.id);
      return recordVisit(s.db, s.config.views, conference.id, user.id);
    },
  );

  const conferenceFollowSchema = {
    params: idParams,
    response: { 200: { type: 'object', properties: { conferenceId: uuid, following: { type: 'boolean' } } }, ...errorResponses },
  };
  app.post<{ Params: Id }>(
    '/api/conferences/:id/follow',
    { schema: { tags: ['follows'], summary: 'Follow a conference (its new contributions notify you)', ...conferenceFollowSchema } },
    async (request) => {
      const user = requireUser(request);
      const conference = await conferenceFor(request.params.id, user.id);
      await follows.followConference(user.id, conference.id);
      return { conferenceId: conference.id, following: true };
    },
  );
  app.delete<{ Params: Id }>(
    '/api/conferences/:id/follow',
    { schema: { tags: ['follows'], summary: 'Stop following a conference', ...conferenceFollowSchema } },
    async (request) => {
      const user = requireUser(request);
      const conference = await conferenceFor(request.params.id, user.id);
      await follows.unfollowConference(user.id, conference.id);
      return { conferenceId: conference.id, following: false };
    },
  );

  const tagFollowSchema = {
    params: { type: 'object', required: ['id', 'tag'], properties: { id: uuid, tag: { type: 'string', minLength: 1, maxLength: 60 } } },
    response: {
      200: { type: 'object', properties: { spaceId: uuid, tag: { type: 'string' }, following: { type: 'boolean' } } },
      ...errorResponses,
    },
  };
  app.post<{ Params: Id & { tag: string } }>(
    '/api/spaces/:id/tags/:tag/follow',
    {
      schema: {
        tags: ['follows'],
        summary: 'Follow a topic tag in a space: statements carrying it rank higher in your feeds',
        description: 'The tag is normalised like labels (trimmed, lowercase, single spaces).',
        ...tagFollowSchema,
      },
    },
    async (request) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      const tag = normaliseTag(request.params.tag);
      await follows.followTag(user.id, space.id, tag);
      return { spaceId: space.id, tag, following: true };
    },
  );
  app.delete<{ Params: Id & { tag: string } }>(
    '/api/spaces/:id/tags/:tag/follow',
    { schema: { tags: ['follows'], summary: 'Stop following a topic tag in a space', ...tagFollowSchema } },
    async (request) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      const tag = normaliseTag(request.params.tag);
      await follows.unfollowTag(user.id, space.id, tag);
      return { spaceId: space.id, tag, following: false };
    },
  );

  app.get<{ Params: Id }>(
    '/api/spaces/:id/follows',
    {
      schema: {
        tags: ['follows'],
        summary: 'The conferences and topic tags you follow in a space',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: { conferenceIds: { type: 'array', items: uuid }, tags: { type: 'array', items: { type: 'string' } } },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const space = await spaceFor(request.params.id, user.id);
      return follows.inSpace(user.id, space.id);
    },
  );
}
