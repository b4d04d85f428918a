/** Fixed-window request counters in the database, so every API process counts against one limit. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export const rateLimitsRepo = (q: Queryable) => ({
  /** Counts one hit on `keyHash` in the current window of `windowSeconds`; the count so far and when the window ends. */
  hit: async (keyHash: string, windowSeconds: number): Promise<{ hits: number; resetAt: Date }> => {
    const row = await one<{ hits: number; reset_at: Date }>(
      q,
      `insert into rate_limit_hits as r (key_hash, window_start)
       values ($1, to_timestamp(floor(extract(epoch from now()) / $2::int) * $2::int))
       on conflict (key_hash, window_start) do update set hits = r.hits + 1
       returning r.hits, r.window_start + make_interval(secs => $2::int) as reset_at`,
      [keyHash, windowSeconds],
    );
    return { hits: row!.hits, resetAt: new Date(row!.reset_at) };
  },

  /** Drops windows that ended before `before`. */
  sweep: async (before: Date): Promise<number> =>
    (await q.query(`delete from rate_limit_hits where window_start < $1 returning 1`, [before])).length,
});
