/**
 * How many takes a question allows one candidate: 1 + the question's retakes + the takes a host
 * granted them on top (interview/extra-takes.ts). The one definition, as SQL for the queries that
 * list questions and as a function for the moment a take starts.
 */
import type { Queryable } from '../db/db.ts';

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

/** The takes a question allows this candidate now. */
export async function takesAllowed(q: Queryable, invitationId: string, questionId: string): Promise<number> {
  const [row] = await q.query<{ allowed: number }>(
    `select ${takesAllowedSql('$1', 'qq')}::int as allowed from questions qq where qq.id = $2`,
    [invitationId, questionId],
  );
  return row?.allowed ?? 0;
}

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
