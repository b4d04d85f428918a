import type { Queryable } from '../db/db.ts';
import { notificationsRepo } from '../db/repos/notifications.repo.ts';
import type { Services } from '../services.ts';
import { renderNotificationEmail } from './notification-email.ts';
import { enqueueEmail } from './outbox.ts';

/**
 * Renders a notification marked for email into the outbox, once: taking the mark and queuing the
 * email commit together. A burst that merged in the meantime goes out as one email.
 */
export async function queueNotificationEmail(
  s: Pick<Services, 'db' | 'queue' | 'publicBase'>,
  notificationId: string,
): Promise<string | null> {
  const outboxId = await s.db.tx(async (q) => {
    const n = await notificationsRepo(q).claimForEmail(notificationId);
    if (!n) return null;
    const mail = renderNotificationEmail(n, { name: n.name }, s.publicBase.url);
    const id = await enqueueEmail(q, s.queue, { to: n.email, ...mail, kind: n.kind });
    await notificationsRepo(q).setEmailOutbox(n.id, id);
    return id;
  });
  if (outboxId) s.queue.wakeTask('mail');
  return outboxId;
}

/** Notifications marked for email whose rendering job never ran (made without a queue, or lost). */
export const pendingNotificationEmails = (q: Queryable, limit = 100): Promise<string[]> => notificationsRepo(q).pendingEmails(limit);
