import { z } from 'zod';
import { Id, IdParams, IsoDate } from './common.ts';
import { Contribution } from './contributions.ts';
import { defineOperations } from './operation.ts';

export const ConferenceKind = z.enum(['discussion', 'interview', 'meeting-import']);
export type ConferenceKind = z.infer<typeof ConferenceKind>;

export const Conference = z.object({
  id: Id,
  spaceId: Id,
  title: z.string(),
  description: z.string(),
  kind: ConferenceKind,
  contributionCount: z.int().optional().describe('in lists only'),
  createdAt: IsoDate,
});
export type Conference = z.infer<typeof Conference>;

export const conferencesOperations = defineOperations({
  getConference: {
    method: 'GET',
    url: '/api/conferences/:id',
    tags: ['conferences'],
    summary: 'A conference with its contributions and their pipeline status',
    params: IdParams,
    response: { 200: z.object({ conference: Conference, contributions: z.array(Contribution) }) },
  },
});
