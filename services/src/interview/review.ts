/**
 * What reviewers see: the grid of an opening (candidates × non-practice questions, with each
 * answer's status and gist, their own review and how many reviews are in) and one answer in full.
 * Practice questions never appear; revoked candidates neither; a candidate whose data was deleted
 * stays as a row with status 'deleted' and no answers, so the counts still add up.
 */
import type { AnswerDetail, InterviewAnswer, ReviewGrid } from '@colloquy/contract';
import type { Queryable } from '../db/db.ts';
import { contributionsRepo, type ContributionRow } from '../db/repos/contributions.repo.ts';
import { contributionDetail } from '../contributions/detail.ts';
import type { Services } from '../services.ts';
import { answerEvidence } from './evidence.ts';
import { invitationStatus } from './invitation-links.ts';
import { answerForMember, openingForMember, reviewableInvitations, type AnswerRow } from './review-access.ts';
import { NO_REVIEW, reviewsOf } from './scoring.ts';
import { criteriaOf as openingCriteria, criterionView } from './interviews.ts';
import { questionView, type QuestionRow } from './question-sets.ts';

export const reviewQuestions = (q: Queryable, questionSetId: string) =>
  q.query<QuestionRow>(`select * from questions where question_set_id = $1 and not is_practice order by position`, [questionSetId]);

/** An answer row with its contribution's status, its gist (see ANSWERS) and its statement count. */
interface AnswerListRow extends AnswerRow {
  status: ContributionRow['status'] | null;
  gist: string | null;
  statement_count: number;
}

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

/**
 * The gist of an answer: the title its summary was given, else its first statement's gist. A
 * summary title that merely repeats the contribution's own title says nothing, so it is skipped.
 */
const ANSWERS = `select a.id, a.invitation_id, a.question_id, a.contribution_id, a.take, a.duration_ms, c.status,
       coalesce(nullif(nullif(cs.title, ''), c.title), (select s.gist from statements s where s.contribution_id = c.id order by s.seq limit 1)) as gist,
       (select count(*)::int from statements s where s.contribution_id = c.id) as statement_count
  from answers a join questions qu on qu.id = a.question_id
  left join contributions c on c.id = a.contribution_id left join contribution_summaries cs on cs.contribution_id = c.id`;

export async function reviewGrid(s: Services, conferenceId: string, userId: string): Promise<ReviewGrid> {
  const opening = await openingForMember(s.db, conferenceId, userId);
  const [questions, criteria, invitations] = await Promise.all([
    reviewQuestions(s.db, opening.questionSetId),
    openingCriteria(s.db, conferenceId),
    reviewableInvitations(s.db, conferenceId),
  ]);
  const ids = invitations.map((i) => i.id);
  const [answers, mine, submitted] = await Promise.all([
    s.db.query<AnswerListRow>(`${ANSWERS} where a.invitation_id = any($1::uuid[]) and not qu.is_practice order by qu.position`, [ids]),
    reviewsOf(s.db, ids, userId),
    s.db.query<{ invitation_id: string; n: number }>(
      `select invitation_id, count(*)::int as n from reviews where invitation_id = any($1::uuid[]) and submitted_at is not null group by invitation_id`,
      [ids],
    ),
  ]);
  const submittedCount = new Map(submitted.map((r) => [r.invitation_id, r.n]));
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
      };
    }),
  };
}

/** GET /api/answers/:id: the answer, its question, its candidate, the contribution in full and the AI evidence. */
export async function answerDetail(s: Services, answerId: string, userId: string): Promise<AnswerDetail> {
  const { answer, invitation, opening } = await answerForMember(s.db, answerId, userId);
  const [row] = await s.db.query<AnswerListRow>(`${ANSWERS} where a.id = $1`, [answer.id]);
  const [question] = await s.db.query<QuestionRow>(`select * from questions where id = $1`, [answer.question_id]);
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
