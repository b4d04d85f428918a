/** In-app notifications (merged in bursts, marked for email) and the once-per-contribution fan-out claims. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export type NotificationKind = 'contribution' | 'reply' | 'forward' | 'mention' | 'digest' | 'nudge' | 'agenda';

export type EmailStatus = 'pending' | 'queued';

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

  /**
   * Merges a payload into the user's newest unread notification with this batch key made within
   * the last `batchMinutes` (count + 1, payload.items grows); undefined when there is none.
   */
  mergeIntoBatch: (userId: string, batchKey: string, payload: Record<string, unknown>, batchMinutes: number) =>
    one<{ id: string; count: number; email_status: EmailStatus | null }>(
      q,
      `update notifications
          set count = count + 1, updated_at = now(),
              payload = payload || jsonb_build_object('items', coalesce(payload->'items', '[]'::jsonb) || jsonb_build_array($3::jsonb))
        where id = (select id from notifications
                     where user_id = $1 and batch_key = $2 and read_at is null
                       and created_at > now() - make_interval(mins => $4::int)
                     order by created_at desc limit 1)
        returning id, count, null::text as email_status`,
      [userId, batchKey, JSON.stringify(payload), batchMinutes],
    ),

  /**
   * A new notification, marked 'pending' for email when its kind is in the user's email_kinds.
   * The digest is an email of its own (digest_frequency), so its notification never sends one.
   */
  insert: async (n: {
    userId: string;
    kind: NotificationKind;
    spaceId: string | null;
    batchKey: string | null;
    payload: Record<string, unknown>;
  }) =>
    (await one<{ id: string; count: number; email_status: EmailStatus | null }>(
      q,
      `insert into notifications (user_id, kind, space_id, batch_key, payload, email_status)
       values ($1, $2, $3, $4, $5::jsonb || jsonb_build_object('items', jsonb_build_array($5::jsonb)),
               case when $2 <> 'digest' and $2 = any(coalesce((select email_kinds from user_preferences where user_id = $1),
                                                              '{forward,mention,reply,agenda}'::text[]))
                    then 'pending' end)
       returning id, count, email_status`,
      [n.userId, n.kind, n.spaceId, n.batchKey, JSON.stringify(n.payload)],
    ))!,

  /** Takes a notification's email mark ('pending' → 'queued'), with its user's address; undefined if taken already. */
  claimForEmail: (id: string) =>
    one<{ id: string; kind: NotificationKind; count: number; payload: NotificationRow['payload']; email: string; name: string }>(
      q,
      `update notifications n set email_status = 'queued'
         from users u
        where n.id = $1 and n.email_status = 'pending' and u.id = n.user_id
        returning n.id, n.kind, n.count, n.payload, u.email, u.name`,
      [id],
    ),

  setEmailOutbox: (id: string, outboxId: string) => q.query(`update notifications set email_outbox_id = $2 where id = $1`, [id, outboxId]),

  /** Notifications marked for email for over a minute whose rendering never ran, oldest first. */
  pendingEmails: async (limit: number): Promise<string[]> => {
    const rows = await q.query<{ id: string }>(
      `select id from notifications where email_status = 'pending' and created_at < now() - interval '1 minute'
        order by created_at limit $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  },

  /** Claims the fan-out of a ready contribution; false when it is not ready or was fanned out before. */
  claimFanout: async (contributionId: string) =>
    (
      await q.query(
        `insert into notification_fanouts (contribution_id)
         select id from contributions where id = $1 and status = 'ready'
         on conflict do nothing returning contribution_id`,
        [contributionId],
      )
    ).length > 0,
});
