/** A user's notification preferences (user_preferences), with the table's defaults for users who never saved theirs. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import type { DIGEST_FREQUENCIES, EMAIL_KINDS } from '@colloquy/contract';

/** The contract's lists (contract/src/notifications.ts). */
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
export type EmailKind = (typeof EMAIL_KINDS)[number];

export interface Preferences {
  digestFrequency: DigestFrequency;
  emailKinds: EmailKind[];
  /** Reminders of what they were asked (the sweep, a host's click, the digest's first lines). */
  nudges: boolean;
  lastDigestAt: Date | null;
}

/** The defaults of the user_preferences table, for users who never saved theirs. */
const DEFAULT_PREFERENCES: Preferences = {
  digestFrequency: 'weekly',
  emailKinds: ['forward', 'mention', 'reply', 'agenda'],
  nudges: true,
  lastDigestAt: null,
};

interface Row {
  digest_frequency: DigestFrequency;
  email_kinds: EmailKind[]; // written only through update(), from the contract's list
  nudges: boolean;
  last_digest_at: Date | null;
}

/** A user whose email digest is due. */
export interface DigestDueRow {
  id: string;
  name: string;
  email: string;
  last_digest_at: Date | null;
}

const view = (r: Row | undefined): Preferences =>
  r
    ? { digestFrequency: r.digest_frequency, emailKinds: r.email_kinds, nudges: r.nudges, lastDigestAt: r.last_digest_at }
    : { ...DEFAULT_PREFERENCES };

export const preferencesRepo = (q: Queryable) => ({
  get: async (userId: string): Promise<Preferences> =>
    view(
      await one<Row>(q, `select digest_frequency, email_kinds, nudges, last_digest_at from user_preferences where user_id = $1`, [userId]),
    ),

  /** Saves what is given and keeps the rest (defaults for a first save). */
  update: async (
    userId: string,
    change: { digestFrequency?: DigestFrequency; emailKinds?: string[]; nudges?: boolean },
  ): Promise<Preferences> =>
    view(
      await one<Row>(
        q,
        `insert into user_preferences (user_id, digest_frequency, email_kinds, nudges)
         values ($1, coalesce($2, 'weekly'), coalesce($3::text[], '{forward,mention,reply,agenda}'), coalesce($4::boolean, true))
         on conflict (user_id) do update
           set digest_frequency = coalesce($2, user_preferences.digest_frequency),
               email_kinds = coalesce($3::text[], user_preferences.email_kinds),
               nudges = coalesce($4::boolean, user_preferences.nudges),
               updated_at = now()
         returning digest_frequency, email_kinds, nudges, last_digest_at`,
        [userId, change.digestFrequency ?? null, change.emailKinds ? [...new Set(change.emailKinds)] : null, change.nudges ?? null],
      ),
    ),

  /**
   * Members (of any space) whose digest is due at `slot`: daily ones not sent since the slot, weekly
   * ones not in the 6 days before it (counting from sign-up for a first digest), oldest users first.
   */
  dueForDigest: (slot: Date) =>
    q.query<DigestDueRow>(
      `select u.id, u.name, u.email, p.last_digest_at
         from users u left join user_preferences p on p.user_id = u.id
        where coalesce(p.digest_frequency, 'weekly') <> 'off'
          and coalesce(p.last_digest_at, u.created_at)
              < $1::timestamptz - case when p.digest_frequency = 'daily' then interval '0 days' else interval '6 days' end
          and exists (select 1 from memberships m where m.user_id = u.id)
        order by u.created_at`,
      [slot],
    ),

  /**
   * Moves last_digest_at from `since` to `now`; false when another run got there first. JS dates
   * hold milliseconds, so the stored time is compared at that precision.
   */
  claimDigest: async (userId: string, since: Date | null, now: Date) =>
    (
      await q.query(
        `insert into user_preferences (user_id, last_digest_at) values ($1, $3)
         on conflict (user_id) do update set last_digest_at = $3
          where date_trunc('milliseconds', user_preferences.last_digest_at) is not distinct from $2::timestamptz
         returning user_id`,
        [userId, since, now],
      )
    ).length > 0,
});
