/**
 * Scoring a candidate against the rubric, blind until done: a reviewer's draft is theirs alone,
 * and they see nobody else's scores (nor the aggregate) until they have submitted their own. Once
 * submitted, a review is final. Only submitted reviews are ever shown to others or aggregated.
 */
import {
  REVIEW_COMMENT_MAX,
  type InvitationScores,
  type OthersReview,
  type Review,
  type SaveScoresBody,
  type Shortlist,
} from '@colloquy/contract';
import { badRequest, conflict } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { scoresRepo, type ReviewRound } from '../db/repos/scores.repo.ts';
import type { UserRow } from '../db/repos/users.repo.ts';
import type { Services } from '../services.ts';
import { aggregateReviews, rankByMean, type Aggregate } from './aggregates.ts';
import { criteriaOf as openingCriteria, type CriterionRow } from './interviews.ts';
import { invitationStatus } from './invitation-links.ts';
import { invitationForMember, openingForMember, reviewableInvitations } from './review-access.ts';

/** Reviews with their scores (scores in rubric order), for the given candidates and, optionally, one reviewer. */
async function loadReviews(
  q: Queryable,
  invitationIds: string[],
  where: { reviewerId?: string; submittedOnly?: boolean },
  round: ReviewRound,
) {
  const reviews = await scoresRepo(q, round).reviews(invitationIds, where);
  const scores = await scoresRepo(q, round).scores(invitationIds, where.reviewerId);
  return reviews.map((r) => ({
    row: r,
    review: {
      submittedAt: r.submitted_at?.toISOString() ?? null,
      comment: r.comment,
      scores: scores
        .filter((s) => s.invitation_id === r.invitation_id && s.reviewer_id === r.reviewer_id)
        .map((s) => ({ criterionId: s.criterion_id, value: s.value, comment: s.comment })),
    } satisfies Review,
  }));
}

/** The caller's own review of each candidate that has one, by invitation id. */
export async function reviewsOf(
  q: Queryable,
  invitationIds: string[],
  reviewerId: string,
  round: ReviewRound = 'one-way',
): Promise<Map<string, Review>> {
  const loaded = await loadReviews(q, invitationIds, { reviewerId }, round);
  return new Map(loaded.map((l) => [l.row.invitation_id, l.review]));
}

export const NO_REVIEW: Review = { submittedAt: null, comment: '', scores: [] };

async function myReview(q: Queryable, invitationId: string, reviewerId: string, round: ReviewRound): Promise<Review> {
  return (await reviewsOf(q, [invitationId], reviewerId, round)).get(invitationId) ?? NO_REVIEW;
}

/** Every submitted review of each candidate: what aggregates are made of. */
export async function submittedReviews(q: Queryable, invitationIds: string[], round: ReviewRound = 'one-way') {
  return loadReviews(q, invitationIds, { submittedOnly: true }, round);
}

const scales = (criteria: CriterionRow[]) => criteria.map((c) => ({ id: c.id, scaleMin: c.scale_min, scaleMax: c.scale_max }));

export function aggregateOf(criteria: CriterionRow[], reviews: Review[]): Aggregate | null {
  return aggregateReviews(scales(criteria), reviews);
}

/** GET /api/invitations/:id/scores: mine always; the others and the aggregate only once mine is submitted. */
export async function readScores(
  s: Pick<Services, 'db'>,
  invitationId: string,
  user: UserRow,
  round: ReviewRound = 'one-way',
): Promise<InvitationScores> {
  const { invitation, opening } = await invitationForMember(s.db, invitationId, user.id);
  const mine = await myReview(s.db, invitation.id, user.id, round);
  if (!mine.submittedAt) return { mine, others: null, aggregate: null };
  const [criteria, submitted] = await Promise.all([
    openingCriteria(s.db, opening.conferenceId),
    submittedReviews(s.db, [invitation.id], round),
  ]);
  const others: OthersReview[] = submitted
    .filter((r) => r.row.reviewer_id !== user.id)
    .map((r) => ({ reviewer: { id: r.row.reviewer_id, name: r.row.reviewer_name }, ...r.review }));
  return {
    mine,
    others,
    aggregate: aggregateOf(
      criteria,
      submitted.map((r) => r.review),
    ),
  };
}

/**
 * GET /api/interviews/:id/shortlist: candidates ranked by their aggregate. A caller sees the
 * aggregate (and a rank) only of candidates they have submitted a review of themselves; the rank
 * is among those. Ranked candidates come first, best first; the others follow in invitation order.
 */
export async function shortlist(s: Pick<Services, 'db'>, conferenceId: string, user: UserRow): Promise<Shortlist> {
  const opening = await openingForMember(s.db, conferenceId, user.id);
  const [invitations, criteria] = await Promise.all([
    reviewableInvitations(s.db, opening.conferenceId),
    openingCriteria(s.db, opening.conferenceId),
  ]);
  const submitted = await submittedReviews(
    s.db,
    invitations.map((i) => i.id),
  );
  const entries = invitations.map((inv) => {
    const reviews = submitted.filter((r) => r.row.invitation_id === inv.id);
    const visible = reviews.some((r) => r.row.reviewer_id === user.id);
    return {
      invitationId: inv.id,
      name: inv.candidate_name,
      status: invitationStatus(inv),
      decision: inv.decision,
      reviews: reviews.length,
      aggregate: visible
        ? aggregateOf(
            criteria,
            reviews.map((r) => r.review),
          )
        : null,
    };
  });
  const ranked = rankByMean(entries);
  const order = (r: number | null) => r ?? Number.POSITIVE_INFINITY;
  return {
    candidates: ranked
      .map((e, i) => ({ e, i }))
      .sort((a, b) => order(a.e.rank) - order(b.e.rank) || a.i - b.i)
      .map(({ e }) => e),
  };
}

/**
 * PUT /api/invitations/:id/scores: the draft's scores become exactly those given (a criterion left
 * out is unscored); the review comment changes only when given.
 */
export async function saveDraft(
  s: Pick<Services, 'db'>,
  invitationId: string,
  user: UserRow,
  input: SaveScoresBody,
  round: ReviewRound = 'one-way',
): Promise<Review> {
  const { invitation, opening } = await invitationForMember(s.db, invitationId, user.id);
  if (invitation.deleted_at) throw candidateDeleted();
  const criteria = new Map((await openingCriteria(s.db, opening.conferenceId)).map((c) => [c.id, c]));
  validateScores(input, criteria);

  await s.db.tx(async (q) => {
    const scores = scoresRepo(q, round);
    if ((await scores.openReview(invitation.id, user.id)).submitted_at)
      throw conflict('your review is submitted and can no longer be changed', 'E_REVIEW_SUBMITTED');
    await scores.replaceScores(
      invitation.id,
      user.id,
      input.scores.map((x) => ({ criterionId: x.criterionId, value: x.value, comment: x.comment?.trim() ?? '' })),
    );
    await scores.updateComment(invitation.id, user.id, input.comment === undefined ? null : input.comment.trim());
  });
  return myReview(s.db, invitation.id, user.id, round);
}

/** POST /api/invitations/:id/scores/submit: final once every criterion of the rubric is scored. Submitting again changes nothing. */
export async function submitReview(
  s: Pick<Services, 'db'>,
  invitationId: string,
  user: UserRow,
  round: ReviewRound = 'one-way',
): Promise<Review> {
  const { invitation, opening } = await invitationForMember(s.db, invitationId, user.id);
  if (invitation.deleted_at) throw candidateDeleted();
  await s.db.tx(async (q) => {
    const scores = scoresRepo(q, round);
    if ((await scores.openReview(invitation.id, user.id)).submitted_at) return;
    const missing = await scores.unscoredCriteria(opening.conferenceId, invitation.id, user.id);
    if (missing.length > 0) throw conflict(`score ${missing.map((name) => `“${name}”`).join(', ')} before submitting`, 'E_SCORES_MISSING');
    await scores.submit(invitation.id, user.id);
  });
  return myReview(s.db, invitation.id, user.id, round);
}

function validateScores(input: SaveScoresBody, criteria: Map<string, CriterionRow>) {
  const seen = new Set<string>();
  for (const score of input.scores) {
    const criterion = criteria.get(score.criterionId);
    if (!criterion) throw badRequest(`criterion ${score.criterionId} is not in this interview's rubric`, 'E_UNKNOWN_CRITERION');
    if (seen.has(score.criterionId)) throw badRequest(`“${criterion.name}” is scored twice`, 'E_VALIDATION');
    seen.add(score.criterionId);
    if (!Number.isInteger(score.value) || score.value < criterion.scale_min || score.value > criterion.scale_max) {
      throw badRequest(
        `“${criterion.name}” is scored from ${criterion.scale_min} to ${criterion.scale_max}, not ${score.value}`,
        'E_SCORE_OUT_OF_SCALE',
      );
    }
    if ((score.comment ?? '').length > REVIEW_COMMENT_MAX)
      throw badRequest(`a comment is at most ${REVIEW_COMMENT_MAX} characters`, 'E_VALIDATION');
  }
  if ((input.comment ?? '').length > REVIEW_COMMENT_MAX)
    throw badRequest(`a comment is at most ${REVIEW_COMMENT_MAX} characters`, 'E_VALIDATION');
}

const candidateDeleted = () => conflict("this candidate's data was deleted: there is nothing left to score", 'E_CANDIDATE_DELETED');
