import { moderationOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { deleteContribution, deleteStatement, setStatementHidden } from '../../moderation/moderation.ts';
import { statementAnswer } from '../../contributions/statement-edit.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

/** Deleting contributions and statements, hiding and unhiding statements (contributions/moderation.ts decides who may). */
export async function moderationRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.route({
    ...routeOf(ops.deleteContribution),
    handler: async (request) => {
      const { statements } = await deleteContribution(s, request.params.id, requireUser(request).id);
      return { deleted: { kind: 'contribution' as const, id: request.params.id, statements } };
    },
  });

  app.route({
    ...routeOf(ops.deleteStatement),
    handler: async (request) => {
      await deleteStatement(s, request.params.id, requireUser(request).id);
      return { deleted: { kind: 'statement' as const, id: request.params.id, statements: 1 } };
    },
  });

  for (const [op, hidden] of [
    [ops.hideStatement, true],
    [ops.unhideStatement, false],
  ] as const) {
    app.route({
      ...routeOf(op),
      handler: async (request) => {
        const user = requireUser(request);
        await setStatementHidden(s, request.params.id, user.id, hidden);
        return { statement: await statementAnswer(s.db, request.params.id, user.id) };
      },
    });
  }
}
