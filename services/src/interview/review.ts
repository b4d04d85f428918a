/**
 * What reviewers see: the grid of an opening (candidates × non-practice questions, with each
 * answer's status and gist, their own review, how many reviews are in and the live round's
 * recording, which search finds beside the answers) and one answer in full.
 * Practice questions never appear; revoked candidates neither; a candidate whose data was deleted
 * stays as a row with status 'deleted' and no answers, so the counts still add up.
 */
import type { AnswerDetail, InterviewAnswer, ReviewGrid } from '@colloquy/contract';
import type { Queryable } from '../db/db.ts';
import { answersRepo, type AnswerListRow } from '../db/repos/answers.repo.ts';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { liveRoundsRepo } from '../db/repos/live-rounds.repo.ts';
import { questionSetsRepo } from '../db/repos/question-sets.repo.ts';
import { scoresRepo } from '../db/repos/scores.repo.ts';
import { contributionDetail } from '../contributions/detail.ts';
import type { Services } from '../services.ts';
import { answerEvidence } from './evidence.ts';
import { invitationStatus } from './invitation-links.ts';
import { answerForMember, openingForMember, reviewableInvitations } from './review-access.ts';
import { NO_REVIEW, reviewsOf } from './scoring.ts';
import { criteriaOf as openingCriteria, criterionView } from './interviews.ts';
import { questionView } from './question-sets.ts';

export const reviewQuestions = (q: Queryable, questionSetId: string) => questionSetsRepo(q).realQuestions(questionSetId);

/** An answer as the contract's `InterviewAnswer`. `withGist` is false when the opening has AI summaries off. */
export const answerView = (a: AnswerListRow, withGist: boolean): InterviewAnswer => ({
  id: a.id,
  invitationId: a.invitation_id,
  questionId: a.question_id,
  contributionId: a.contribution_id,
  take: a.take,
  durationMs: a.duration_ms,
  status: a.contribution_id && a.status ? a.status : 'deleted',
  gist: withGist ? a.gist : null,
  statementCount: a.statement_count,
});

export async function reviewGrid(s: Pick<Services, 'db'>, conferenceId: string, userId: string): Promise<ReviewGrid> {
  const opening = await openingForMember(s.db, conferenceId, userId);
  const [questions, criteria, invitations] = await Promise.all([
    reviewQuestions(s.db, opening.questionSetId),
    openingCriteria(s.db, conferenceId),
    reviewableInvitations(s.db, conferenceId),
  ]);
  const ids = invitations.map((i) => i.id);
  const [answers, mine, submitted, live] = await Promise.all([
    answersRepo(s.db).listedForInvitations(ids),
    reviewsOf(s.db, ids, userId),
    scoresRepo(s.db).submittedCounts(ids),
    liveRoundsRepo(s.db).contributionsOf(ids),
  ]);
  const submittedCount = new Map(submitted.map((r) => [r.invitation_id, r.n]));
  const liveContribution = new Map(live.map((r) => [r.invitation_id, r.contribution_id]));
  return {
    questions: questions.map(questionView),
    criteria: criteria.map(criterionView),
    candidates: invitations.map((inv) => {
      const status = invitationStatus(inv);
      return {
        invitationId: inv.id,
        name: inv.candidate_name,
        status,
        completedAt: inv.completed_at?.toISOString() ?? null,
        decision: inv.decision,
        answers:
          status === 'deleted' ? [] : answers.filter((a) => a.invitation_id === inv.id).map((a) => answerView(a, opening.aiSummaries)),
        myReview: mine.get(inv.id) ?? NO_REVIEW,
        reviewsSubmitted: submittedCount.get(inv.id) ?? 0,
        liveContributionId: status === 'deleted' ? null : (liveContribution.get(inv.id) ?? null),
      };
    }),
  };
}

/** GET /api/answers/:id: the answer, its question, its candidate, the contribution in full and the AI evidence. */
export async function answerDetail(
  s: Pick<Services, 'ai' | 'config' | 'db' | 'queue'>,
  answerId: string,
  userId: string,
): Promise<AnswerDetail> {
  const { answer, invitation, opening } = await answerForMember(s.db, answerId, userId);
  const row = (await answersRepo(s.db).listedById(answer.id))!;
  const question = (await questionSetsRepo(s.db).questionById(answer.question_id))!;
  const answered = answer.contribution_id ? await contributionsRepo(s.db).byId(answer.contribution_id) : undefined;
  // With AI summaries off for the opening, what a model wrote about the candidate is left out, as promised in the consent step.
  const contribution = answered ? await contributionDetail(s.db, answered, { withAi: opening.aiSummaries }) : null;
  const evidence = contribution
    ? await answerEvidence(s, {
        contributionId: contribution.id,
        questionId: answer.question_id,
        conferenceId: opening.conferenceId,
        aiSummaries: opening.aiSummaries,
      })
    : null;
  return {
    answer: answerView(row, opening.aiSummaries),
    question: questionView(question),
    candidate: { invitationId: invitation.id, name: invitation.candidate_name },
    contribution,
    evidence,
  };
}
