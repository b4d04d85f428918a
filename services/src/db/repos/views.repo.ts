import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export interface ViewRow {
  watched: [number, number][];
  watched_ms: number;
  seen_at: Date | null;
  last_seen_at: Date;
}

/** int4multirange text such as {[0,5000),[8000,9000)} → [[0,5000],[8000,9000]]. */
export function parseMultirange(text: string | null): [number, number][] {
  if (!text) return [];
  return [...text.matchAll(/[[(](\d+),(\d+)[)\]]/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

export const viewsRepo = (q: Queryable) => ({
  /**
   * Adds watched ranges (merged by the multirange type) and, when `seenFraction` of [0, lengthMs)
   * is now covered or the contribution was `opened`, marks it seen. Seen stays seen.
   */
  record: async (
    userId: string,
    contributionId: string,
    ranges: [number, number][],
    opts: { opened: boolean; lengthMs: number; seenFraction: number },
  ): Promise<ViewRow> => {
    const total = (m: string) => `coalesce((select sum(upper(r) - lower(r)) from unnest(${m}) r), 0)::int`;
    const seen = (m: string) => `($5 or ($6 > 0 and watched_fraction(${m}, 0, $6) >= $7))`;
    const row = await one<Omit<ViewRow, 'watched'> & { watched: string }>(
      q,
      `with added as (
         select coalesce(range_agg(int4range(t.a, t.b)), '{}'::int4multirange) as r
           from unnest($3::int[], $4::int[]) as t(a, b) where t.b > t.a
       )
       insert into views as v (user_id, contribution_id, watched, watched_ms, seen_at, last_seen_at)
       select $1, $2, a.r, ${total('a.r')}, case when ${seen('a.r')} then now() end, now() from added a
       on conflict (user_id, contribution_id) do update set
         watched = v.watched + excluded.watched,
         watched_ms = ${total('v.watched + excluded.watched')},
         seen_at = coalesce(v.seen_at, case when ${seen('v.watched + excluded.watched')} then now() end),
         last_seen_at = now()
       returning watched::text as watched, watched_ms, seen_at, last_seen_at`,
      [userId, contributionId, ranges.map((r) => r[0]), ranges.map((r) => r[1]), opts.opened, opts.lengthMs, opts.seenFraction],
    );
    return { ...row!, watched: parseMultirange(row!.watched) };
  },

  get: async (userId: string, contributionId: string): Promise<ViewRow | undefined> => {
    const row = await one<Omit<ViewRow, 'watched'> & { watched: string }>(
      q,
      `select watched::text as watched, watched_ms, seen_at, last_seen_at from views where user_id = $1 and contribution_id = $2`,
      [userId, contributionId],
    );
    return row && { ...row, watched: parseMultirange(row.watched) };
  },

  /** The span a contribution's "most of it" is measured against: its media length, else its statements'. */
  lengthMs: async (contributionId: string) =>
    (
      await one<{ n: number }>(
        q,
        `select greatest(coalesce(c.duration_ms, 0), coalesce((select max(end_ms) from statements s where s.contribution_id = c.id), 0))::int as n
         from contributions c where c.id = $1`,
        [contributionId],
      )
    )?.n ?? 0,

  /**
   * Starts a new visit when the last one is older than the gap (the old last visit becomes the
   * previous one, what "since your last visit" means); otherwise the current visit goes on.
   */
  visit: (userId: string, conferenceId: string, gapMinutes: number) =>
    one<{ previous_visit_at: Date | null; last_visit_at: Date }>(
      q,
      `insert into conference_visits as v (user_id, conference_id) values ($1, $2)
       on conflict (user_id, conference_id) do update set
         previous_visit_at = case when v.last_visit_at < now() - $3::float8 * interval '1 minute' then v.last_visit_at else v.previous_visit_at end,
         last_visit_at = now()
       returning previous_visit_at, last_visit_at`,
      [userId, conferenceId, gapMinutes],
    ).then((r) => r!),

  /** When the visit before the current one started; null for a first visit (or none). */
  previousVisitAt: async (userId: string, conferenceId: string) =>
    (
      await one<{ previous_visit_at: Date | null }>(
        q,
        `select previous_visit_at from conference_visits where user_id = $1 and conference_id = $2`,
        [userId, conferenceId],
      )
    )?.previous_visit_at ?? null,
});
