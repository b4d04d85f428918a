import { forwardsOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../core/errors.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { forwardsRepo } from '../../db/repos/forwards.repo.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { createForward, forwardView, revokeForward } from '../../forwards/forwards.ts';
import { suggestFor } from '../../routing/suggestions.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

export async function forwardsRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  /** The statement and the caller's role in its space; outsiders get 404. */
  const statementFor = async (id: string, userId: string) => {
    const statement = await contributionsRepo(s.db).statementForUser(id, userId);
    if (!statement) throw notFound('statement');
    const space = await spacesRepo(s.db).getForUser(statement.space_id, userId);
    return { statement, role: space!.role };
  };

  app.route({
    ...routeOf(ops.suggestRecipients),
    handler: async (request) => {
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
            conferenceId: e.conferenceId,
            startMs: e.startMs,
            saidAt: e.saidAt?.toISOString(),
            answered: e.answered,
            text: e.text,
            similarity: e.similarity,
          })),
        })),
      };
    },
  });

  app.route({
    ...routeOf(ops.forwardStatement),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const { statement, role } = await statementFor(request.params.id, user.id);
      const { note, ...target } = request.body;
      const { forward, link } = await createForward(s, statement, { user, role }, target, note.trim());
      return reply.status(201).send({ forward: forwardView(forward), link });
    },
  });

  app.route({
    ...routeOf(ops.listForwards),
    handler: async (request) => {
      const { statement } = await statementFor(request.params.id, requireUser(request).id);
      return { forwards: (await forwardsRepo(s.db).forStatement(statement.id)).map(forwardView) };
    },
  });

  app.route({
    ...routeOf(ops.revokeForward),
    handler: async (request) => ({ forward: forwardView(await revokeForward(s, request.params.id, requireUser(request))) }),
  });
}
