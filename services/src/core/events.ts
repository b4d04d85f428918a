import type { AppEvent } from '@colloquy/contract';

/** Anything that runs SQL: the database or a transaction (publishing inside one sends at commit). */
interface Sql {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Live events travel through PostgreSQL NOTIFY, so a worker in another process reaches the API
 * process that holds the browser's event stream. Payloads carry ids and state, never content.
 */
export const EVENTS_CHANNEL = 'colloquy_events';

/** The payloads are the contract's (contract/src/events.ts): what /api/events sends is what is published. */
export type { AppEvent, ContributionEvent, NotificationEvent } from '@colloquy/contract';

export async function publish(q: Sql, event: AppEvent): Promise<void> {
  await q.query(`select pg_notify($1, $2)`, [EVENTS_CHANNEL, JSON.stringify(event)]);
}
