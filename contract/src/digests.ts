import { z } from 'zod';
import { Id, IdParams, IsoDate } from './common.ts';
import { CitedSentence } from './contributions.ts';
import { defineOperations } from './operation.ts';

export const DigestItem = z.object({
  statementId: Id,
  contributionId: Id,
  conferenceId: Id,
  startMs: z.int().describe('jump here in the contribution'),
  endMs: z.int(),
  speaker: z.string().nullable(),
  gist: z.string().describe("the statement's one-line gist (its opening words when it has none)"),
  act: z.string().nullable(),
  outside: z.boolean().optional().describe("an outside expert's reply (through a forward link), not a member's"),
  answered: z.boolean().optional().describe('questions only: someone answered it'),
  answer: z.object({ statementId: Id.nullable(), contributionId: Id }).optional().describe('questions only: where'),
});
export type DigestItem = z.infer<typeof DigestItem>;

export const DigestSection = z.object({
  key: z.enum(['decisions', 'questions', 'proposals', 'actions', 'other']),
  title: z.string(),
  items: z.array(DigestItem),
});
export type DigestSection = z.infer<typeof DigestSection>;

export const Digest = z.object({
  conferenceId: Id,
  since: IsoDate.nullable().describe('the start of the period: `since`, else your last visit; null means everything unseen'),
  summary: z.array(CitedSentence),
  sections: z.array(DigestSection),
  contributionCount: z.int().describe('unseen contributions in the period'),
  unseenMs: z.int().describe('video time not yet watched'),
  readingMs: z.int().describe('estimated time to read this digest'),
});
export type Digest = z.infer<typeof Digest>;

export const SpaceDigest = z.object({
  spaceId: Id,
  spaceName: z.string(),
  since: IsoDate.nullable(),
  conferences: z.array(z.object({ conferenceId: Id, title: z.string(), digest: Digest })),
  unseenMs: z.int(),
  readingMs: z.int(),
});
export type SpaceDigest = z.infer<typeof SpaceDigest>;

export const DigestQuery = z.object({ since: IsoDate.optional() });
export type DigestQuery = z.infer<typeof DigestQuery>;

export const digestsOperations = defineOperations({
  getConferenceDigest: {
    method: 'GET',
    url: '/api/conferences/:id/digest',
    tags: ['digests'],
    summary: 'What you have not seen in a conference since your last visit (or `since`), ranked and grouped',
    description:
      'Unseen statements grouped into Decisions, Open questions (each says whether it was answered), Proposals, Action items and Other; ' +
      'a summary whose sentences cite statements; unwatched video time and reading time.',
    params: IdParams,
    querystring: DigestQuery,
    response: { 200: z.object({ digest: Digest }) },
  },
  getSpaceDigest: {
    method: 'GET',
    url: '/api/spaces/:id/digest',
    tags: ['digests'],
    summary: "A space-wide digest: each conference's digest that has something you have not seen",
    params: IdParams,
    querystring: DigestQuery,
    response: { 200: z.object({ digest: SpaceDigest }) },
  },
});
