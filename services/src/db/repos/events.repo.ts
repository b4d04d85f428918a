/** Publishing live events through PostgreSQL NOTIFY (see core/events.ts). */
import { EVENTS_CHANNEL, type AppEvent } from '../../core/events.ts';
import type { Queryable } from '../db.ts';

/** Publishes on the database or a transaction (inside one, it is sent at commit). */
export async function publish(q: Queryable, event: AppEvent): Promise<void> {
  await q.query(`select pg_notify($1, $2)`, [EVENTS_CHANNEL, JSON.stringify(event)]);
}
