import { z } from 'zod';
import { Id, IdParams, IsoDate } from './common.ts';
import { defineOperations } from './operation.ts';
import { Text } from './text.ts';

/** Something a member was asked and has not answered: a question naming them, or a statement forwarded to them. */
export const Ask = z.object({
  kind: z.enum(['question', 'forward']),
  statementId: Id,
  contributionId: Id,
  startMs: z.int(),
  text: z.string().describe("the question's words (a forward: its note, then the statement)"),
  askedBy: z.string().nullable().describe('who asked or forwarded it'),
  askedAt: IsoDate,
});
export type Ask = z.infer<typeof Ask>;

/** One member's part in a conference. Shares are of everything said in it (members and others add up to 1). */
export const Participant = z.object({
  userId: Id,
  name: z.string(),
  role: z.enum(['owner', 'host', 'member']),
  contributions: z.int().describe('ready contributions they posted'),
  statements: z.int().describe('statements they said (their speaker label counts in imported meetings)'),
  speakingMs: z.int(),
  speakingShare: z.number().describe('0..1 of the speaking time of the conference'),
  statementShare: z.number().describe('0..1 of its statements'),
  asked: z.array(Ask).describe('asked or forwarded to them and not answered yet, oldest first'),
  lastOpenedAt: IsoDate.nullable().describe('their last visit or view of a contribution'),
  notOpenedSince: z.boolean().describe('someone else contributed after they last opened the conference (or they never did)'),
  nudgedToday: z.boolean().describe('one nudge a day per conference: another one is refused until tomorrow (UTC)'),
  lastNudgedAt: IsoDate.nullable(),
  acceptsNudges: z.boolean().describe('false: they turned nudges off in their preferences'),
});
export type Participant = z.infer<typeof Participant>;

export const Participation = z.object({
  conferenceId: Id,
  lastContributionAt: IsoDate.nullable(),
  totals: z.object({ contributions: z.int(), statements: z.int(), speakingMs: z.int() }),
  others: z
    .object({ statements: z.int(), speakingMs: z.int(), speakingShare: z.number(), statementShare: z.number() })
    .describe('outside experts and speakers linked to nobody in the space'),
  members: z.array(Participant).describe('hosts see every member; a member sees their own line only'),
  canNudge: z.boolean(),
});
export type Participation = z.infer<typeof Participation>;

export const NudgeParams = z.object({ id: Id, userId: Id });

export const NudgeBody = z.strictObject({
  message: Text(1000).optional().describe('a personal line to add to the nudge'),
});
export type NudgeBody = z.infer<typeof NudgeBody>;

export const Nudge = z.object({
  id: Id,
  userId: Id,
  conferenceId: Id,
  day: z.string().describe('the UTC day (YYYY-MM-DD): one nudge per member and conference a day'),
  asks: z.int().describe('how many unanswered asks it quoted (0: an invitation to contribute)'),
});
export type Nudge = z.infer<typeof Nudge>;

export const participationOperations = defineOperations({
  getParticipation: {
    method: 'GET',
    url: '/api/conferences/:id/participation',
    tags: ['conferences'],
    summary: 'Who took part: speaking time and statement share per member, unanswered asks, who has not opened it since',
    description: 'Owners and hosts see every member of the space; a member sees their own line (and the totals).',
    params: IdParams,
    response: { 200: z.object({ participation: Participation }) },
  },
  nudgeMember: {
    method: 'POST',
    url: '/api/conferences/:id/participation/:userId/nudge',
    tags: ['conferences'],
    summary: 'Nudge a member: a notification and an email quoting what they were asked, or inviting them to contribute (owners and hosts)',
    description:
      'At most one nudge per member and conference a day (UTC), reminders included: a second one is 409 E_ALREADY_NUDGED. ' +
      'A member who turned nudges off is 409 E_NUDGES_OFF.',
    params: NudgeParams,
    body: NudgeBody,
    response: { 201: z.object({ nudge: Nudge }) },
  },
});
