import { one } from '../db/db.ts';
import type { Queryable } from '../db/db.ts';
import type { Services } from '../services.ts';
import { baseUrl } from './links.ts';
import { renderNotificationEmail, type NotificationForEmail } from './notification-email.ts';
import { enqueueEmail } from './outbox.ts';

/**
 * Renders a notification marked for email into the outbox, once: taking the mark and queuing the
 * email commit together. A burst that merged in the meantime goes out as one email.
 */
export async function queueNotificationEmail(s: Pick<Services, 'db' | 'queue' | 'config'>, notificationId: string): Promise<string | null> {
  const outboxId = await s.db.tx(async (q) => {
    const n = await one<NotificationForEmail & { id: string; email: string; name: string }>(
      q,
      `update notifications n set email_status = 'queued'
         from users u
        where n.id = $1 and n.email_status = 'pending' and u.id = n.user_id
        returning n.id, n.kind, n.count, n.payload, u.email, u.name`,
      [notificationId],
    );
    if (!n) return null;
    const mail = renderNotificationEmail(n, { name: n.name }, baseUrl(s.config));
    const id = await enqueueEmail(q, s.queue, { to: n.email, ...mail, kind: n.kind });
    await q.query(`update notifications set email_outbox_id = $2 where id = $1`, [n.id, id]);
    return id;
  });
  if (outboxId) s.queue.wakeTask('mail');
  return outboxId;
}

/** Notifications marked for email whose rendering job never ran (made without a queue, or lost). */
export async function pendingNotificationEmails(q: Queryable, limit = 100): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `select id from notifications where email_status = 'pending' and created_at < now() - interval '1 minute'
      order by created_at limit $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}
