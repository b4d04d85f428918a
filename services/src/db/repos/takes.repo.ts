/**
 * Takes (every recording a candidate starts, kept or not) and the extra takes hosts grant.
 * How many takes a question allows one candidate: 1 + the question's retakes + the takes a host
 * granted on top. The one definition, as SQL for the queries that list questions and as a
 * function for the moment a take starts.
 */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

/**
 * SQL for the takes a question allows, given SQL expressions for the invitation id and for the
 * questions row alias (its `id` and `retakes` are read).
 */
export const takesAllowedSql = (invitationId: string, question: string) =>
  `(1 + ${question}.retakes + coalesce((select e.granted from extra_takes e
      where e.invitation_id = ${invitationId} and e.question_id = ${question}.id), 0))`;

/** SQL for the takes already counted (started) for a question. */
export const takesUsedSql = (invitationId: string, question: string) =>
  `(select count(*)::int from takes t where t.invitation_id = ${invitationId} and t.question_id = ${question}.id)`;

/** A real question the candidate can no longer answer: no answer kept and every allowed take used. */
export interface StuckQuestion {
  questionId: string;
  /** 1-based position in the question list (practice included), as in Question. */
  position: number;
  /** 1-based among the real questions: "Question N" as the candidate and the review grid count. */
  number: number;
  prompt: string;
}

/**
 * SQL for a JSON array of StuckQuestion, in question order, given the SQL alias of an invitations
 * row (its `id` and `conference_id` are read).
 */
export const stuckQuestionsSql = (invitation: string) =>
  `(select coalesce(json_agg(json_build_object(
              'questionId', sq.id, 'position', sq.position, 'prompt', sq.prompt,
              'number', (select count(*)::int from questions rq
                          where rq.question_set_id = sq.question_set_id and not rq.is_practice and rq.position <= sq.position))
            order by sq.position), '[]'::json)
      from interviews sv join questions sq on sq.question_set_id = sv.question_set_id
     where sv.conference_id = ${invitation}.conference_id and not sq.is_practice
       and not exists (select 1 from answers sa where sa.invitation_id = ${invitation}.id and sa.question_id = sq.id)
       and ${takesUsedSql(`${invitation}.id`, 'sq')} >= ${takesAllowedSql(`${invitation}.id`, 'sq')})`;

export const takesRepo = (q: Queryable) => ({
  /** The takes a question allows this candidate now (0 for an unknown question). */
  allowed: async (invitationId: string, questionId: string): Promise<number> => {
    const row = await one<{ allowed: number }>(
      q,
      `select ${takesAllowedSql('$1', 'qq')}::int as allowed from questions qq where qq.id = $2`,
      [invitationId, questionId],
    );
    return row?.allowed ?? 0;
  },

  /** The number of the latest take of a question, 0 when none was started. */
  latest: async (invitationId: string, questionId: string): Promise<number> => {
    const row = await one<{ take: number }>(
      q,
      `select coalesce(max(take), 0)::int as take from takes where invitation_id = $1 and question_id = $2`,
      [invitationId, questionId],
    );
    return row!.take;
  },

  record: (invitationId: string, questionId: string, take: number) =>
    q.query(`insert into takes (invitation_id, question_id, take) values ($1, $2, $3)`, [invitationId, questionId, take]),

  /** One more take on top of the question's allowance. */
  grantExtra: (invitationId: string, questionId: string, grantedBy: string) =>
    q.query(
      `insert into extra_takes (invitation_id, question_id, granted, granted_by) values ($1, $2, 1, $3)
       on conflict (invitation_id, question_id)
       do update set granted = extra_takes.granted + 1, granted_by = excluded.granted_by, updated_at = now()`,
      [invitationId, questionId, grantedBy],
    ),
});
