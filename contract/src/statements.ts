import { z } from 'zod';
import { Text } from './text.ts';
import { Id, IdParams, IsoDate } from './common.ts';
import { Statement } from './contributions.ts';
import { defineOperations } from './operation.ts';

export const LabelKind = z.enum(['act', 'topic']);
const LabelValue = Text(60, { min: 1 });

export const AddLabelBody = z.object({ kind: LabelKind, value: LabelValue });
export type AddLabelBody = z.infer<typeof AddLabelBody>;

/** A statement with where it was said. */
export const StatementInConference = Statement.extend({ conferenceId: Id });
export type StatementInConference = z.infer<typeof StatementInConference>;

const StatementAnswer = z.object({ statement: StatementInConference });

/** The limits of a correction, checked by the server with their own error codes. */
export const STATEMENT_TEXT_MAX = 10_000;
export const SPEAKER_MAX = 200;

export const EditStatementBody = z.object({
  text: Text(STATEMENT_TEXT_MAX).optional().describe(`what was said: 1–${STATEMENT_TEXT_MAX} characters, not blank (E_BAD_STATEMENT_TEXT)`),
  speaker: Text(SPEAKER_MAX)
    .nullable()
    .optional()
    .describe(`who said it: 1–${SPEAKER_MAX} characters, or null for an unknown speaker (E_BAD_SPEAKER)`),
  baseRevision: z
    .int()
    .min(0)
    .max(2_147_483_647)
    .optional()
    .describe('the revision the correction was made on: 409 E_STATEMENT_CHANGED if someone saved another since'),
});
export type EditStatementBody = z.infer<typeof EditStatementBody>;

/** One saved correction: who made it, when, and what changed. */
export const StatementRevision = z.object({
  revision: z.int(),
  at: IsoDate,
  editor: z.object({ userId: Id.nullable(), name: z.string().nullable() }),
  text: z.object({ before: z.string(), after: z.string() }),
  speaker: z.object({ before: z.string().nullable(), after: z.string().nullable() }),
});
export type StatementRevision = z.infer<typeof StatementRevision>;

export const statementsOperations = defineOperations({
  getStatement: {
    method: 'GET',
    url: '/api/statements/:id',
    tags: ['statements'],
    summary: 'A statement with its labels',
    params: IdParams,
    response: { 200: StatementAnswer },
  },
  addLabel: {
    method: 'POST',
    url: '/api/statements/:id/labels',
    tags: ['statements'],
    summary: 'Add a label (a dialogue act or a topic tag); user labels are never overwritten by the AI',
    params: IdParams,
    body: AddLabelBody,
    response: { 201: StatementAnswer },
  },
  editStatement: {
    method: 'PATCH',
    url: '/api/statements/:id',
    tags: ['statements'],
    summary: 'Correct what was heard: the text and/or the speaker (its author, owners and hosts)',
    description:
      'The statement keeps its id; the words left unchanged keep their times, the written ones get times between them. ' +
      'The correction is kept in the history, search and captions show it at once, and its vector, labels (the AI’s; ' +
      'user labels and removals stay) and gist, its contribution’s summary and its author’s profile are redone in the ' +
      'background (`updating` until then). Other members get 403, people outside the space 404.',
    params: IdParams,
    body: EditStatementBody,
    response: { 200: StatementAnswer },
  },
  statementHistory: {
    method: 'GET',
    url: '/api/statements/:id/history',
    tags: ['statements'],
    summary: 'The corrections of a statement, newest first: who, when, and the text and speaker before and after',
    params: IdParams,
    response: { 200: z.object({ revisions: z.array(StatementRevision) }) },
  },
  removeLabel: {
    method: 'DELETE',
    url: '/api/statements/:id/labels/:kind/:value',
    tags: ['statements'],
    summary: 'Remove a label; an AI label removed by a user stays removed when the statement is labelled again',
    params: z.object({ id: Id, kind: LabelKind, value: LabelValue }),
    response: { 200: StatementAnswer },
  },
});
