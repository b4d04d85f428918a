import { buildSpaceDigest, type SpaceDigest } from '../digest/digest.ts';
import type { Services } from '../services.ts';
import { digestTotals, renderDigestEmail } from './digest-email.ts';
import { baseUrl } from './links.ts';
import { notify } from './notifications.ts';
import { enqueueEmail } from './outbox.ts';

interface DueUser {
  id: string;
  name: string;
  email: string;
  last_digest_at: Date | null;
}

/**
 * The scheduled email digests (run hourly): from DIGEST_HOUR_UTC on, each user whose daily digest
 * has not gone out since today's hour, or whose weekly one not in the 6 days before it, gets one
 * email per space with news (written to the outbox) and a 'digest' notification. The first digest
 * comes a day or a week after sign-up. Returns the number of emails queued.
 */
export async function sendDueDigests(s: Services, now = new Date()): Promise<number> {
  const hour = s.config.digest.hourUtc;
  if (now.getUTCHours() < hour) return 0;
  const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  const due = await s.db.query<DueUser>(
    `select u.id, u.name, u.email, p.last_digest_at
       from users u left join user_preferences p on p.user_id = u.id
      where coalesce(p.digest_frequency, 'weekly') <> 'off'
        and coalesce(p.last_digest_at, u.created_at)
            < $1::timestamptz - case when p.digest_frequency = 'daily' then interval '0 days' else interval '6 days' end
        and exists (select 1 from memberships m where m.user_id = u.id)
      order by u.created_at`,
    [slot],
  );
  let sent = 0;
  for (const user of due) {
    try {
      sent += await sendDigestTo(s, user, now);
    } catch (err) {
      // One reader's failure must not hold back everyone else's digest; the next run retries it.
      s.log.error({ err, userId: user.id }, 'digest email failed');
    }
  }
  if (sent) s.queue.wakeTask('mail');
  return sent;
}

async function sendDigestTo(s: Services, user: DueUser, now: Date): Promise<number> {
  const since = user.last_digest_at ? new Date(user.last_digest_at) : undefined;
  const spaces = await s.db.query<{ space_id: string }>(`select space_id from memberships where user_id = $1 order by created_at`, [
    user.id,
  ]);
  const digests: SpaceDigest[] = [];
  for (const { space_id } of spaces) {
    const d = await buildSpaceDigest(s, { userId: user.id, spaceId: space_id, since });
    if (d.conferences.length > 0) digests.push(d);
  }
  return s.db.tx(async (q) => {
    // Claim this run for the user: another process (or a repeated job) that got here first wins.
    // JS dates hold milliseconds, so the stored time is compared at that precision.
    const claimed = await q.query(
      `insert into user_preferences (user_id, last_digest_at) values ($1, $3)
       on conflict (user_id) do update set last_digest_at = $3
        where date_trunc('milliseconds', user_preferences.last_digest_at) is not distinct from $2::timestamptz
       returning user_id`,
      [user.id, since ?? null, now],
    );
    if (!claimed.length) return 0;
    for (const d of digests) {
      const mail = renderDigestEmail(d, { name: user.name }, baseUrl(s.config));
      const outboxId = await enqueueEmail(q, s.queue, { to: user.email, ...mail, kind: 'digest' });
      await notify(
        q,
        {
          userId: user.id,
          kind: 'digest',
          spaceId: d.spaceId,
          payload: { spaceName: d.spaceName, since: d.since, ...digestTotals(d), outboxId },
        },
        { batchMinutes: 0 },
      );
    }
    return digests.length;
  });
}
