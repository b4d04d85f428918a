import type { FastifyInstance } from 'fastify';
import { notFound } from '../../core/errors.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { createForward, forwardView, revokeForward, type ForwardTarget } from '../../forwards/forwards.ts';
import { forwardsRepo } from '../../db/repos/forwards.repo.ts';
import { suggestFor } from '../../routing/suggestions.ts';
import { requireUser } from '../auth.ts';
import { errorResponses, idParams } from '../schemas.ts';
import type { Services } from '../../services.ts';

type Id = { id: string };
const uuid = { type: 'string', format: 'uuid' } as const;
const nullable = (type: string) => ({ type: [type, 'null'] });

const suggestionSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['member', 'expert'] },
    id: uuid,
    name: { type: 'string' },
    score: { type: 'number' },
    reasons: { type: 'array', items: { type: 'string' }, description: 'why, in words a host can read' },
    evidence: {
      type: 'array',
      description: 'their statements quoted in the reasons, closest first (each plays at contributionId / startMs)',
      items: {
        type: 'object',
        properties: {
          statementId: uuid,
          contributionId: uuid,
          startMs: { type: 'integer' },
          text: { type: 'string' },
          similarity: { type: 'number' },
        },
      },
    },
  },
} as const;

export const forwardSchema = {
  type: 'object',
  properties: {
    id: uuid,
    statementId: uuid,
    from: { type: ['object', 'null'], properties: { userId: uuid, name: nullable('string') } },
    to: {
      type: 'object',
      properties: { kind: { type: 'string', enum: ['member', 'expert'] }, id: nullable('string'), name: nullable('string') },
    },
    note: { type: 'string' },
    status: { type: 'string', enum: ['open', 'answered', 'expired', 'revoked'] },
    createdAt: { type: 'string' },
    expiresAt: { ...nullable('string'), description: 'expert links only' },
    revokedAt: nullable('string'),
    openedAt: { ...nullable('string'), description: 'when the expert first opened the link' },
    answeredAt: nullable('string'),
    answeredContributionId: nullable('string'),
  },
} as const;

export async function forwardsRoutes(app: FastifyInstance, s: Services) {
  /** The statement and the caller's role in its space; outsiders get 404. */
  const statementFor = async (id: string, userId: string) => {
    const statement = await contributionsRepo(s.db).statementForUser(id, userId);
    if (!statement) throw notFound('statement');
    const space = await spacesRepo(s.db).getForUser(statement.space_id, userId);
    return { statement, role: space!.role };
  };

  app.get<{ Params: Id; Querystring: { limit: number } }>(
    '/api/statements/:id/suggestions',
    {
      schema: {
        tags: ['forwards'],
        summary: 'Who should see this statement: members who have not seen it and directory experts, ranked, each with reasons',
        description:
          'Score: the 3 closest of their statements in this space (CombSUM of cosine similarities) + a prior on how active they are + ' +
          "matching tags + an expert's bio similarity + having written what this replies to + answered forwards − forwards received in the last 7 days. " +
          'Excludes the author, anyone who has seen it or already has it forwarded, and you.',
        params: idParams,
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 } } },
        response: { 200: { type: 'object', properties: { suggestions: { type: 'array', items: suggestionSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { statement } = await statementFor(request.params.id, user.id);
      const ranked = await suggestFor({ db: s.db, embedder: s.ai.embedder }, statement, user.id, { limit: request.query.limit });
      return {
        suggestions: ranked.map((c) => ({
          kind: c.kind,
          id: c.id,
          name: c.name,
          score: c.score,
          reasons: c.reasons,
          evidence: c.evidence.map((e) => ({
            statementId: e.id,
            contributionId: e.contributionId,
            startMs: e.startMs,
            text: e.text,
            similarity: e.similarity,
          })),
        })),
      };
    },
  );

  app.post<{ Params: Id; Body: ForwardTarget & { note?: string } }>(
    '/api/statements/:id/forwards',
    {
      schema: {
        tags: ['forwards'],
        summary:
          'Forward a statement to a member (in-app notification) or an outside expert (an email with a link to this statement alone)',
        description:
          "Give one of userId (a member), personId (a directory expert) or email (a member's address means the member; an unknown address " +
          "adds the expert to the directory first, owners and hosts only, named by `name`). An expert's link expires after FORWARD_LINK_DAYS; " +
          'it is returned once here as `link` and sent by email.',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            userId: uuid,
            personId: uuid,
            email: { type: 'string', format: 'email', maxLength: 254 },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            note: { type: 'string', maxLength: 2000, default: '' },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              forward: forwardSchema,
              link: { ...nullable('string'), description: "the expert's link (shown once); null for members" },
            },
          },
          ...errorResponses,
          409: errorResponses[400],
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { statement, role } = await statementFor(request.params.id, user.id);
      const { note, ...target } = request.body;
      const { forward, link } = await createForward(s, statement, { user, role }, target, note?.trim() ?? '');
      return reply.status(201).send({ forward: forwardView(forward), link });
    },
  );

  app.get<{ Params: Id }>(
    '/api/statements/:id/forwards',
    {
      schema: {
        tags: ['forwards'],
        summary: 'Forwards of this statement: to whom, by whom, and whether they were opened, answered, expired or revoked',
        params: idParams,
        response: { 200: { type: 'object', properties: { forwards: { type: 'array', items: forwardSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const { statement } = await statementFor(request.params.id, requireUser(request).id);
      return { forwards: (await forwardsRepo(s.db).forStatement(statement.id)).map(forwardView) };
    },
  );

  app.delete<{ Params: Id }>(
    '/api/forwards/:id',
    {
      schema: {
        tags: ['forwards'],
        summary: "Revoke a forward (owners, hosts and the forwarder): an expert's link stops working at once",
        params: idParams,
        response: { 200: { type: 'object', properties: { forward: forwardSchema } }, ...errorResponses },
      },
    },
    async (request) => ({ forward: forwardView(await revokeForward(s, request.params.id, requireUser(request))) }),
  );
}
