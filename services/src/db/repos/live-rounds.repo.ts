/**
 * The live round of an interview: the guide (questions and probes), candidates advanced to it,
 * the slots hosts propose and the one each candidate booked. A slot holds one candidate and a
 * candidate one slot: booking is a conditional update, so two candidates racing for the same
 * slot cannot both win.
 */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export interface GuideQuestionRow {
  question_id: string;
  prompt: string;
  probes: string[];
}

export interface LiveRoundRow {
  invitation_id: string;
  conference_id: string;
  advanced_by: string | null;
  advanced_at: Date;
  contribution_id: string | null;
  sequence: number;
}

export interface LiveSlotRow {
  id: string;
  conference_id: string;
  starts_at: Date;
  duration_min: number;
  call_link: string;
  booked_by: string | null;
  booked_at: Date | null;
  candidate_name: string | null;
}

/** What a calendar invitation for a booked slot says, and to whom. */
export interface BookingMailRow {
  candidate_name: string;
  candidate_email: string | null;
  host_name: string | null;
  host_email: string | null;
  title: string;
  space_name: string;
}

const SELECT_SLOT = `select s.id, s.conference_id, s.starts_at, s.duration_min, s.call_link, s.booked_by, s.booked_at,
       i.candidate_name
  from live_slots s left join invitations i on i.id = s.booked_by`;

const SELECT_ROUND = `select r.invitation_id, i.conference_id, r.advanced_by, r.advanced_at, r.contribution_id, r.sequence
  from live_rounds r join invitations i on i.id = r.invitation_id`;

export const liveRoundsRepo = (q: Queryable) => ({
  // ---- the guide ----
  guide: (conferenceId: string) =>
    q.query<GuideQuestionRow>(`select question_id, prompt, probes from live_guide_questions where conference_id = $1`, [conferenceId]),

  replaceGuide: async (conferenceId: string, rows: { questionId: string; prompt: string; probes: string[] }[]) => {
    await q.query(`delete from live_guide_questions where conference_id = $1`, [conferenceId]);
    for (const r of rows) {
      await q.query(`insert into live_guide_questions (conference_id, question_id, prompt, probes) values ($1, $2, $3, $4::text[])`, [
        conferenceId,
        r.questionId,
        r.prompt,
        r.probes,
      ]);
    }
  },

  // ---- candidates in the round ----
  round: (invitationId: string) => one<LiveRoundRow>(q, `${SELECT_ROUND} where r.invitation_id = $1`, [invitationId]),

  /** The round, locked for the transaction (booking is one at a time per candidate). */
  lockRound: (invitationId: string) => one<LiveRoundRow>(q, `${SELECT_ROUND} where r.invitation_id = $1 for update of r`, [invitationId]),

  /** Advances the candidate; false when they already were. */
  advance: async (invitationId: string, userId: string) =>
    Boolean(
      await one(
        q,
        `insert into live_rounds (invitation_id, advanced_by) values ($1, $2) on conflict (invitation_id) do nothing returning invitation_id`,
        [invitationId, userId],
      ),
    ),

  /** The recording or transcript of each candidate's live round, by invitation. */
  contributionsOf: (invitationIds: string[]) =>
    q.query<{ invitation_id: string; contribution_id: string }>(
      `select invitation_id, contribution_id from live_rounds where invitation_id = any($1::uuid[]) and contribution_id is not null`,
      [invitationIds],
    ),

  /** Links the round to its recording; returns the one it replaces. */
  setRecording: async (invitationId: string, contributionId: string) =>
    (
      await one<{ previous: string | null }>(
        q,
        `update live_rounds r set contribution_id = $2 from (select contribution_id as previous from live_rounds where invitation_id = $1) old
          where r.invitation_id = $1 returning old.previous`,
        [invitationId, contributionId],
      )
    )?.previous ?? null,

  // ---- slots ----
  slots: (conferenceId: string) =>
    q.query<LiveSlotRow>(`${SELECT_SLOT} where s.conference_id = $1 order by s.starts_at, s.id`, [conferenceId]),

  slotById: (id: string) => one<LiveSlotRow>(q, `${SELECT_SLOT} where s.id = $1`, [id]),

  slotOf: (invitationId: string) => one<LiveSlotRow>(q, `${SELECT_SLOT} where s.booked_by = $1`, [invitationId]),

  /** Free slots of the opening that have not started, earliest first. */
  openSlots: (conferenceId: string, now: Date) =>
    q.query<LiveSlotRow>(
      `${SELECT_SLOT} where s.conference_id = $1 and s.booked_by is null and s.starts_at > $2 order by s.starts_at, s.id`,
      [conferenceId, now],
    ),

  addSlots: (conferenceId: string, userId: string, callLink: string, slots: { startsAt: Date; durationMin: number }[]) =>
    q.query<{ id: string }>(
      `insert into live_slots (conference_id, created_by, call_link, starts_at, duration_min)
       select $1, $2, $3, t.starts_at, t.duration_min from unnest($4::timestamptz[], $5::int[]) as t(starts_at, duration_min)
       returning id`,
      [conferenceId, userId, callLink, slots.map((s) => s.startsAt), slots.map((s) => s.durationMin)],
    ),

  /** Removes a slot nobody booked; false when it is booked. */
  deleteFreeSlot: async (id: string) =>
    Boolean(await one(q, `delete from live_slots where id = $1 and booked_by is null returning id`, [id])),

  /** Frees the candidate's slot, if any (before they book another). */
  release: (invitationId: string) =>
    q.query(`update live_slots set booked_by = null, booked_at = null where booked_by = $1`, [invitationId]),

  /**
   * Books a free slot of the opening that has not started for the candidate. The condition is
   * evaluated under the row lock, so of two concurrent bookings one finds it taken.
   */
  book: async (slotId: string, conferenceId: string, invitationId: string, now: Date) =>
    Boolean(
      await one(
        q,
        `update live_slots set booked_by = $3, booked_at = now()
          where id = $1 and conference_id = $2 and booked_by is null and starts_at > $4 returning id`,
        [slotId, conferenceId, invitationId, now],
      ),
    ),

  /** A booking changed: the calendar invitation's SEQUENCE goes up so calendars replace the old one. */
  nextSequence: async (invitationId: string) =>
    (await one<{ sequence: number }>(q, `update live_rounds set sequence = sequence + 1 where invitation_id = $1 returning sequence`, [
      invitationId,
    ]))!.sequence,

  bookingMail: (invitationId: string) =>
    one<BookingMailRow>(
      q,
      `select i.candidate_name, i.candidate_email, u.name as host_name, u.email as host_email, f.title, sp.name as space_name
         from live_rounds r join invitations i on i.id = r.invitation_id join conferences f on f.id = i.conference_id
         join spaces sp on sp.id = f.space_id left join users u on u.id = r.advanced_by
        where r.invitation_id = $1`,
      [invitationId],
    ),
});
