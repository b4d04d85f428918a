import type { Queryable } from '../db/db.ts';

/**
 * Live events travel through PostgreSQL NOTIFY, so a worker in another process reaches the API
 * process that holds the browser's event stream. Payloads carry ids and state, never content.
 */
export const EVENTS_CHANNEL = 'colloquy_events';

export interface ContributionEvent {
  type: 'contribution';
  id: string;
  conferenceId: string;
  spaceId: string;
  status: string;
  stage: string;
  progress: number;
  error: string | null;
}

export type AppEvent = ContributionEvent;

export async function publish(q: Queryable, event: AppEvent): Promise<void> {
  await q.query(`select pg_notify($1, $2)`, [EVENTS_CHANNEL, JSON.stringify(event)]);
}
