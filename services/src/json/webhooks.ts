import type { Webhook, WebhookDelivery, WebhookEventType } from '@colloquy/contract';
import type { WebhookDeliveryRow, WebhookRow } from '../db/repos/webhooks.repo.ts';

/** A webhook as hosts see it: never its secret, which is shown once when it is made. */
export const webhookView = (w: WebhookRow): Webhook => ({
  id: w.id,
  spaceId: w.space_id,
  url: w.url,
  events: w.events as WebhookEventType[],
  enabled: w.enabled,
  disabledReason: w.disabled_reason,
  consecutiveFailures: w.consecutive_failures,
  createdAt: w.created_at.toISOString(),
  updatedAt: w.updated_at.toISOString(),
});

export const webhookDeliveryView = (d: WebhookDeliveryRow): WebhookDelivery => ({
  id: d.id,
  eventType: d.event_type as WebhookEventType,
  status: d.status,
  attempts: d.attempts,
  lastStatus: d.last_status,
  lastError: d.last_error,
  createdAt: d.created_at.toISOString(),
  lastAttemptAt: d.last_attempt_at?.toISOString() ?? null,
  deliveredAt: d.delivered_at?.toISOString() ?? null,
  payload: d.payload,
});
