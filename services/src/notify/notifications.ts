import type { Queryable } from '../db/db.ts';
import { publish } from '../db/repos/events.repo.ts';
import { notificationsRepo, type NotificationKind } from '../db/repos/notifications.repo.ts';
import type { JobQueue } from '../jobs/queue.ts';

export type { NotificationKind };

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  spaceId: string | null;
  /**
   * Notifications with the same key that are unread and younger than the batch window merge into
   * one (count + 1, payload.items grows): a burst of five contributions is one notification.
   */
  batchKey?: string;
  payload: Record<string, unknown>;
}

export interface NotifyOptions {
  batchMinutes: number;
  /**
   * Pass the queue to have the email (when the user wants this kind by email) rendered right after
   * the transaction commits; without it the mail sweep picks it up within a couple of minutes.
   */
  queue?: JobQueue;
}

/**
 * Creates (or merges into) an in-app notification; returns its id. Also tells the user's open
 * event streams, and marks the notification for email when its kind is in their email_kinds.
 * Pass the transaction that made the reason for it: the event and the email exist only if it commits.
 */
export async function notify(q: Queryable, n: NewNotification, opts: NotifyOptions): Promise<string> {
  const notifications = notificationsRepo(q);
  let row =
    n.batchKey && opts.batchMinutes > 0
      ? await notifications.mergeIntoBatch(n.userId, n.batchKey, n.payload, opts.batchMinutes)
      : undefined;
  row ??= await notifications.insert({
    userId: n.userId,
    kind: n.kind,
    spaceId: n.spaceId,
    batchKey: n.batchKey ?? null,
    payload: n.payload,
  });
  await publish(q, { type: 'notification', userId: n.userId, id: row.id, kind: n.kind, count: row.count });
  if (row.email_status === 'pending' && opts.queue) {
    await opts.queue.sendTask('notify', { event: 'notification-email', notificationId: row.id }, { q });
  }
  return row.id;
}
