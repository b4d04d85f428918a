import { z } from 'zod';
import { Id, IsoDate } from './common.ts';

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
