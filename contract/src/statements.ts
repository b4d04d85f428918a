import { z } from 'zod';
import { Text } from './text.ts';
import { Id, IdParams } from './common.ts';
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
  removeLabel: {
    method: 'DELETE',
    url: '/api/statements/:id/labels/:kind/:value',
    tags: ['statements'],
    summary: 'Remove a label; an AI label removed by a user stays removed when the statement is labelled again',
    params: z.object({ id: Id, kind: LabelKind, value: LabelValue }),
    response: { 200: StatementAnswer },
  },
});
