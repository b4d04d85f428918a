import type { Queryable } from '../db/db.ts';
import { one } from '../db/db.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { publish } from '../core/events.ts';

export type NotificationKind = 'contribution' | 'reply' | 'forward' | 'mention' | 'digest';

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
  let row: { id: string; count: number; email_status: string | null } | undefined;
  if (n.batchKey && opts.batchMinutes > 0) {
    [row] = await q.query<{ id: string; count: number; email_status: string | null }>(
      `update notifications
          set count = count + 1, updated_at = now(),
              payload = payload || jsonb_build_object('items', coalesce(payload->'items', '[]'::jsonb) || jsonb_build_array($3::jsonb))
        where id = (select id from notifications
                     where user_id = $1 and batch_key = $2 and read_at is null
                       and created_at > now() - make_interval(mins => $4::int)
                     order by created_at desc limit 1)
        returning id, count, null::text as email_status`,
      [n.userId, n.batchKey, JSON.stringify(n.payload), opts.batchMinutes],
    );
  }
  if (!row) {
    // The digest is an email of its own (digest_frequency), so its notification never sends one.
    [row] = await q.query<{ id: string; count: number; email_status: string | null }>(
      `insert into notifications (user_id, kind, space_id, batch_key, payload, email_status)
       values ($1, $2, $3, $4, $5::jsonb || jsonb_build_object('items', jsonb_build_array($5::jsonb)),
               case when $2 <> 'digest' and $2 = any(coalesce((select email_kinds from user_preferences where user_id = $1),
                                                              '{forward,mention,reply}'::text[]))
                    then 'pending' end)
       returning id, count, email_status`,
      [n.userId, n.kind, n.spaceId, n.batchKey ?? null, JSON.stringify(n.payload)],
    );
  }
  await publish(q, { type: 'notification', userId: n.userId, id: row.id, kind: n.kind, count: row.count });
  if (row.email_status === 'pending' && opts.queue) {
    await opts.queue.sendTask('notify', { event: 'notification-email', notificationId: row.id }, { q });
  }
  return row.id;
}

export interface NotificationRow {
  id: string;
  user_id: string;
  kind: NotificationKind;
  space_id: string | null;
  batch_key: string | null;
  payload: Record<string, unknown> & { items?: Record<string, unknown>[] };
  count: number;
  created_at: Date;
  updated_at: Date;
  read_at: Date | null;
}

const COLUMNS = `id, user_id, kind, space_id, batch_key, payload, count, created_at, updated_at, read_at`;

/** A user's notifications: every read and write here is scoped to that user. */
export const notificationsRepo = (q: Queryable) => ({
  list: (userId: string, opts: { unreadOnly: boolean; limit: number }) =>
    q.query<NotificationRow>(
      `select ${COLUMNS} from notifications
        where user_id = $1 and ($2::boolean is false or read_at is null)
        order by updated_at desc, id limit $3`,
      [userId, opts.unreadOnly, opts.limit],
    ),

  unreadCount: async (userId: string) =>
    (await one<{ n: number }>(q, `select count(*)::int as n from notifications where user_id = $1 and read_at is null`, [userId]))!.n,

  markRead: (userId: string, id: string) =>
    one<NotificationRow>(
      q,
      `update notifications set read_at = coalesce(read_at, now()) where id = $1 and user_id = $2 returning ${COLUMNS}`,
      [id, userId],
    ),

  markAllRead: async (userId: string) =>
    (await q.query(`update notifications set read_at = now() where user_id = $1 and read_at is null returning id`, [userId])).length,
});
