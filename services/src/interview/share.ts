/**
 * Sharing one answer with an outside reviewer: a forward of the answer's first statement whose
 * expert link covers the whole answer (forwards.whole_contribution), so the link opens all of
 * that answer and nothing else: not the candidate's other answers, not other candidates. It is
 * an ordinary forward otherwise: emailed, expiring after FORWARD_LINK_DAYS, listed with the
 * statement's forwards and revoked with DELETE /api/forwards/:id.
 *
 * As with any forward, only owners and hosts may add someone new to the space's directory; a
 * member shares with people already in it.
 */
import type { ShareAnswerBody, SharedAnswer } from '@colloquy/contract';
import { conflict } from '../core/errors.ts';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { questionSetsRepo } from '../db/repos/question-sets.repo.ts';
import type { UserRow } from '../db/repos/users.repo.ts';
import { createForward } from '../forwards/forwards.ts';
import type { Services } from '../services.ts';
import { answerForMember } from './review-access.ts';

/** A new directory entry's name defaults to the address's local part; the note to the question the answer answers. */
export async function shareAnswer(
  s: Pick<Services, 'ai' | 'config' | 'db' | 'queue' | 'publicBase'>,
  answerId: string,
  user: UserRow,
  input: ShareAnswerBody,
): Promise<SharedAnswer> {
  const { answer, invitation, opening } = await answerForMember(s.db, answerId, user.id);
  if (invitation.deleted_at || !answer.contribution_id)
    throw conflict("this answer was deleted with the candidate's data", 'E_ANSWER_DELETED');
  const [first] = await contributionsRepo(s.db).statements(answer.contribution_id);
  if (!first) throw conflict('this answer is still being processed: share it once its transcript is ready', 'E_ANSWER_NOT_READY');
  const statement = (await contributionsRepo(s.db).statementForUser(first.id, user.id))!;
  const question = (await questionSetsRepo(s.db).questionById(answer.question_id))!;
  const note = input.note?.trim() || question.prompt;
  const { forward, link } = await createForward(
    s,
    statement,
    { user, role: opening.role },
    { email: input.email, name: input.name },
    note,
    {
      wholeContribution: true,
    },
  );
  return { forward: { id: forward.id, expiresAt: forward.expires_at?.toISOString() ?? null }, link };
}
