/**
 * Reviewers' reviews of a candidate (comment, submission) and their scores per rubric criterion,
 * for one round: the one-way answers or the live interview. Rounds never mix.
 */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export interface ReviewRow {
  invitation_id: string;
  reviewer_id: string;
  reviewer_name: string;
  comment: string;
  submitted_at: Date | null;
}

export interface ScoreRow {
  invitation_id: string;
  reviewer_id: string;
  criterion_id: string;
  value: number;
  comment: string;
}

export type ReviewRound = 'one-way' | 'live';

export const scoresRepo = (q: Queryable, round: ReviewRound = 'one-way') => ({
  /** Reviews of the given candidates (submitted first), by one reviewer or all, submitted only or not. */
  reviews: (invitationIds: string[], where: { reviewerId?: string; submittedOnly?: boolean }) =>
    q.query<ReviewRow>(
      `select r.invitation_id, r.reviewer_id, u.name as reviewer_name, r.comment, r.submitted_at
         from reviews r join users u on u.id = r.reviewer_id
        where r.invitation_id = any($1::uuid[]) and ($2::uuid is null or r.reviewer_id = $2) and (not $3 or r.submitted_at is not null)
          and r.round = $4
        order by r.submitted_at nulls last, u.name, r.reviewer_id`,
      [invitationIds, where.reviewerId ?? null, where.submittedOnly ?? false, round],
    ),

  /** Scores of the given candidates, by one reviewer or all, in rubric order. */
  scores: (invitationIds: string[], reviewerId?: string) =>
    q.query<ScoreRow>(
      `select sc.invitation_id, sc.reviewer_id, sc.criterion_id, sc.value, sc.comment
         from scores sc join criteria c on c.id = sc.criterion_id
        where sc.invitation_id = any($1::uuid[]) and ($2::uuid is null or sc.reviewer_id = $2) and sc.round = $3
        order by c.position`,
      [invitationIds, reviewerId ?? null, round],
    ),

  /** How many reviews are submitted, per candidate that has any. */
  submittedCounts: (invitationIds: string[]) =>
    q.query<{ invitation_id: string; n: number }>(
      `select invitation_id, count(*)::int as n from reviews
        where invitation_id = any($1::uuid[]) and submitted_at is not null and round = $2 group by invitation_id`,
      [invitationIds, round],
    ),

  /** The reviewer's review row, created if needed and locked for the transaction. */
  openReview: async (invitationId: string, reviewerId: string) => {
    await q.query(`insert into reviews (invitation_id, reviewer_id, round) values ($1, $2, $3) on conflict do nothing`, [
      invitationId,
      reviewerId,
      round,
    ]);
    return (await one<{ submitted_at: Date | null }>(
      q,
      `select submitted_at from reviews where invitation_id = $1 and reviewer_id = $2 and round = $3 for update`,
      [invitationId, reviewerId, round],
    ))!;
  },

  /** The reviewer's scores become exactly those given. */
  replaceScores: async (invitationId: string, reviewerId: string, scores: { criterionId: string; value: number; comment: string }[]) => {
    await q.query(`delete from scores where invitation_id = $1 and reviewer_id = $2 and round = $3`, [invitationId, reviewerId, round]);
    if (scores.length === 0) return;
    await q.query(
      `insert into scores (invitation_id, reviewer_id, criterion_id, value, comment, round)
       select $1, $2, t.criterion_id, t.value, t.comment, $6 from unnest($3::uuid[], $4::int[], $5::text[]) as t(criterion_id, value, comment)`,
      [invitationId, reviewerId, scores.map((x) => x.criterionId), scores.map((x) => x.value), scores.map((x) => x.comment), round],
    );
  },

  /** Touches the review; its comment changes only when one is given. */
  updateComment: (invitationId: string, reviewerId: string, comment: string | null) =>
    q.query(
      `update reviews set comment = coalesce($3, comment), updated_at = now() where invitation_id = $1 and reviewer_id = $2 and round = $4`,
      [invitationId, reviewerId, comment, round],
    ),

  /** The names of the opening's criteria the reviewer has not scored, in rubric order. */
  unscoredCriteria: async (conferenceId: string, invitationId: string, reviewerId: string): Promise<string[]> => {
    const rows = await q.query<{ name: string }>(
      `select c.name from criteria c
        where c.conference_id = $1
          and not exists (select 1 from scores sc where sc.criterion_id = c.id and sc.invitation_id = $2 and sc.reviewer_id = $3 and sc.round = $4)
        order by c.position`,
      [conferenceId, invitationId, reviewerId, round],
    );
    return rows.map((r) => r.name);
  },

  submit: (invitationId: string, reviewerId: string) =>
    q.query(`update reviews set submitted_at = now(), updated_at = now() where invitation_id = $1 and reviewer_id = $2 and round = $3`, [
      invitationId,
      reviewerId,
      round,
    ]),

  /** Every review and score about a candidate, in every round. */
  deleteFor: async (invitationId: string) => {
    await q.query(`delete from scores where invitation_id = $1`, [invitationId]);
    await q.query(`delete from reviews where invitation_id = $1`, [invitationId]);
  },
});
