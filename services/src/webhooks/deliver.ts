import http from 'node:http';
import https from 'node:https';
import type { Config } from '../config.ts';
import { webhooksRepo } from '../db/repos/webhooks.repo.ts';
import type { Services } from '../services.ts';
import { checkUrlHost, guardedLookup } from './address-guard.ts';
import { SIGNATURE_HEADER, sign } from './signature.ts';

type WebhookConfig = Config['webhooks'];
interface Outcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/**
 * One attempt of a delivery. A 2xx answer delivers it; anything else (another status, a redirect,
 * a timeout, a refused address) is recorded and, while attempts are left, queued again after
 * retrySeconds · 2^(attempt−1). The final outcome counts towards disabling the webhook.
 */
export async function deliverWebhook(
  s: Pick<Services, 'db' | 'queue' | 'log'> & { config: { webhooks: WebhookConfig } },
  deliveryId: string,
  baseUrl: string,
) {
  const repo = webhooksRepo(s.db);
  const delivery = await repo.delivery(deliveryId);
  if (delivery?.status !== 'pending') return;
  const hook = await repo.byId(delivery.webhook_id);
  if (!hook) return;
  const cfg = s.config.webhooks;
  if (!hook.enabled) {
    await repo.recordAttempt(delivery.id, { ok: false, status: null, error: 'the webhook is disabled', final: true });
    return;
  }
  const body = JSON.stringify(withAbsoluteLinks(delivery.payload, baseUrl));
  const outcome = await post(
    hook.url,
    body,
    {
      [SIGNATURE_HEADER]: sign(hook.secret, body, Math.floor(Date.now() / 1000)),
      'colloquy-event': delivery.event_type,
      'colloquy-delivery': delivery.id,
      'colloquy-webhook': hook.id,
    },
    cfg,
  );
  const attempt = delivery.attempts + 1;
  const final = outcome.ok || attempt >= cfg.attempts;
  await repo.recordAttempt(delivery.id, { ...outcome, final });
  if (!final) {
    await s.queue.sendTask('webhook', { deliveryId }, { startAfterSeconds: cfg.retrySeconds * 2 ** (attempt - 1) });
    return;
  }
  const settled = await repo.settle(hook.id, outcome.ok, cfg.disableAfter);
  if (settled && !settled.enabled && !outcome.ok)
    s.log.warn({ webhookId: hook.id, failures: settled.consecutive_failures }, 'webhook disabled after repeated failures');
}

/** data.links hold the web app's paths; receivers get absolute addresses. */
function withAbsoluteLinks(payload: Record<string, unknown>, baseUrl: string) {
  const data = payload.data as { links?: Record<string, string> } | undefined;
  if (!data?.links) return payload;
  const links = Object.fromEntries(Object.entries(data.links).map(([k, p]) => [k, `${baseUrl}${p}`]));
  return { ...payload, data: { ...data, links } };
}

async function post(target: string, body: string, headers: Record<string, string>, cfg: WebhookConfig): Promise<Outcome> {
  const url = new URL(target);
  try {
    await checkUrlHost(url, cfg.allowPrivate);
  } catch (err) {
    return { ok: false, status: null, error: (err as Error).message };
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<Outcome>((resolve) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Colloquy-Webhooks/1', ...headers },
        lookup: guardedLookup(cfg.allowPrivate),
        timeout: cfg.timeoutMs,
      },
      (res) => {
        res.resume(); // the answer's body is not read: only its status counts
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        resolve({
          ok,
          status,
          error: ok ? null : `the receiver answered ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`,
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${cfg.timeoutMs / 1000} s`)));
    req.on('error', (err) => resolve({ ok: false, status: null, error: err.message }));
    req.end(body);
  });
}
