import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AppError, notFound } from '../core/errors.ts';
import { memoFor } from '../core/memo.ts';
import { hashToken } from '../core/secrets.ts';
import { pipelineJobs } from '../contributions/stalls.ts';
import type { Services } from '../services.ts';

/** A scrape every few seconds from several Prometheus servers shares one queue count. */
const QUEUE_TTL_MS = 5_000;

/** The queue gauges read /api/health's counts, cached: a scrape never costs a heavy query. */
function feedQueueGauges(s: Services) {
  s.metrics.queueFrom(memoFor(QUEUE_TTL_MS, async () => (await pipelineJobs(s)).stages));
}

/** Compares hashes, so neither the token's length nor its first wrong character shows in the timing. */
const sameToken = (given: string, expected: string) => timingSafeEqual(Buffer.from(hashToken(given)), Buffer.from(hashToken(expected)));

/**
 * Every answer counted by its route pattern (`/api/contributions/:id`, never the raw URL: ids would
 * make one series per contribution) and status, and `GET /metrics` on the API port: only with
 * METRICS_TOKEN set, and only for `Authorization: Bearer <token>`; without the setting it is 404.
 */
export function installHttpMetrics(app: FastifyInstance, s: Services): void {
  feedQueueGauges(s);
  app.addHook('onResponse', async (request, reply) => {
    s.metrics.httpAnswered({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const token = s.config.metrics.token;
    if (!token) throw notFound('route');
    const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!sameToken(given, token))
      throw new AppError('E_UNAUTHORIZED', 'send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"', 401);
    const { contentType, body } = await s.metrics.scrape();
    return reply.type(contentType).send(body);
  });
}

/**
 * METRICS_PORT: `/metrics` on its own listener (METRICS_HOST, loopback by default), no token, in
 * any process: the API and each `colloquy worker` expose their own registry there.
 */
export async function startMetricsListener(s: Services): Promise<{ url: string; close(): Promise<void> } | null> {
  const { port, host } = s.config.metrics;
  if (port === undefined) return null;
  feedQueueGauges(s);
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    s.metrics.scrape().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      (err) => {
        s.log.warn({ err }, 'metrics scrape failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('scrape failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/metrics`;
  s.log.info({ url }, 'metrics listening');
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
