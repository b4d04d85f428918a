/** Who takes part in a conference: speaking time, questions and forwards to members, visits, and nudges. */
import type { Queryable } from '../db.ts';
import { MEMBER_REPLY_SQL } from './forwards.repo.ts';

export interface ParticipantRow {
  user_id: string;
  name: string;
  email: string;
  role: 'owner' | 'host' | 'member';
  /** false: they turned nudges off (user_preferences.nudges). */
  nudges: boolean;
  contributions: number;
  /** Their last visit to the conference or view of one of its contributions. */
  last_opened_at: Date | null;
  /** The newest ready contribution of someone else in the conference. */
  last_others_at: Date | null;
  last_nudged_at: Date | null;
  nudged_today: boolean;
}

export interface SpeakingRow {
  /** null: an outside expert or a speaker label linked to nobody. */
  user_id: string | null;
  statements: number;
  speaking_ms: number;
}

/** A question of the conference, and the members who spoke to it since. */
export interface QuestionRow {
  statement_id: string;
  contribution_id: string;
  start_ms: number;
  text: string;
  asker_id: string | null;
  asker_name: string | null;
  asked_at: Date;
  /** Members who replied to it (or to its contribution) later, or spoke in the next statements of its recording. */
  responders: string[];
}

/** A statement forwarded to a member who has not replied to it. */
export interface OpenForwardRow {
  forward_id: string;
  user_id: string;
  statement_id: string;
  contribution_id: string;
  start_ms: number;
  text: string;
  asked_by: string | null;
  asked_at: Date;
  note: string;
}

/** How many statements after a question the person asked may answer it in the same recording (a meeting). */
const ANSWER_WINDOW = 3;

const IS_QUESTION = `exists (select 1 from labels l where l.statement_id = s.id and l.kind = 'act' and l.value = 'question' and not l.removed)`;

export const participationRepo = (q: Queryable) => ({
  /** The space's members with what they did in the conference; `day` is today's UTC date (YYYY-MM-DD). */
  participants: (conferenceId: string, spaceId: string, day: string) =>
    q.query<ParticipantRow>(
      `select u.id as user_id, u.name, u.email, m.role, coalesce(p.nudges, true) as nudges,
              (select count(*)::int from contributions c where c.conference_id = $1 and c.status = 'ready' and c.author_id = u.id) as contributions,
              greatest((select cv.last_visit_at from conference_visits cv where cv.user_id = u.id and cv.conference_id = $1),
                       (select max(v.last_seen_at) from views v join contributions c on c.id = v.contribution_id
                         where v.user_id = u.id and c.conference_id = $1)) as last_opened_at,
              (select max(c.created_at) from contributions c
                where c.conference_id = $1 and c.status = 'ready' and c.author_id is distinct from u.id) as last_others_at,
              (select max(n.created_at) from nudges n where n.user_id = u.id and n.conference_id = $1) as last_nudged_at,
              exists (select 1 from nudges n where n.user_id = u.id and n.conference_id = $1 and n.day = $3::date) as nudged_today
         from memberships m join users u on u.id = m.user_id
         left join user_preferences p on p.user_id = u.id
        where m.space_id = $2
        order by lower(u.name), u.id`,
      [conferenceId, spaceId, day],
    ),

  /** How many ready contributions the conference has, and when the newest came. */
  contributions: async (conferenceId: string) =>
    (
      await q.query<{ count: number; last_at: Date | null }>(
        `select count(*)::int as count, max(created_at) as last_at from contributions where conference_id = $1 and status = 'ready'`,
        [conferenceId],
      )
    )[0] ?? { count: 0, last_at: null },

  /** Statements and speaking time per person who said them (statement_authors), over the conference's ready contributions. */
  speaking: (conferenceId: string) =>
    q.query<SpeakingRow>(
      `select sa.user_id, count(*)::int as statements, coalesce(sum(greatest(s.end_ms - s.start_ms, 0)), 0)::float8 as speaking_ms
         from statements s
         join contributions c on c.id = s.contribution_id
         join statement_authors sa on sa.statement_id = s.id
        where c.conference_id = $1 and c.status = 'ready'
        group by sa.user_id`,
      [conferenceId],
    ),

  /** The conference's questions (act label), oldest first, each with who has spoken to it since. */
  questions: (conferenceId: string) =>
    q.query<QuestionRow>(
      `select s.id as statement_id, s.contribution_id, s.start_ms, s.text, sa.user_id as asker_id,
              coalesce(u.name, nullif(s.speaker, '')) as asker_name, c.created_at as asked_at,
              array(select distinct a.user_id
                      from statements rs
                      join contributions rc on rc.id = rs.contribution_id
                      join statement_authors a on a.statement_id = rs.id
                     where a.user_id is not null and rc.status = 'ready'
                       and (((rc.reply_to_statement_id = s.id or rc.reply_to_contribution_id = s.contribution_id) and rc.created_at >= c.created_at)
                            or (rs.contribution_id = s.contribution_id and rs.seq > s.seq and rs.seq <= s.seq + $2))
                   )::text[] as responders
         from statements s
         join contributions c on c.id = s.contribution_id
         join statement_authors sa on sa.statement_id = s.id
         left join users u on u.id = sa.user_id
        where c.conference_id = $1 and c.status = 'ready' and ${IS_QUESTION}
        order by c.created_at, s.seq`,
      [conferenceId, ANSWER_WINDOW],
    ),

  /** Forwards to members of the conference's statements that are not revoked and not replied to. */
  openForwards: (conferenceId: string) =>
    q.query<OpenForwardRow>(
      `select f.id as forward_id, f.to_user_id as user_id, f.statement_id, s.contribution_id, s.start_ms, s.text,
              fu.name as asked_by, f.created_at as asked_at, f.note
         from forwards f
         join statements s on s.id = f.statement_id
         join contributions c on c.id = s.contribution_id
         left join users fu on fu.id = f.from_user_id
         left join lateral ${MEMBER_REPLY_SQL} mr on true
        where c.conference_id = $1 and f.to_user_id is not null and f.revoked_at is null
          and f.answered_at is null and mr.id is null
        order by f.created_at`,
      [conferenceId],
    ),

  /** Conferences with a question or a member forward made between `from` and `to`: where reminders may be due. */
  conferencesAskedBetween: async (from: Date, to: Date): Promise<string[]> => {
    const rows = await q.query<{ conference_id: string }>(
      `select c.conference_id from statements s join contributions c on c.id = s.contribution_id
        where c.status = 'ready' and c.created_at >= $1 and c.created_at <= $2 and ${IS_QUESTION}
       union
       select c.conference_id from forwards f join statements s on s.id = f.statement_id join contributions c on c.id = s.contribution_id
        where f.to_user_id is not null and f.revoked_at is null and f.created_at >= $1 and f.created_at <= $2`,
      [from, to],
    );
    return rows.map((r) => r.conference_id);
  },

  /** "user:statement" for every statement a nudge in this conference already reminded its member of. */
  remindedOf: async (conferenceId: string): Promise<Set<string>> => {
    const rows = await q.query<{ key: string }>(
      `select distinct n.user_id || ':' || sid as key from nudges n cross join unnest(n.statement_ids) sid where n.conference_id = $1`,
      [conferenceId],
    );
    return new Set(rows.map((r) => r.key));
  },

  /**
   * Claims today's one nudge of a member about a conference; undefined when they had one today
   * already (the unique key decides between a host's click and the sweep, whichever commits first).
   */
  claimNudge: async (n: {
    userId: string;
    conferenceId: string;
    day: string;
    source: 'host' | 'reminder';
    byUserId: string | null;
    statementIds: string[];
  }) =>
    (
      await q.query<{ id: string }>(
        `insert into nudges (user_id, conference_id, day, source, by_user_id, statement_ids)
         values ($1, $2, $3::date, $4, $5, $6::uuid[])
         on conflict (user_id, conference_id, day) do nothing
         returning id`,
        [n.userId, n.conferenceId, n.day, n.source, n.byUserId, n.statementIds],
      )
    )[0]?.id,
});
