/** Interview openings: the interviews row of a conference (its settings) and its rubric (criteria). */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import type { Role } from './spaces.repo.ts';

/** An opening as the caller may see it: the conference, its interviews row, and their role. */
export interface OpeningRow {
  conference_id: string;
  space_id: string;
  title: string;
  description: string;
  question_set_id: string;
  timeline: string;
  ai_summaries: boolean;
  retention_days: number;
  contact_email: string | null;
  /** null: the default text (interview/live-mail.ts). */
  ending_text: string | null;
  created_by: string | null;
  role: Role;
}

/** The same, in the camelCase reviewers' code uses. */
export interface OpeningAccess {
  conferenceId: string;
  spaceId: string;
  title: string;
  questionSetId: string;
  aiSummaries: boolean;
  /** The caller's role in the space. */
  role: Role;
}

/** What a candidate is told about the opening. */
export interface CandidateInterviewRow {
  title: string;
  description: string;
  timeline: string;
  space_id: string;
  space_name: string;
  ai_summaries: boolean;
  contact_email: string | null;
  retention_days: number;
}

export interface CriterionRow {
  id: string;
  conference_id: string;
  question_id: string | null;
  position: number;
  name: string;
  description: string;
  scale_min: number;
  scale_max: number;
  anchor_weak: string;
  anchor_average: string;
  anchor_strong: string;
}

export interface InterviewSettings {
  timeline: string;
  ai_summaries: boolean;
  retention_days: number;
  contact_email: string | null;
  ending_text?: string | null;
}

export interface NewCriterion {
  questionId: string | null;
  name: string;
  description: string;
  scaleMin: number;
  scaleMax: number;
  weak: string;
  average: string;
  strong: string;
}

const SELECT_OPENING = `select f.id as conference_id, f.space_id, f.title, f.description, f.created_by, v.question_set_id, v.timeline,
       v.ai_summaries, v.retention_days, v.contact_email, v.ending_text, m.role
  from conferences f join interviews v on v.conference_id = f.id
  join memberships m on m.space_id = f.space_id and m.user_id = $2`;

export const interviewsRepo = (q: Queryable) => ({
  /** The opening for a member of its space; undefined for everyone else and for conferences that are not interviews. */
  openingForUser: (conferenceId: string, userId: string) => one<OpeningRow>(q, `${SELECT_OPENING} where f.id = $1`, [conferenceId, userId]),

  /** As openingForUser, camelCased. */
  accessForUser: (conferenceId: string, userId: string) =>
    one<OpeningAccess>(
      q,
      `select i.conference_id as "conferenceId", cf.space_id as "spaceId", cf.title, i.question_set_id as "questionSetId",
              i.ai_summaries as "aiSummaries", m.role
         from interviews i join conferences cf on cf.id = i.conference_id
         join memberships m on m.space_id = cf.space_id and m.user_id = $2
        where i.conference_id = $1`,
      [conferenceId, userId],
    ),

  forCandidate: async (conferenceId: string) =>
    (await one<CandidateInterviewRow>(
      q,
      `select f.title, f.description, iv.timeline, sp.id as space_id, sp.name as space_name, iv.ai_summaries, iv.contact_email, iv.retention_days
         from interviews iv join conferences f on f.id = iv.conference_id join spaces sp on sp.id = f.space_id
        where iv.conference_id = $1`,
      [conferenceId],
    ))!,

  create: (conferenceId: string, questionSetId: string, settings: InterviewSettings) =>
    q.query(
      `insert into interviews (conference_id, question_set_id, timeline, ai_summaries, retention_days, contact_email, ending_text)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        conferenceId,
        questionSetId,
        settings.timeline,
        settings.ai_summaries,
        settings.retention_days,
        settings.contact_email,
        settings.ending_text ?? null,
      ],
    ),

  updateSettings: (conferenceId: string, settings: Partial<InterviewSettings>) => {
    const columns = Object.keys(settings) as (keyof InterviewSettings)[];
    if (columns.length === 0) return Promise.resolve([]);
    const set = columns.map((c, i) => `${c} = $${i + 2}`).join(', ');
    return q.query(`update interviews set ${set} where conference_id = $1`, [conferenceId, ...columns.map((c) => settings[c])]);
  },

  /**
   * Whether AI may summarise a conference's contributions. Only an interview opening can say no
   * (candidates are told so in the consent step); every other conference is summarised.
   */
  aiSummariesAllowed: async (conferenceId: string): Promise<boolean> => {
    const row = await one<{ ai_summaries: boolean }>(q, `select ai_summaries from interviews where conference_id = $1`, [conferenceId]);
    return row?.ai_summaries ?? true;
  },

  criteria: (conferenceId: string) =>
    q.query<CriterionRow>(`select * from criteria where conference_id = $1 order by position`, [conferenceId]),

  addCriterion: (conferenceId: string, position: number, c: NewCriterion) =>
    q.query(
      `insert into criteria (conference_id, question_id, position, name, description, scale_min, scale_max, anchor_weak, anchor_average, anchor_strong)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [conferenceId, c.questionId, position, c.name, c.description, c.scaleMin, c.scaleMax, c.weak, c.average, c.strong],
    ),

  /** Whether a rubric criterion of the opening sits on its practice question. */
  hasCriterionOnPractice: async (conferenceId: string) =>
    Boolean(
      await one(q, `select 1 from criteria c join questions qq on qq.id = c.question_id where c.conference_id = $1 and qq.is_practice`, [
        conferenceId,
      ]),
    ),
});
