/** Webhooks of a space and their delivery log. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export interface WebhookRow {
  id: string;
  space_id: string;
  url: string;
  secret: string;
  events: string[];
  enabled: boolean;
  consecutive_failures: number;
  disabled_reason: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface WebhookDeliveryRow {
  id: string;
  webhook_id: string;
  event_key: string;
  event_type: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
}

const COLUMNS = `w.id, w.space_id, w.url, w.secret, w.events, w.enabled, w.consecutive_failures, w.disabled_reason,
  w.created_by, w.created_at, w.updated_at`;

export const webhooksRepo = (q: Queryable) => ({
  list: (spaceId: string) =>
    q.query<WebhookRow>(`select ${COLUMNS} from webhooks w where w.space_id = $1 order by w.created_at, w.id`, [spaceId]),

  /** The webhook and the caller's role in its space; undefined for outsiders (→ 404). */
  forUser: (id: string, userId: string) =>
    one<WebhookRow & { role: string }>(
      q,
      `select ${COLUMNS}, m.role from webhooks w join memberships m on m.space_id = w.space_id and m.user_id = $2 where w.id = $1`,
      [id, userId],
    ),

  byId: (id: string) => one<WebhookRow>(q, `select ${COLUMNS} from webhooks w where w.id = $1`, [id]),

  create: async (spaceId: string, input: { url: string; events: string[]; secret: string }, userId: string) =>
    (await one<WebhookRow>(
      q,
      `insert into webhooks (space_id, url, events, secret, created_by) values ($1, $2, $3, $4, $5)
       returning ${COLUMNS.replaceAll('w.', '')}`,
      [spaceId, input.url, input.events, input.secret, userId],
    ))!,

  update: async (id: string, change: { url?: string; events?: string[]; enabled?: boolean }) =>
    (await one<WebhookRow>(
      q,
      `update webhooks set url = coalesce($2, url), events = coalesce($3, events), enabled = coalesce($4, enabled),
         -- enabling (again) starts over: the failures that disabled it are forgiven
         consecutive_failures = case when $4 then 0 else consecutive_failures end,
         disabled_reason = case when $4 is not null then null else disabled_reason end,
         updated_at = now()
       where id = $1 returning ${COLUMNS.replaceAll('w.', '')}`,
      [id, change.url ?? null, change.events ?? null, change.enabled ?? null],
    ))!,

  remove: (id: string) => q.query(`delete from webhooks where id = $1`, [id]),

  /** The space's enabled webhooks that subscribe to an event type. */
  subscribed: (spaceId: string, eventType: string) =>
    q.query<WebhookRow>(`select ${COLUMNS} from webhooks w where w.space_id = $1 and w.enabled and $2 = any (w.events)`, [
      spaceId,
      eventType,
    ]),

  /** Records a delivery; undefined when this event was already recorded for this webhook. */
  addDelivery: (webhookId: string, event: { key: string; type: string; payload: object }) =>
    one<{ id: string }>(
      q,
      `insert into webhook_deliveries (webhook_id, event_key, event_type, payload) values ($1, $2, $3, $4)
       on conflict (webhook_id, event_key) do nothing returning id`,
      [webhookId, event.key, event.type, JSON.stringify(event.payload)],
    ),

  delivery: (id: string) =>
    one<WebhookDeliveryRow>(
      q,
      `select id, webhook_id, event_key, event_type, payload, status, attempts, last_status, last_error, created_at,
         last_attempt_at, delivered_at from webhook_deliveries where id = $1`,
      [id],
    ),

  deliveries: (webhookId: string, limit = 100) =>
    q.query<WebhookDeliveryRow>(
      `select id, webhook_id, event_key, event_type, payload, status, attempts, last_status, last_error, created_at,
         last_attempt_at, delivered_at from webhook_deliveries where webhook_id = $1 order by created_at desc, id limit $2`,
      [webhookId, limit],
    ),

  /** One attempt's outcome; `final` marks the delivery failed for good (no attempts left). */
  recordAttempt: (id: string, outcome: { ok: boolean; status: number | null; error: string | null; final: boolean }) =>
    q.query(
      `update webhook_deliveries set attempts = attempts + 1, last_status = $2, last_error = $3, last_attempt_at = now(),
         status = case when $4 then 'delivered' when $5 then 'failed' else 'pending' end,
         delivered_at = case when $4 then now() else delivered_at end
       where id = $1`,
      [id, outcome.status, outcome.error, outcome.ok, outcome.final],
    ),

  /** After a delivery's final outcome: a success resets the count, a failure adds one and may disable. */
  settle: (webhookId: string, ok: boolean, disableAfter: number) =>
    one<{ enabled: boolean; consecutive_failures: number }>(
      q,
      `update webhooks set
         consecutive_failures = case when $2 then 0 else consecutive_failures + 1 end,
         enabled = case when not $2 and consecutive_failures + 1 >= $3 then false else enabled end,
         disabled_reason = case when not $2 and consecutive_failures + 1 >= $3
           then format('disabled after %s failed deliveries in a row', consecutive_failures + 1) else disabled_reason end,
         updated_at = now()
       where id = $1 returning enabled, consecutive_failures`,
      [webhookId, ok, disableAfter],
    ),
});
