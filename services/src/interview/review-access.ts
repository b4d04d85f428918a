/**
 * Who may review: any member of the opening's space (hosts included). Everyone else gets the same
 * 404 as for a conference that does not exist, so nothing about an opening leaks. Revoked
 * invitations are not shown to reviewers, so they are not found here either.
 */
import { notFound } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { answersRepo } from '../db/repos/answers.repo.ts';
import { interviewsRepo, type OpeningAccess } from '../db/repos/interviews.repo.ts';
import { invitationsRepo } from '../db/repos/invitations.repo.ts';

export async function openingForMember(q: Queryable, conferenceId: string, userId: string): Promise<OpeningAccess> {
  return (await interviewsRepo(q).accessForUser(conferenceId, userId)) ?? Promise.reject(notFound('interview'));
}

/** Candidates reviewers see: everyone invited but not revoked, in invitation order. */
export const reviewableInvitations = (q: Queryable, conferenceId: string) => invitationsRepo(q).reviewable(conferenceId);

/** A candidate a member may review, with the opening it belongs to. */
export async function invitationForMember(q: Queryable, invitationId: string, userId: string) {
  const row = await invitationsRepo(q).reviewableById(invitationId);
  if (!row) throw notFound('invitation');
  const opening = await interviewsRepo(q).accessForUser(row.conference_id, userId);
  if (!opening) throw notFound('invitation');
  return { invitation: row, opening };
}

/** One answer (never to a practice question) a member may review, with its candidate and opening. */
export async function answerForMember(q: Queryable, answerId: string, userId: string) {
  const answer = await answersRepo(q).realById(answerId);
  if (!answer) throw notFound('answer');
  const { invitation, opening } = await invitationForMember(q, answer.invitation_id, userId).catch(() =>
    Promise.reject(notFound('answer')),
  );
  return { answer, invitation, opening };
}
