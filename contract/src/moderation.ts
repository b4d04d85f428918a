import { z } from 'zod';
import { Id, IdParams } from './common.ts';
import { defineOperations } from './operation.ts';
import { StatementInConference } from './statements.ts';

/**
 * Moderation and deletion. A contribution's author, and the space's owners and hosts, delete it;
 * owners and hosts delete or hide a statement. Anyone else gets 404, as if it were not there.
 */

/** What was deleted, and the statements that went with it. */
export const DeletedItem = z.object({
  kind: z.enum(['contribution', 'statement']),
  id: Id,
  statements: z.int().describe('statements removed with it'),
});
export type DeletedItem = z.infer<typeof DeletedItem>;

const DeletedAnswer = z.object({ deleted: DeletedItem });
const StatementAnswer = z.object({ statement: StatementInConference });

export const moderationOperations = defineOperations({
  deleteContribution: {
    method: 'DELETE',
    url: '/api/contributions/:id',
    tags: ['moderation'],
    summary:
      'Delete a contribution for good: its media files, statements, vectors, labels, summary, reactions and views (its author, owners, hosts)',
    description:
      'Its pending pipeline jobs are cancelled (a running one ends quietly), notifications about it lose the text they quoted, ' +
      'expert links to its statements answer 410 E_LINK_REMOVED, and exports of its conference are expired. Replies to it stay, ' +
      'as replies to nothing. Other members and outsiders get 404.',
    params: IdParams,
    response: { 200: DeletedAnswer },
  },
  deleteStatement: {
    method: 'DELETE',
    url: '/api/statements/:id',
    tags: ['moderation'],
    summary: 'Delete one statement for good, like a contribution (owners and hosts; anyone else gets 404)',
    description: 'Its words leave the transcript, captions, summary, search and digests; its labels, reactions and forwards go with it.',
    params: IdParams,
    response: { 200: DeletedAnswer },
  },
  hideStatement: {
    method: 'POST',
    url: '/api/statements/:id/hide',
    tags: ['moderation'],
    summary: 'Hide a statement from members: kept, recoverable by unhiding (owners and hosts; anyone else gets 404)',
    description:
      'Members no longer find it anywhere (thread, player, captions, search, ask, digests, feed, suggestions, exports, expert links: 410); ' +
      'owners and hosts still see it in the thread and player, marked `hidden`.',
    params: IdParams,
    response: { 200: StatementAnswer },
  },
  unhideStatement: {
    method: 'POST',
    url: '/api/statements/:id/unhide',
    tags: ['moderation'],
    summary: 'Show a hidden statement to members again (owners and hosts; anyone else gets 404)',
    params: IdParams,
    response: { 200: StatementAnswer },
  },
});
