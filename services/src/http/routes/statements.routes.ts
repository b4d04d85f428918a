import { statementsOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../core/errors.ts';
import { editStatement, statementAnswer, statementHistory } from '../../contributions/statement-edit.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { labelsRepo } from '../../db/repos/labels.repo.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

/** Tags are short lowercase phrases so that user and AI tags meet. */
const normaliseValue = (v: string) => v.trim().toLowerCase().replace(/\s+/g, ' ');

export async function statementsRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const statementFor = async (id: string, userId: string) =>
    (await contributionsRepo(s.db).statementForUser(id, userId)) ?? Promise.reject(notFound('statement'));

  const withLabels = async (id: string, userId: string) => ({ statement: await statementAnswer(s.db, id, userId) });

  app.route({
    ...routeOf(ops.getStatement),
    handler: async (request) => withLabels(request.params.id, requireUser(request).id),
  });

  app.route({
    ...routeOf(ops.editStatement),
    handler: async (request) => {
      const user = requireUser(request);
      await editStatement(s, request.params.id, user.id, request.body);
      return withLabels(request.params.id, user.id);
    },
  });

  app.route({
    ...routeOf(ops.statementHistory),
    handler: async (request) => ({ revisions: await statementHistory(s.db, request.params.id, requireUser(request).id) }),
  });

  app.route({
    ...routeOf(ops.addLabel),
    handler: async (request, reply) => {
      const user = requireUser(request);
      await statementFor(request.params.id, user.id);
      await labelsRepo(s.db).addUserLabel(request.params.id, request.body.kind, normaliseValue(request.body.value), user.id);
      return reply.status(201).send(await withLabels(request.params.id, user.id));
    },
  });

  app.route({
    ...routeOf(ops.removeLabel),
    handler: async (request) => {
      const user = requireUser(request);
      await statementFor(request.params.id, user.id);
      await labelsRepo(s.db).removeLabel(request.params.id, request.params.kind, normaliseValue(request.params.value), user.id);
      return withLabels(request.params.id, user.id);
    },
  });
}
