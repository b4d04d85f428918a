import { z } from 'zod';
import { Text } from './text.ts';
import { Id, IsoDate } from './common.ts';
import { CitedSentence, Label } from './contributions.ts';
import { defineOperations } from './operation.ts';

export const SearchMode = z.enum(['hybrid', 'vector', 'text']);
export type SearchMode = z.infer<typeof SearchMode>;

export const SearchHit = z.object({
  statementId: Id,
  contributionId: Id,
  conferenceId: Id,
  spaceId: Id,
  startMs: z.int(),
  endMs: z.int(),
  speaker: z.string().nullable(),
  text: z.string(),
  gist: z.string().nullable(),
  snippet: z.string().describe('HTML-escaped text with matched terms in <mark>'),
  labels: z.array(Label),
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchQuery = z.object({
  q: Text(500, { min: 1 }),
  space: Id.optional(),
  conference: Id.optional(),
  speaker: Text(200).optional(),
  label: Text(100).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  mode: SearchMode.default('hybrid'),
});
export type SearchQuery = z.input<typeof SearchQuery>;

export const AskBody = z.object({ question: Text(1000, { min: 1 }), space: Id.optional(), conference: Id.optional() });
export type AskBody = z.infer<typeof AskBody>;

export const Answer = z.object({ answer: z.array(CitedSentence), statements: z.array(SearchHit) });
export type Answer = z.infer<typeof Answer>;

export const searchOperations = defineOperations({
  search: {
    method: 'GET',
    url: '/api/search',
    tags: ['search'],
    summary: 'Hybrid search over the statements you may see: BM25 full text + vector kNN, fused by score, best first',
    description:
      'Web-style syntax: "quoted phrases" and -exclusions hold for every result. Filters narrow by space, conference, speaker, label (act or topic) and contribution date. Results scoring below the relevance floor (SEARCH_RELEVANCE_FLOOR × the best score) are left out.',
    querystring: SearchQuery,
    response: {
      200: z.object({
        results: z.array(SearchHit),
        total: z.int().describe('How many statements matched above the relevance floor; results holds the first `limit` of them'),
      }),
    },
  },
  ask: {
    method: 'POST',
    url: '/api/ask',
    tags: ['search'],
    summary: 'Answer a question from the statements you may see, each sentence citing the statements it used',
    body: AskBody,
    response: { 200: Answer },
  },
});
