import type { Queryable } from '../db/db.ts';

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

/** Creates (or merges into) an in-app notification; returns its id. */
export async function notify(q: Queryable, n: NewNotification, opts: { batchMinutes: number }): Promise<string> {
  if (n.batchKey && opts.batchMinutes > 0) {
    const [merged] = await q.query<{ id: string }>(
      `update notifications
          set count = count + 1, updated_at = now(),
              payload = payload || jsonb_build_object('items', coalesce(payload->'items', '[]'::jsonb) || jsonb_build_array($3::jsonb))
        where id = (select id from notifications
                     where user_id = $1 and batch_key = $2 and read_at is null
                       and created_at > now() - make_interval(mins => $4::int)
                     order by created_at desc limit 1)
        returning id`,
      [n.userId, n.batchKey, JSON.stringify(n.payload), opts.batchMinutes],
    );
    if (merged) return merged.id;
  }
  const [row] = await q.query<{ id: string }>(
    `insert into notifications (user_id, kind, space_id, batch_key, payload)
     values ($1, $2, $3, $4, $5::jsonb || jsonb_build_object('items', jsonb_build_array($5::jsonb))) returning id`,
    [n.userId, n.kind, n.spaceId, n.batchKey ?? null, JSON.stringify(n.payload)],
  );
  return row.id;
}
