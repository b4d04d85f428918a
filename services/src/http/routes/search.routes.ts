import { searchOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../core/errors.ts';
import { hitView } from '../../json/rows.ts';
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
      const hits = await searchStatements(deps, {
        ...filters,
        q,
        userId: user.id,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
        limit,
        mode,
      });
      return { results: hits.map(hitView) };
    },
  });

  app.route({
    ...routeOf(ops.ask),
    handler: async (request) => {
      const user = requireUser(request);
      const { question, space, conference } = request.body;
      const hits = await searchStatements(deps, { q: question, userId: user.id, space, conference, limit: 8, mode: 'hybrid' });
      if (hits.length === 0) return { answer: [], statements: [] };
      const inputs = hits.map((h) => ({ id: h.statementId, text: h.text, speaker: h.speaker, startMs: h.startMs, endMs: h.endMs }));
      const answer = await s.ai.summariser.answer(question, inputs);
      const given = new Set(inputs.map((i) => i.id));
      if (answer.some((a) => a.statementIds.some((id) => !given.has(id)))) {
        throw new AppError('E_AI_INVALID_OUTPUT', 'the model cited statements it was not given', 502, true);
      }
      const cited = new Set(answer.flatMap((a) => a.statementIds));
      return { answer, statements: hits.filter((h) => cited.has(h.statementId)).map(hitView) };
    },
  });
}
