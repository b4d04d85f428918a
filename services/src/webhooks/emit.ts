import type { WebhookEventType, WebhookPayload } from '@colloquy/contract';
import type { Queryable } from '../db/db.ts';
import { webhooksRepo } from '../db/repos/webhooks.repo.ts';
import type { Services } from '../services.ts';

/** What happened, with ids and the web app's paths (made absolute when delivered). */
export interface WebhookEvent {
  type: WebhookEventType;
  spaceId: string;
  /** Stable per happening (e.g. `contribution.ready:<id>`): one delivery per webhook however often it is reported. */
  key: string;
  data: Record<string, unknown> & { links?: Record<string, string> };
}

/**
 * Records one delivery per enabled webhook of the space that subscribes to the event, and queues
 * it; pass `q` to make it part of the transaction that made the event happen.
 */
export async function emitWebhookEvent(s: Pick<Services, 'db' | 'queue'>, event: WebhookEvent, q: Queryable = s.db): Promise<number> {
  const repo = webhooksRepo(q);
  const hooks = await repo.subscribed(event.spaceId, event.type);
  const payload: WebhookPayload = {
    id: event.key,
    type: event.type,
    createdAt: new Date().toISOString(),
    spaceId: event.spaceId,
    data: event.data,
  };
  let queued = 0;
  for (const hook of hooks) {
    const delivery = await repo.addDelivery(hook.id, { key: event.key, type: event.type, payload });
    if (!delivery) continue; // reported before
    // Inside a transaction the job starts once it commits (found by the next poll, seconds later).
    await s.queue.sendTask('webhook', { deliveryId: delivery.id }, q === s.db ? {} : { q });
    queued++;
  }
  return queued;
}

/** The player's address of a contribution, optionally at the second a statement starts. */
export const playerPath = (conferenceId: string, contributionId: string, at?: { statementId: string; startMs: number }) =>
  `/c/${conferenceId}/watch/${contributionId}${at ? `?t=${Math.floor(at.startMs / 1000)}&s=${at.statementId}` : ''}`;
