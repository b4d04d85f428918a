/** Password reset links: one row per link sent, keyed by the hash of its random token. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export const passwordResetsRepo = (q: Queryable) => ({
  create: (userId: string, tokenHash: string, minutes: number) =>
    q.query(`insert into password_resets (user_id, token_hash, expires_at) values ($1, $2, now() + make_interval(mins => $3::int))`, [
      userId,
      tokenHash,
      minutes,
    ]),

  /**
   * Uses a link once: marks it used and returns its user when it is unused and unexpired. Two
   * requests with the same token cannot both get the user (the update takes the row's lock).
   */
  use: async (tokenHash: string) =>
    (
      await one<{ user_id: string }>(
        q,
        `update password_resets set used_at = now()
          where token_hash = $1 and used_at is null and expires_at > now() returning user_id`,
        [tokenHash],
      )
    )?.user_id,

  /** A link by its token's hash, and whether it is used or expired. */
  find: (tokenHash: string) =>
    one<{ user_id: string; used: boolean; expired: boolean }>(
      q,
      `select user_id, used_at is not null as used, expires_at <= now() as expired from password_resets where token_hash = $1`,
      [tokenHash],
    ),

  /** Every link of the user still open goes unusable (the password has just changed). */
  closeAll: (userId: string) => q.query(`update password_resets set used_at = now() where user_id = $1 and used_at is null`, [userId]),
});
