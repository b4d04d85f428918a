import type { Queryable } from '../db/db.ts';
import { one } from '../db/db.ts';

import { DIGEST_FREQUENCIES, EMAIL_KINDS } from '@colloquy/contract';

/** The contract's lists: notification kinds that may also go out by email (the digest has its own setting). */
export { DIGEST_FREQUENCIES, EMAIL_KINDS };
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
export type EmailKind = (typeof EMAIL_KINDS)[number];

export interface Preferences {
  digestFrequency: DigestFrequency;
  emailKinds: EmailKind[];
  lastDigestAt: Date | null;
}

/** The defaults of the user_preferences table, for users who never saved theirs. */
export const DEFAULT_PREFERENCES: Preferences = {
  digestFrequency: 'weekly',
  emailKinds: ['forward', 'mention', 'reply'],
  lastDigestAt: null,
};

interface Row {
  digest_frequency: DigestFrequency;
  email_kinds: EmailKind[]; // written only through update(), from the contract's list
  last_digest_at: Date | null;
}

const view = (r: Row | undefined): Preferences =>
  r ? { digestFrequency: r.digest_frequency, emailKinds: r.email_kinds, lastDigestAt: r.last_digest_at } : { ...DEFAULT_PREFERENCES };

export const preferencesRepo = (q: Queryable) => ({
  get: async (userId: string): Promise<Preferences> =>
    view(await one<Row>(q, `select digest_frequency, email_kinds, last_digest_at from user_preferences where user_id = $1`, [userId])),

  /** Saves what is given and keeps the rest (defaults for a first save). */
  update: async (userId: string, change: { digestFrequency?: DigestFrequency; emailKinds?: string[] }): Promise<Preferences> =>
    view(
      await one<Row>(
        q,
        `insert into user_preferences (user_id, digest_frequency, email_kinds)
         values ($1, coalesce($2, 'weekly'), coalesce($3::text[], '{forward,mention,reply}'))
         on conflict (user_id) do update
           set digest_frequency = coalesce($2, user_preferences.digest_frequency),
               email_kinds = coalesce($3::text[], user_preferences.email_kinds),
               updated_at = now()
         returning digest_frequency, email_kinds, last_digest_at`,
        [userId, change.digestFrequency ?? null, change.emailKinds ? [...new Set(change.emailKinds)] : null],
      ),
    ),
});
