/** Candidates' answers (a kept take, pointing at its contribution) and the resumable uploads of takes. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import type { ContributionStatus } from './contributions.repo.ts';
import type { QuestionRow } from './question-sets.repo.ts';
import { takesAllowedSql, takesUsedSql } from './takes.repo.ts';

export interface UploadRow {
  id: string;
  invitation_id: string;
  question_id: string;
  take: number;
  size_bytes: number;
  received_bytes: number;
  completed_at: Date | null;
}

export interface AnswerRow {
  id: string;
  invitation_id: string;
  question_id: string;
  contribution_id: string | null;
  take: number;
  duration_ms: number | null;
}

/** An answer row with its contribution's status, its gist (see ANSWER_LIST) and its statement count. */
export interface AnswerListRow extends AnswerRow {
  status: ContributionStatus | null;
  gist: string | null;
  statement_count: number;
}

/** A question of the candidate's interview with their takes and answer so far. */
export interface QuestionProgressRow extends QuestionRow {
  takes_used: number;
  takes_allowed: number;
  answer_take: number | null;
  answer_duration_ms: number | null;
  answer_contribution_id: string | null;
  contribution_status: ContributionStatus | null;
}

/**
 * The gist of an answer: the title its summary was given, else its first statement's gist. A
 * summary title that merely repeats the contribution's own title says nothing, so it is skipped.
 */
const ANSWER_LIST = `select a.id, a.invitation_id, a.question_id, a.contribution_id, a.take, a.duration_ms, c.status,
       coalesce(nullif(nullif(cs.title, ''), c.title), (select s.gist from statements s where s.contribution_id = c.id order by s.seq limit 1)) as gist,
       (select count(*)::int from statements s where s.contribution_id = c.id) as statement_count
  from answers a join questions qu on qu.id = a.question_id
  left join contributions c on c.id = a.contribution_id left join contribution_summaries cs on cs.contribution_id = c.id`;

export const answersRepo = (q: Queryable) => ({
  // ---- answers ----
  isAnswered: async (invitationId: string, questionId: string) =>
    (await q.query(`select 1 from answers where invitation_id = $1 and question_id = $2`, [invitationId, questionId])).length > 0,

  /** Stores the answer unless the question already has one; false then. */
  insert: async (a: { invitationId: string; questionId: string; contributionId: string; take: number; durationMs: number }) =>
    (
      await q.query(
        `insert into answers (invitation_id, question_id, contribution_id, take, duration_ms) values ($1, $2, $3, $4, $5)
         on conflict (invitation_id, question_id) do nothing returning id`,
        [a.invitationId, a.questionId, a.contributionId, a.take, a.durationMs],
      )
    ).length > 0,

  /** The answer a given take became, with its contribution's status. */
  ofTake: (invitationId: string, questionId: string, take: number) =>
    one<{ take: number; duration_ms: number | null; status: ContributionStatus | null; contribution_id: string | null }>(
      q,
      `select a.take, a.duration_ms, a.contribution_id, c.status from answers a left join contributions c on c.id = a.contribution_id
        where a.invitation_id = $1 and a.question_id = $2 and a.take = $3`,
      [invitationId, questionId, take],
    ),

  /** An answer to a real (non-practice) question, or undefined. */
  realById: (id: string) =>
    one<AnswerRow>(
      q,
      `select a.id, a.invitation_id, a.question_id, a.contribution_id, a.take, a.duration_ms
         from answers a join questions qu on qu.id = a.question_id where a.id = $1 and not qu.is_practice`,
      [id],
    ),

  listedById: (id: string) => one<AnswerListRow>(q, `${ANSWER_LIST} where a.id = $1`, [id]),

  /** The answers to real questions of the given invitations, in question order. */
  listedForInvitations: (invitationIds: string[]) =>
    q.query<AnswerListRow>(`${ANSWER_LIST} where a.invitation_id = any($1::uuid[]) and not qu.is_practice order by qu.position`, [
      invitationIds,
    ]),

  /** The question set's questions with the invitation's takes and answer for each, in order. */
  progress: (invitationId: string, questionSetId: string) =>
    q.query<QuestionProgressRow>(
      `select q.*,
              ${takesUsedSql('$1', 'q')} as takes_used,
              ${takesAllowedSql('$1', 'q')}::int as takes_allowed,
              a.take as answer_take, a.duration_ms as answer_duration_ms, a.contribution_id as answer_contribution_id,
              c.status as contribution_status
         from questions q
         left join answers a on a.question_id = q.id and a.invitation_id = $1
         left join contributions c on c.id = a.contribution_id
        where q.question_set_id = $2 order by q.position`,
      [invitationId, questionSetId],
    ),

  /** The contributions of an invitation's answers, locked for the transaction. */
  lockContributionIds: async (invitationId: string): Promise<string[]> => {
    const rows = await q.query<{ id: string }>(
      `select a.contribution_id as id from answers a where a.invitation_id = $1 and a.contribution_id is not null for update`,
      [invitationId],
    );
    return rows.map((r) => r.id);
  },

  // ---- uploads ----
  /** The invitation's upload (locked unless only read); undefined for another invitation's. */
  upload: (invitationId: string, uploadId: string, lock: boolean) =>
    one<UploadRow>(
      q,
      `select id, invitation_id, question_id, take, size_bytes::float8 as size_bytes, received_bytes::float8 as received_bytes, completed_at
         from answer_uploads where id = $1 and invitation_id = $2 ${lock ? 'for update' : ''}`,
      [uploadId, invitationId],
    ),

  createUpload: async (invitationId: string, questionId: string, take: number, sizeBytes: number) =>
    (await one<{ id: string }>(
      q,
      `insert into answer_uploads (invitation_id, question_id, take, size_bytes) values ($1, $2, $3, $4) returning id`,
      [invitationId, questionId, take, sizeBytes],
    ))!.id,

  /** Deletes the question's unfinished uploads; returns their ids. */
  deleteUnfinishedUploads: async (invitationId: string, questionId: string): Promise<string[]> => {
    const rows = await q.query<{ id: string }>(
      `delete from answer_uploads where invitation_id = $1 and question_id = $2 and completed_at is null returning id`,
      [invitationId, questionId],
    );
    return rows.map((r) => r.id);
  },

  setReceived: (uploadId: string, receivedBytes: number) =>
    q.query(`update answer_uploads set received_bytes = $2 where id = $1`, [uploadId, receivedBytes]),

  completeUpload: (uploadId: string) => q.query(`update answer_uploads set completed_at = now() where id = $1`, [uploadId]),

  dropUnfinishedUpload: (uploadId: string) => q.query(`delete from answer_uploads where id = $1 and completed_at is null`, [uploadId]),

  /** Deletes every upload of an invitation; returns their ids. */
  deleteUploadsOf: async (invitationId: string): Promise<string[]> => {
    const rows = await q.query<{ id: string }>(`delete from answer_uploads where invitation_id = $1 returning id`, [invitationId]);
    return rows.map((r) => r.id);
  },
});
