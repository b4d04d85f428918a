import { z } from 'zod';
import { Id, IdParams, IsoDate } from './common.ts';
import { defineOperations } from './operation.ts';
import { Text } from './text.ts';

/** What a webhook can subscribe to. Payloads carry ids and links, never media or transcripts. */
export const WEBHOOK_EVENTS = [
  'contribution.ready',
  'contribution.failed',
  'statement.forwarded',
  'forward.answered',
  'interview.completed',
  'agenda.published',
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENTS);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

export const Webhook = z.object({
  id: Id,
  spaceId: Id,
  url: z.string(),
  events: z.array(WebhookEventType),
  enabled: z.boolean(),
  /** Why Colloquy disabled it (repeated failures); null when enabled or disabled by a host. */
  disabledReason: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type Webhook = z.infer<typeof Webhook>;

export const WebhookDelivery = z.object({
  id: Id,
  eventType: WebhookEventType,
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  /** The receiver's HTTP status of the last attempt; null when it could not be reached. */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: IsoDate,
  lastAttemptAt: IsoDate.nullable(),
  deliveredAt: IsoDate.nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** The body Colloquy POSTs: sign `${timestamp}.${body}` with the secret to check it (README, Webhooks). */
export const WebhookPayload = z.object({
  id: z.string(),
  type: WebhookEventType,
  createdAt: IsoDate,
  spaceId: Id,
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

const WebhookUrl = Text(2000, { oneLine: true }).refine(
  (u) => URL.canParse(u) && ['http:', 'https:'].includes(new URL(u).protocol),
  'an http(s) URL',
);
const webhookFields = { url: WebhookUrl, events: z.array(WebhookEventType).min(1).max(WEBHOOK_EVENTS.length) };

export const CreateWebhookBody = z.strictObject(webhookFields);
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;
export const UpdateWebhookBody = z
  .strictObject({ ...webhookFields, enabled: z.boolean() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'change at least one field');
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;

export const webhooksOperations = defineOperations({
  listWebhooks: {
    method: 'GET',
    url: '/api/spaces/:id/webhooks',
    tags: ['webhooks'],
    summary: "The space's webhooks (owners and hosts)",
    params: IdParams,
    response: { 200: z.object({ webhooks: z.array(Webhook) }) },
  },
  createWebhook: {
    method: 'POST',
    url: '/api/spaces/:id/webhooks',
    tags: ['webhooks'],
    summary: 'Add a webhook (owners and hosts); the answer holds its signing secret, shown this once',
    description:
      'The URL must be http(s) and must not resolve to a loopback, link-local or private address unless the server allows it (WEBHOOK_ALLOW_PRIVATE).',
    params: IdParams,
    body: CreateWebhookBody,
    response: { 201: z.object({ webhook: Webhook, secret: z.string() }) },
  },
  updateWebhook: {
    method: 'PATCH',
    url: '/api/webhooks/:id',
    tags: ['webhooks'],
    summary: 'Change the URL or events, or enable/disable a webhook (enabling clears the failure count)',
    params: IdParams,
    body: UpdateWebhookBody,
    response: { 200: z.object({ webhook: Webhook }) },
  },
  deleteWebhook: {
    method: 'DELETE',
    url: '/api/webhooks/:id',
    tags: ['webhooks'],
    summary: 'Remove a webhook and its delivery log',
    params: IdParams,
    response: { 204: z.null().describe('removed') },
  },
  listWebhookDeliveries: {
    method: 'GET',
    url: '/api/webhooks/:id/deliveries',
    tags: ['webhooks'],
    summary: "The webhook's last 100 deliveries, newest first, with each attempt's outcome",
    params: IdParams,
    response: { 200: z.object({ deliveries: z.array(WebhookDelivery) }) },
  },
});
