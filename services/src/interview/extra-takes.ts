/**
 * A host grants a candidate one more take of a question, for when a recording was lost after the
 * take was counted (the browser crashed, the tab closed before "Keep") and the candidate has none
 * left: without it they could never answer that question, so never finish. Grants add to the
 * question's allowance (db/repos/takes.repo.ts); the takes already counted stay as they were.
 */
import { badRequest, conflict, notFound } from '../core/errors.ts';
import { answersRepo } from '../db/repos/answers.repo.ts';
import { takesRepo } from '../db/repos/takes.repo.ts';
import type { Services } from '../services.ts';
import { isUuid, lockInvitation, questionOf } from './candidate.ts';
import { invitationStatus, type InvitationState } from './invitation-links.ts';
import { invitationById, invitationForHost, invitationView } from './invitations.ts';

/** Only a candidate who can still record can use another take. */
function assertCanStillRecord(invitation: InvitationState) {
  const status = invitationStatus(invitation);
  if (status !== 'invited' && status !== 'started') {
    throw conflict(
      `this invitation is ${status}: the candidate can no longer record, so another take would not help`,
      'E_INVITATION_CLOSED',
    );
  }
}

/** Allows the candidate one more take of a real, unanswered question (owners and hosts); returns the Invitation. */
export async function grantExtraTake(s: Pick<Services, 'db' | 'log'>, invitationId: string, questionId: string, userId: string) {
  assertCanStillRecord(await invitationForHost(s.db, invitationId, userId, 'allow another take'));
  if (!isUuid(questionId)) throw notFound('question');
  await s.db.tx(async (q) => {
    // Under the row lock takes are counted with, so a grant never races a take or an answer.
    const inv = await lockInvitation(q, invitationId);
    assertCanStillRecord(inv);
    const question = await questionOf(q, inv, questionId);
    if (question.is_practice) {
      throw badRequest('the practice question stays in the candidate’s browser: it has no counted takes', 'E_PRACTICE_NOT_UPLOADED');
    }
    if (await answersRepo(q).isAnswered(inv.id, question.id))
      throw conflict('the candidate already answered this question', 'E_ALREADY_ANSWERED');
    await takesRepo(q).grantExtra(inv.id, question.id, userId);
  });
  s.log.info({ invitationId, questionId }, 'extra take granted');
  return invitationView((await invitationById(s.db, invitationId))!);
}
