import { z } from 'zod';
import { Text } from './text.ts';
import { Id, IdParams, IsoDate } from './common.ts';
import { defineOperations } from './operation.ts';

export const Suggestion = z.object({
  kind: z.enum(['member', 'expert']),
  id: Id,
  name: z.string(),
  score: z.number(),
  reasons: z.array(z.string()).describe('why, in words a host can read'),
  evidence: z
    .array(
      z.object({
        statementId: Id,
        contributionId: Id.optional(),
        conferenceId: Id.optional(),
        startMs: z.int().optional(),
        text: z.string(),
        similarity: z.number(),
        saidAt: IsoDate.optional().describe('when it was said (its contribution was posted)'),
        answered: z.boolean().optional().describe('said in a reply: the reason says "answered"'),
      }),
    )
    .describe('their statements quoted in the reasons, closest first (each plays at conferenceId / contributionId / startMs)'),
});
export type Suggestion = z.infer<typeof Suggestion>;

export const ForwardStatus = z.enum(['open', 'answered', 'expired', 'revoked']);
export type ForwardStatus = z.infer<typeof ForwardStatus>;

export const Forward = z.object({
  id: Id,
  statementId: Id,
  from: z.object({ userId: Id, name: z.string().nullable() }).nullable(),
  to: z.object({ kind: z.enum(['member', 'expert']), id: Id.nullable(), name: z.string().nullable() }),
  note: z.string(),
  status: ForwardStatus,
  createdAt: IsoDate,
  expiresAt: IsoDate.nullable().describe('expert links only'),
  revokedAt: IsoDate.nullable(),
  openedAt: IsoDate.nullable().describe('when the expert first opened the link'),
  answeredAt: IsoDate.nullable(),
  answeredContributionId: Id.nullable(),
});
export type Forward = z.infer<typeof Forward>;

export const CreateForwardBody = z.strictObject({
  userId: Id.optional(),
  personId: Id.optional(),
  email: z.email().max(254).optional(),
  name: Text(200, { min: 1, oneLine: true }).optional(),
  note: Text(2000).default(''),
});
export type CreateForwardBody = z.input<typeof CreateForwardBody>;
/** Whom a statement is forwarded to: one of userId, personId or email (`name` names a new expert). */
export type ForwardTarget = Omit<CreateForwardBody, 'note'>;

export const SuggestionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });
export type SuggestionsQuery = z.input<typeof SuggestionsQuery>;

const ForwardAnswer = z.object({ forward: Forward });

export const forwardsOperations = defineOperations({
  suggestRecipients: {
    method: 'GET',
    url: '/api/statements/:id/suggestions',
    tags: ['forwards'],
    summary: 'Who should see this statement: members who have not seen it and directory experts, ranked, each with reasons',
    description:
      'Score (services/src/routing/score.ts, weights cross-validated by `npm run eval -- routing`): in a meeting, who spoke just before ' +
      "the statement's question, who held the floor and who took up the asker's turns; a prior on how active they are; the 3 closest " +
      "of their statements in this space; matching tags; an expert's bio similarity; having written what this replies to; answered " +
      'forwards − forwards received in the last 7 days. Reasons quote their closest statement with its day. ' +
      'Excludes the author, the person who said it (its transcript speaker linked to them), anyone who has seen it or already has it forwarded, and you.',
    params: IdParams,
    querystring: SuggestionsQuery,
    response: { 200: z.object({ suggestions: z.array(Suggestion) }) },
  },
  forwardStatement: {
    method: 'POST',
    url: '/api/statements/:id/forwards',
    tags: ['forwards'],
    summary: 'Forward a statement to a member (in-app notification) or an outside expert (an email with a link to this statement alone)',
    description:
      "Give one of userId (a member), personId (a directory expert) or email (a member's address means the member; an unknown address " +
      "adds the expert to the directory first, owners and hosts only, named by `name`). An expert's link expires after FORWARD_LINK_DAYS; " +
      'it is returned once here as `link` and sent by email.',
    params: IdParams,
    body: CreateForwardBody,
    response: {
      201: z.object({ forward: Forward, link: z.string().nullable().describe("the expert's link (shown once); null for members") }),
    },
  },
  listForwards: {
    method: 'GET',
    url: '/api/statements/:id/forwards',
    tags: ['forwards'],
    summary: 'Forwards of this statement: to whom, by whom, and whether they were opened, answered, expired or revoked',
    params: IdParams,
    response: { 200: z.object({ forwards: z.array(Forward) }) },
  },
  revokeForward: {
    method: 'DELETE',
    url: '/api/forwards/:id',
    tags: ['forwards'],
    summary: "Revoke a forward (owners, hosts and the forwarder): an expert's link stops working at once",
    params: IdParams,
    response: { 200: ForwardAnswer },
  },
});
