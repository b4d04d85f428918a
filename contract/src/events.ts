import { z } from 'zod';
import { Id } from './common.ts';
import { ContributionStage, ContributionStatus } from './contributions.ts';
import { defineOperations } from './operation.ts';

/** `event: contribution`: pipeline progress of a contribution in one of your spaces. Ids and state, never content. */
export const ContributionEvent = z.object({
  type: z.literal('contribution'),
  id: Id,
  conferenceId: Id,
  spaceId: Id,
  status: ContributionStatus,
  stage: ContributionStage,
  progress: z.number(),
  etaSeconds: z.int().nullable().optional().describe('as in the contribution: seconds the stage still needs, null when unknown'),
  error: z.string().nullable(),
});
export type ContributionEvent = z.infer<typeof ContributionEvent>;

/** `event: notification`: something new for one user (a notification was created, or a burst grew); only they receive it. */
export const NotificationEvent = z.object({
  type: z.literal('notification'),
  userId: Id,
  id: Id,
  kind: z.string(),
  count: z.int(),
});
export type NotificationEvent = z.infer<typeof NotificationEvent>;

/** `event: moderation`: a contribution or statement was deleted, hidden or shown again in one of your spaces. Ids only. */
export const ModerationEvent = z.object({
  type: z.literal('moderation'),
  action: z.enum(['contribution-deleted', 'statement-deleted', 'statement-hidden', 'statement-unhidden']),
  spaceId: Id,
  conferenceId: Id,
  contributionId: Id,
  statementId: Id.nullable(),
});
export type ModerationEvent = z.infer<typeof ModerationEvent>;

export const AppEvent = z.discriminatedUnion('type', [ContributionEvent, NotificationEvent, ModerationEvent]);
export type AppEvent = z.infer<typeof AppEvent>;

export const eventsOperations = defineOperations({
  streamEvents: {
    method: 'GET',
    url: '/api/events',
    tags: ['events'],
    summary: 'Server-sent events: pipeline progress of contributions in your spaces, and your notifications',
    description:
      '`event: contribution` with data ContributionEvent, for contributions in your spaces; ' +
      '`event: notification` with data NotificationEvent, for your own notifications only (a new one, or a burst that grew); ' +
      '`event: moderation` with data ModerationEvent, when something in your spaces is deleted, hidden or shown again.',
    response: {
      200: {
        description: 'an event stream; each `data:` line is one AppEvent as JSON',
        content: { 'text/event-stream': { schema: AppEvent } },
      },
    },
  },
});
