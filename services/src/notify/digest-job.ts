import { digestConferences } from '../db/repos/digest.repo.ts';
import { preferencesRepo, type DigestDueRow } from '../db/repos/preferences.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import type { SpaceDigest } from '@colloquy/contract';
import type { Queryable } from '../db/db.ts';
import { buildSpaceDigest } from '../digest/digest.ts';
import type { Services } from '../services.ts';
import { askLine, type AskLine } from './ask-lines.ts';
import { openAsks } from './asks.ts';
import { digestTotals, renderDigestEmail } from './digest-email.ts';
import { notify } from './notifications.ts';
import { enqueueEmail } from './outbox.ts';

/**
 * The scheduled email digests (run hourly): from DIGEST_HOUR_UTC on, each user whose daily digest
 * has not gone out since today's hour, or whose weekly one not in the 6 days before it, gets one
 * email per space with news (written to the outbox) and a 'digest' notification. The first digest
 * comes a day or a week after sign-up. Returns the number of emails queued.
 */
export async function sendDueDigests(
  s: Pick<Services, 'ai' | 'config' | 'db' | 'log' | 'queue' | 'publicBase'>,
  now = new Date(),
): Promise<number> {
  const hour = s.config.digest.hourUtc;
  if (now.getUTCHours() < hour) return 0;
  const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  const due = await preferencesRepo(s.db).dueForDigest(slot);
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

async function sendDigestTo(
  s: Pick<Services, 'ai' | 'config' | 'db' | 'queue' | 'publicBase'>,
  user: DigestDueRow,
  now: Date,
): Promise<number> {
  const since = user.last_digest_at ? new Date(user.last_digest_at) : undefined;
  const spaceIds = await spacesRepo(s.db).spaceIdsOf(user.id);
  const digests: SpaceDigest[] = [];
  for (const spaceId of spaceIds) {
    const d = await buildSpaceDigest(s, { userId: user.id, spaceId, since });
    if (d.conferences.length > 0) digests.push(d);
  }
  const nudges = (await preferencesRepo(s.db).get(user.id)).nudges;
  const asks = new Map<string, AskLine[]>();
  if (nudges) for (const d of digests) asks.set(d.spaceId, await askLinesIn(s.db, user.id, d.spaceId, s.publicBase.url));
  return s.db.tx(async (q) => {
    // Claim this run for the user: another process (or a repeated job) that got here first wins.
    if (!(await preferencesRepo(q).claimDigest(user.id, since ?? null, now))) return 0;
    for (const d of digests) {
      const mail = renderDigestEmail(d, { name: user.name }, s.publicBase.url, asks.get(d.spaceId));
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

const MAX_ASK_LINES = 10;

/** What the reader was asked in the space's conferences and has not answered, oldest first. */
async function askLinesIn(q: Queryable, userId: string, spaceId: string, base: string): Promise<AskLine[]> {
  const members = await spacesRepo(q).memberUsers(spaceId);
  const lines: AskLine[] = [];
  for (const c of await digestConferences(q, userId, spaceId)) {
    for (const a of await openAsks(q, c.id, members)) if (a.userId === userId) lines.push(askLine(a, base, c.title));
  }
  return lines.slice(0, MAX_ASK_LINES);
}
