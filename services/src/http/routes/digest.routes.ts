import type { FastifyInstance } from 'fastify';
import { notFound } from '../../core/errors.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { buildDigest, buildSpaceDigest } from '../../digest/digest.ts';
import { requireUser } from '../auth.ts';
import { citedSentenceSchema, errorResponses, idParams } from '../schemas.ts';
import type { Services } from '../../services.ts';

const itemSchema = {
  type: 'object',
  properties: {
    statementId: { type: 'string' },
    contributionId: { type: 'string' },
    conferenceId: { type: 'string' },
    startMs: { type: 'integer', description: 'jump here in the contribution' },
    endMs: { type: 'integer' },
    speaker: { type: ['string', 'null'] },
    gist: { type: 'string' },
    act: { type: ['string', 'null'] },
    answered: { type: 'boolean', description: 'questions only: someone answered it' },
    answer: {
      type: 'object',
      properties: { statementId: { type: ['string', 'null'] }, contributionId: { type: 'string' } },
    },
  },
} as const;

const digestSchema = {
  type: 'object',
  properties: {
    conferenceId: { type: 'string' },
    since: {
      type: ['string', 'null'],
      description: 'the start of the period: `since`, else your last visit; null means everything unseen',
    },
    summary: { type: 'array', items: citedSentenceSchema },
    sections: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string', enum: ['decisions', 'questions', 'proposals', 'actions', 'other'] },
          title: { type: 'string' },
          items: { type: 'array', items: itemSchema },
        },
      },
    },
    contributionCount: { type: 'integer', description: 'unseen contributions in the period' },
    unseenMs: { type: 'integer', description: 'video time not yet watched' },
    readingMs: { type: 'integer', description: 'estimated time to read this digest' },
  },
} as const;

const sinceQuery = { type: 'object', properties: { since: { type: 'string', format: 'date-time' } } } as const;
type Req = { Params: { id: string }; Querystring: { since?: string } };

export async function digestRoutes(app: FastifyInstance, s: Services) {
  const spaces = spacesRepo(s.db);

  app.get<Req>(
    '/api/conferences/:id/digest',
    {
      schema: {
        tags: ['digests'],
        summary: 'What you have not seen in a conference since your last visit (or `since`), ranked and grouped',
        description:
          'Unseen statements grouped into Decisions, Open questions (each says whether it was answered), Proposals, Action items and Other; ' +
          'a summary whose sentences cite statements; unwatched video time and reading time.',
        params: idParams,
        querystring: sinceQuery,
        response: { 200: { type: 'object', properties: { digest: digestSchema } }, ...errorResponses },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (!(await spaces.conferenceForUser(request.params.id, user.id))) throw notFound('conference');
      const since = request.query.since ? new Date(request.query.since) : undefined;
      return { digest: await buildDigest(s, { userId: user.id, conferenceId: request.params.id, since }) };
    },
  );

  app.get<Req>(
    '/api/spaces/:id/digest',
    {
      schema: {
        tags: ['digests'],
        summary: "A space-wide digest: each conference's digest that has something you have not seen",
        params: idParams,
        querystring: sinceQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              digest: {
                type: 'object',
                properties: {
                  spaceId: { type: 'string' },
                  spaceName: { type: 'string' },
                  since: { type: ['string', 'null'] },
                  conferences: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { conferenceId: { type: 'string' }, title: { type: 'string' }, digest: digestSchema },
                    },
                  },
                  unseenMs: { type: 'integer' },
                  readingMs: { type: 'integer' },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (!(await spaces.getForUser(request.params.id, user.id))) throw notFound('space');
      const since = request.query.since ? new Date(request.query.since) : undefined;
      return { digest: await buildSpaceDigest(s, { userId: user.id, spaceId: request.params.id, since }) };
    },
  );
}
