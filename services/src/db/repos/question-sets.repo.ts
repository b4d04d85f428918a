/** Question sets (templates, and each opening's own copy) and their questions. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import type { Role } from './spaces.repo.ts';

export interface QuestionRow {
  id: string;
  question_set_id: string;
  position: number;
  prompt: string;
  prompt_media_path: string | null;
  prompt_mime: string | null;
  think_time_s: number;
  time_limit_s: number;
  retakes: number;
  is_practice: boolean;
}

export interface QuestionSetRow {
  id: string;
  space_id: string;
  conference_id: string | null;
  title: string;
  is_template: boolean;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A question's editable fields, already validated. */
export interface QuestionFields {
  prompt: string;
  thinkTimeS: number;
  timeLimitS: number;
  retakes: number;
  isPractice: boolean;
}

export const questionSetsRepo = (q: Queryable) => ({
  create: async (set: { spaceId: string; conferenceId: string | null; title: string; isTemplate: boolean; createdBy: string }) =>
    (await one<QuestionSetRow>(
      q,
      `insert into question_sets (space_id, conference_id, title, is_template, created_by) values ($1, $2, $3, $4, $5) returning *`,
      [set.spaceId, set.conferenceId, set.title, set.isTemplate, set.createdBy],
    ))!,

  templatesOf: (spaceId: string) =>
    q.query<QuestionSetRow>(`select * from question_sets where space_id = $1 and is_template order by created_at, id`, [spaceId]),

  /** A template of the given space, or undefined. */
  template: (id: string, spaceId: string) =>
    one<QuestionSetRow>(q, `select * from question_sets where id = $1 and space_id = $2 and is_template`, [id, spaceId]),

  /** A question set and the caller's role in its space; undefined for non-members. */
  forUser: (id: string, userId: string) =>
    one<QuestionSetRow & { role: Role }>(
      q,
      `select qs.*, m.role from question_sets qs join memberships m on m.space_id = qs.space_id and m.user_id = $2 where qs.id = $1`,
      [id, userId],
    ),

  /** Locks the set for the rest of the transaction. */
  lock: (id: string) => q.query(`select id from question_sets where id = $1 for update`, [id]),

  rename: async (id: string, title: string) =>
    (await one<QuestionSetRow>(q, `update question_sets set title = $2, updated_at = now() where id = $1 returning *`, [id, title]))!,

  questions: (setId: string) => q.query<QuestionRow>(`select * from questions where question_set_id = $1 order by position`, [setId]),

  /** The questions without the practice one, in order. */
  realQuestions: (setId: string) =>
    q.query<QuestionRow>(`select * from questions where question_set_id = $1 and not is_practice order by position`, [setId]),

  /**
   * Writes `questions` as the set's list, position by position: a question keeps its id (and any
   * criterion on it) where one already stood. Returns the questions that were removed.
   */
  writeQuestions: async (setId: string, questions: QuestionFields[]): Promise<QuestionRow[]> => {
    for (const [i, x] of questions.entries()) {
      await q.query(
        `insert into questions (question_set_id, position, prompt, think_time_s, time_limit_s, retakes, is_practice)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (question_set_id, position) do update
           set prompt = excluded.prompt, think_time_s = excluded.think_time_s, time_limit_s = excluded.time_limit_s,
               retakes = excluded.retakes, is_practice = excluded.is_practice`,
        [setId, i + 1, x.prompt, x.thinkTimeS, x.timeLimitS, x.retakes, x.isPractice],
      );
    }
    return q.query<QuestionRow>(`delete from questions where question_set_id = $1 and position > $2 returning *`, [
      setId,
      questions.length,
    ]);
  },

  questionById: (id: string) => one<QuestionRow>(q, `select * from questions where id = $1`, [id]),

  /** A question of the given set, or undefined (another set's question too). */
  questionInSet: (id: string, setId: string) =>
    one<QuestionRow>(q, `select * from questions where id = $1 and question_set_id = $2`, [id, setId]),

  /** The question, its opening (null for a template) and the caller's role in its space; undefined for non-members. */
  questionForUser: (id: string, userId: string) =>
    one<QuestionRow & { role: Role; conference_id: string | null }>(
      q,
      `select qq.*, m.role, qs.conference_id from questions qq join question_sets qs on qs.id = qq.question_set_id
         join memberships m on m.space_id = qs.space_id and m.user_id = $2
        where qq.id = $1`,
      [id, userId],
    ),

  setPromptMedia: async (questionId: string, path: string, mime: string | null) =>
    (await one<QuestionRow>(q, `update questions set prompt_media_path = $2, prompt_mime = $3 where id = $1 returning *`, [
      questionId,
      path,
      mime,
    ]))!,

  /** How many real questions of the set have no answer from the invitation yet. */
  unansweredCount: async (setId: string, invitationId: string): Promise<number> => {
    const row = await one<{ n: number }>(
      q,
      `select count(*)::int as n from questions q
        where q.question_set_id = $2 and not q.is_practice
          and not exists (select 1 from answers a where a.invitation_id = $1 and a.question_id = q.id)`,
      [invitationId, setId],
    );
    return row!.n;
  },
});
