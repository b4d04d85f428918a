import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { searchStatements, type SearchMode } from '../../search/search.ts';
import { requireUser } from '../auth.ts';
import { citedSentenceSchema, errorResponses, labelSchema } from '../schemas.ts';
import { hitView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';

const hitSchema = {
  type: 'object',
  properties: {
    statementId: { type: 'string' },
    contributionId: { type: 'string' },
    conferenceId: { type: 'string' },
    spaceId: { type: 'string' },
    startMs: { type: 'integer' },
    endMs: { type: 'integer' },
    speaker: { type: ['string', 'null'] },
    text: { type: 'string' },
    gist: { type: ['string', 'null'] },
    snippet: { type: 'string', description: 'HTML-escaped text with matched terms in <mark>' },
    labels: { type: 'array', items: labelSchema },
    score: { type: 'number' },
  },
} as const;

type SearchQuery = {
  q: string;
  space?: string;
  conference?: string;
  speaker?: string;
  label?: string;
  from?: string;
  to?: string;
  limit?: number;
  mode?: SearchMode;
};

export async function searchRoutes(app: FastifyInstance, s: Services) {
  const deps = { db: s.db, embedder: s.ai.embedder, config: s.config.search };

  app.get<{ Querystring: SearchQuery }>(
    '/api/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Hybrid search over the statements you may see: vector kNN + full text, fused by reciprocal rank',
        description:
          'Web-style syntax: "quoted phrases" and -exclusions hold for every result. Filters narrow by space, conference, speaker, label (act or topic) and contribution date.',
        querystring: {
          type: 'object',
          required: ['q'],
          properties: {
            q: { type: 'string', minLength: 1, maxLength: 500 },
            space: { type: 'string', format: 'uuid' },
            conference: { type: 'string', format: 'uuid' },
            speaker: { type: 'string', maxLength: 200 },
            label: { type: 'string', maxLength: 100 },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            mode: { type: 'string', enum: ['hybrid', 'vector', 'text'], default: 'hybrid' },
          },
        },
        response: { 200: { type: 'object', properties: { results: { type: 'array', items: hitSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { q, from, to, limit = 20, mode = 'hybrid', ...filters } = request.query;
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
  );

  app.post<{ Body: { question: string; space?: string; conference?: string } }>(
    '/api/ask',
    {
      schema: {
        tags: ['search'],
        summary: 'Answer a question from the statements you may see, each sentence citing the statements it used',
        body: {
          type: 'object',
          required: ['question'],
          properties: {
            question: { type: 'string', minLength: 1, maxLength: 1000 },
            space: { type: 'string', format: 'uuid' },
            conference: { type: 'string', format: 'uuid' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { answer: { type: 'array', items: citedSentenceSchema }, statements: { type: 'array', items: hitSchema } },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
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
  );
}
