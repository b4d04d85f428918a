/**
 * Takes: every recording a candidate starts is counted, whether they keep it or not, so a question
 * allows 1 + retakes attempts (plus any a host grants: extra-takes.ts) and no more. Counting
 * happens under the invitation's row lock, so two tabs starting at once cannot both get the last take.
 */
import type { CandidateTake } from '@colloquy/contract';
import { badRequest, conflict } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { answersRepo } from '../db/repos/answers.repo.ts';
import { invitationsRepo } from '../db/repos/invitations.repo.ts';
import { takesRepo } from '../db/repos/takes.repo.ts';
import type { Services } from '../services.ts';
import { assertCanAnswer, lockInvitation, questionOf, type CandidateInvitation, type QuestionRow } from './candidate.ts';

export const practiceNotUploaded = () =>
  badRequest('a practice question stays in your browser: it is never recorded on the server', 'E_PRACTICE_NOT_UPLOADED');

/** A real question of the invitation that has no kept answer yet: what takes and uploads are for. */
export async function openQuestion(q: Queryable, inv: CandidateInvitation, questionId: string): Promise<QuestionRow> {
  const question = await questionOf(q, inv, questionId);
  if (question.is_practice) throw practiceNotUploaded();
  if (await answersRepo(q).isAnswered(inv.id, question.id)) throw conflict('this question is already answered', 'E_ALREADY_ANSWERED');
  return question;
}

/** The number of the latest take of a question, 0 when none was started. */
export const latestTake = (q: Queryable, invitationId: string, questionId: string): Promise<number> =>
  takesRepo(q).latest(invitationId, questionId);

export async function startTake(s: Pick<Services, 'db'>, invitationId: string, questionId: string): Promise<CandidateTake> {
  return s.db.tx(async (q) => {
    const inv = await lockInvitation(q, invitationId);
    assertCanAnswer(inv);
    const question = await openQuestion(q, inv, questionId);
    const allowed = await takesRepo(q).allowed(inv.id, question.id); // 1 + retakes + any a host granted
    const used = await latestTake(q, inv.id, question.id);
    if (used >= allowed) throw conflict(`no retakes left: ${allowed} take${allowed === 1 ? '' : 's'} allowed`, 'E_NO_RETAKES_LEFT');
    const take = used + 1;
    await takesRepo(q).record(inv.id, question.id, take);
    await invitationsRepo(q).markStarted(inv.id);
    return { take, takesUsed: take, takesLeft: allowed - take };
  });
}
