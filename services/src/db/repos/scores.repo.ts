/** Reviewers' reviews of a candidate (comment, submission) and their scores per rubric criterion. */
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

export const scoresRepo = (q: Queryable) => ({
  /** Reviews of the given candidates (submitted first), by one reviewer or all, submitted only or not. */
  reviews: (invitationIds: string[], where: { reviewerId?: string; submittedOnly?: boolean }) =>
    q.query<ReviewRow>(
      `select r.invitation_id, r.reviewer_id, u.name as reviewer_name, r.comment, r.submitted_at
         from reviews r join users u on u.id = r.reviewer_id
        where r.invitation_id = any($1::uuid[]) and ($2::uuid is null or r.reviewer_id = $2) and (not $3 or r.submitted_at is not null)
        order by r.submitted_at nulls last, u.name, r.reviewer_id`,
      [invitationIds, where.reviewerId ?? null, where.submittedOnly ?? false],
    ),

  /** Scores of the given candidates, by one reviewer or all, in rubric order. */
  scores: (invitationIds: string[], reviewerId?: string) =>
    q.query<ScoreRow>(
      `select sc.invitation_id, sc.reviewer_id, sc.criterion_id, sc.value, sc.comment
         from scores sc join criteria c on c.id = sc.criterion_id
        where sc.invitation_id = any($1::uuid[]) and ($2::uuid is null or sc.reviewer_id = $2)
        order by c.position`,
      [invitationIds, reviewerId ?? null],
    ),

  /** How many reviews are submitted, per candidate that has any. */
  submittedCounts: (invitationIds: string[]) =>
    q.query<{ invitation_id: string; n: number }>(
      `select invitation_id, count(*)::int as n from reviews where invitation_id = any($1::uuid[]) and submitted_at is not null group by invitation_id`,
      [invitationIds],
    ),

  /** The reviewer's review row, created if needed and locked for the transaction. */
  openReview: async (invitationId: string, reviewerId: string) => {
    await q.query(`insert into reviews (invitation_id, reviewer_id) values ($1, $2) on conflict do nothing`, [invitationId, reviewerId]);
    return (await one<{ submitted_at: Date | null }>(
      q,
      `select submitted_at from reviews where invitation_id = $1 and reviewer_id = $2 for update`,
      [invitationId, reviewerId],
    ))!;
  },

  /** The reviewer's scores become exactly those given. */
  replaceScores: async (invitationId: string, reviewerId: string, scores: { criterionId: string; value: number; comment: string }[]) => {
    await q.query(`delete from scores where invitation_id = $1 and reviewer_id = $2`, [invitationId, reviewerId]);
    if (scores.length === 0) return;
    await q.query(
      `insert into scores (invitation_id, reviewer_id, criterion_id, value, comment)
       select $1, $2, t.criterion_id, t.value, t.comment from unnest($3::uuid[], $4::int[], $5::text[]) as t(criterion_id, value, comment)`,
      [invitationId, reviewerId, scores.map((x) => x.criterionId), scores.map((x) => x.value), scores.map((x) => x.comment)],
    );
  },

  /** Touches the review; its comment changes only when one is given. */
  updateComment: (invitationId: string, reviewerId: string, comment: string | null) =>
    q.query(`update reviews set comment = coalesce($3, comment), updated_at = now() where invitation_id = $1 and reviewer_id = $2`, [
      invitationId,
      reviewerId,
      comment,
    ]),

  /** The names of the opening's criteria the reviewer has not scored, in rubric order. */
  unscoredCriteria: async (conferenceId: string, invitationId: string, reviewerId: string): Promise<string[]> => {
    const rows = await q.query<{ name: string }>(
      `select c.name from criteria c
        where c.conference_id = $1
          and not exists (select 1 from scores sc where sc.criterion_id = c.id and sc.invitation_id = $2 and sc.reviewer_id = $3)
        order by c.position`,
      [conferenceId, invitationId, reviewerId],
    );
    return rows.map((r) => r.name);
  },

  submit: (invitationId: string, reviewerId: string) =>
    q.query(`update reviews set submitted_at = now(), updated_at = now() where invitation_id = $1 and reviewer_id = $2`, [
      invitationId,
      reviewerId,
    ]),

  /** Every review and score about a candidate. */
  deleteFor: async (invitationId: string) => {
    await q.query(`delete from scores where invitation_id = $1`, [invitationId]);
    await q.query(`delete from reviews where invitation_id = $1`, [invitationId]);
  },
});
