import { z } from 'zod';
import { Text } from './text.ts';
import { Id, IdParams, IsoDate } from './common.ts';
import { ReactionCounts } from './contributions.ts';
import { defineOperations } from './operation.ts';

/** Reactions, views, visits and follows: what readers tell us about what they read. */

const ReactionKind = z.string().regex(/^[a-z][a-z_]{0,31}$/);
const Ms = z.int().min(0).max(2147483647);

export const ReactionState = z.object({
  statementId: Id.describe('the statement the reaction is on (with atMs, the one said at that moment)'),
  reactions: ReactionCounts,
  mine: z.array(z.string()).describe('the kinds you reacted with'),
  kinds: z.array(z.string()).describe('the kinds one may react with'),
});
export type ReactionState = z.infer<typeof ReactionState>;

export const ReactBody = z.strictObject({ kind: ReactionKind, atMs: Ms.optional() });
export type ReactBody = z.infer<typeof ReactBody>;

export const ViewBody = z.strictObject({
  ranges: z
    .array(z.tuple([Ms, Ms]))
    .max(1000)
    .optional(),
  opened: z.boolean().optional(),
});
export type ViewBody = z.infer<typeof ViewBody>;

export const ViewState = z.object({
  watched: z.array(z.tuple([z.int(), z.int()])).describe('merged [startMs, endMs) ranges'),
  watchedMs: z.int(),
  seen: z.boolean(),
  seenAt: IsoDate.nullable(),
});
export type ViewState = z.infer<typeof ViewState>;

export const Visit = z.object({ previousVisitAt: IsoDate.nullable(), lastVisitAt: IsoDate });
export type Visit = z.infer<typeof Visit>;

export const ConferenceFollow = z.object({ conferenceId: Id, following: z.boolean() });
export type ConferenceFollow = z.infer<typeof ConferenceFollow>;
export const TagFollow = z.object({ spaceId: Id, tag: z.string(), following: z.boolean() });
export type TagFollow = z.infer<typeof TagFollow>;
export const Follows = z.object({ conferenceIds: z.array(Id), tags: z.array(z.string()) });
export type Follows = z.infer<typeof Follows>;

const TagParams = z.object({ id: Id, tag: Text(60, { min: 1 }) });

export const reactionsOperations = defineOperations({
  getReactions: {
    method: 'GET',
    url: '/api/statements/:id/reactions',
    tags: ['reactions'],
    summary: 'Reaction counts of a statement, the kinds you reacted with, and the kinds there are',
    params: IdParams,
    response: { 200: ReactionState },
  },
  react: {
    method: 'POST',
    url: '/api/statements/:id/reactions',
    tags: ['reactions'],
    summary: 'React to a statement (one reaction of each kind per user; reacting again keeps one)',
    description:
      'The kinds are those of RANK_REACTION_WEIGHTS (by default agree, insightful, important, question); another kind is ' +
      '400 E_UNKNOWN_REACTION. With atMs (ms from the start of the contribution) the reaction lands on the statement of ' +
      'the same contribution said at that moment, so :id may be any statement of that contribution (a player can send ' +
      'its first one). Answers 201 when the reaction is new, 200 when it was already there.',
    params: IdParams,
    body: ReactBody,
    response: { 200: ReactionState, 201: ReactionState },
  },
  unreact: {
    method: 'DELETE',
    url: '/api/statements/:id/reactions/:kind',
    tags: ['reactions'],
    summary: 'Remove your reaction of this kind (removing one that is not there changes nothing)',
    params: z.object({ id: Id, kind: ReactionKind }),
    response: { 200: ReactionState },
  },
  recordView: {
    method: 'POST',
    url: '/api/contributions/:id/views',
    tags: ['views'],
    summary: 'Report what you watched of a contribution (the player sends watched ranges; a digest sends opened)',
    description:
      'Ranges are [startMs, endMs] from the start of the contribution; they are merged with what you watched before. The ' +
      'contribution is seen once SEEN_FRACTION of it (default 0.8) was watched, or when opened is true (its digest line ' +
      'was opened). Seen stays seen. A statement is also seen when most of its own span was watched.',
    params: IdParams,
    body: ViewBody,
    response: { 200: ViewState },
  },
  recordVisit: {
    method: 'POST',
    url: '/api/conferences/:id/visit',
    tags: ['views'],
    summary: 'Record a visit to a conference; answers where "since your last visit" starts',
    description:
      'A visit goes on while requests come less than VISIT_GAP_MINUTES (default 30) apart. A new visit makes the last ' +
      "one's time the previousVisitAt (null on a first visit).",
    params: IdParams,
    response: { 200: Visit },
  },
  followConference: {
    method: 'POST',
    url: '/api/conferences/:id/follow',
    tags: ['follows'],
    summary: 'Follow a conference (its new contributions notify you)',
    params: IdParams,
    response: { 200: ConferenceFollow },
  },
  unfollowConference: {
    method: 'DELETE',
    url: '/api/conferences/:id/follow',
    tags: ['follows'],
    summary: 'Stop following a conference',
    params: IdParams,
    response: { 200: ConferenceFollow },
  },
  followTag: {
    method: 'POST',
    url: '/api/spaces/:id/tags/:tag/follow',
    tags: ['follows'],
    summary: 'Follow a topic tag in a space: statements carrying it rank higher in your feeds',
    description: 'The tag is normalised like labels (trimmed, lowercase, single spaces).',
    params: TagParams,
    response: { 200: TagFollow },
  },
  unfollowTag: {
    method: 'DELETE',
    url: '/api/spaces/:id/tags/:tag/follow',
    tags: ['follows'],
    summary: 'Stop following a topic tag in a space',
    params: TagParams,
    response: { 200: TagFollow },
  },
  listFollows: {
    method: 'GET',
    url: '/api/spaces/:id/follows',
    tags: ['follows'],
    summary: 'The conferences and topic tags you follow in a space',
    params: IdParams,
    response: { 200: Follows },
  },
});
