import { searchOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hitView } from '../../json/rows.ts';
import { answerQuestion } from '../../search/ask.ts';
import { searchStatements } from '../../search/search.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

export async function searchRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const deps = { db: s.db, embedder: s.ai.embedder, config: s.config.search };

  app.route({
    ...routeOf(ops.search),
    handler: async (request) => {
      const user = requireUser(request);
      const { q, from, to, limit, mode, ...filters } = request.query;
      const { hits, total } = await searchStatements(deps, {
        ...filters,
        q,
        userId: user.id,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
        limit,
        mode,
      });
      return { results: hits.map(hitView), total };
    },
  });

  app.route({
    ...routeOf(ops.ask),
    handler: async (request) => {
      const user = requireUser(request);
      const { question, space, conference } = request.body;
      const { answer, hits } = await answerQuestion(
        { ...deps, summariser: s.ai.summariser },
        { question, userId: user.id, space, conference },
      );
      return { answer, statements: hits.map(hitView) };
    },
  });
}
