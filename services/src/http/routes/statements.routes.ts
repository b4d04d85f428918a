import type { FastifyInstance } from 'fastify';
import { notFound } from '../../core/errors.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { labelsRepo } from '../../db/repos/labels.repo.ts';
import { requireUser } from '../auth.ts';
import { errorResponses, idParams, statementSchema } from '../schemas.ts';
import { statementView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';

type Id = { id: string };
type LabelBody = { kind: 'act' | 'topic'; value: string };

const labelParams = {
  type: 'object',
  required: ['id', 'kind', 'value'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: ['act', 'topic'] },
    value: { type: 'string', minLength: 1, maxLength: 60 },
  },
} as const;

/** Tags are short lowercase phrases so that user and AI tags meet. */
const normaliseValue = (v: string) => v.trim().toLowerCase().replace(/\s+/g, ' ');

export async function statementsRoutes(app: FastifyInstance, s: Services) {
  const statementFor = async (id: string, userId: string) =>
    (await contributionsRepo(s.db).statementForUser(id, userId)) ?? Promise.reject(notFound('statement'));

  const withLabels = async (id: string, userId: string) => {
    const statement = await statementFor(id, userId);
    return {
      statement: { ...statementView(statement, await labelsRepo(s.db).forStatements([id])), conferenceId: statement.conference_id },
    };
  };

  app.get<{ Params: Id }>(
    '/api/statements/:id',
    {
      schema: {
        tags: ['statements'],
        summary: 'A statement with its labels',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              statement: { ...statementSchema, properties: { ...statementSchema.properties, conferenceId: { type: 'string' } } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => withLabels(request.params.id, requireUser(request).id),
  );

  app.post<{ Params: Id; Body: LabelBody }>(
    '/api/statements/:id/labels',
    {
      schema: {
        tags: ['statements'],
        summary: 'Add a label (a dialogue act or a topic tag); user labels are never overwritten by the AI',
        params: idParams,
        body: {
          type: 'object',
          required: ['kind', 'value'],
          properties: { kind: { type: 'string', enum: ['act', 'topic'] }, value: { type: 'string', minLength: 1, maxLength: 60 } },
        },
        response: { 201: { type: 'object', properties: { statement: statementSchema } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await statementFor(request.params.id, user.id);
      await labelsRepo(s.db).addUserLabel(request.params.id, request.body.kind, normaliseValue(request.body.value), user.id);
      return reply.status(201).send(await withLabels(request.params.id, user.id));
    },
  );

  app.delete<{ Params: Id & LabelBody }>(
    '/api/statements/:id/labels/:kind/:value',
    {
      schema: {
        tags: ['statements'],
        summary: 'Remove a label; an AI label removed by a user stays removed when the statement is labelled again',
        params: labelParams,
        response: { 200: { type: 'object', properties: { statement: statementSchema } }, ...errorResponses },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await statementFor(request.params.id, user.id);
      await labelsRepo(s.db).removeLabel(request.params.id, request.params.kind, normaliseValue(request.params.value), user.id);
      return withLabels(request.params.id, user.id);
    },
  );
}
