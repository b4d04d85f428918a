import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../src/webhooks/signature.ts';
import { addMember, Client, postTranscript, spaceWithConference, startTestApp, type TestApp } from './helpers/app.ts';
import { waitFor } from './helpers/wait.ts';

/** A webhook receiver on loopback: records each request and answers with the next planned status. */
class Receiver {
  readonly requests: { headers: http.IncomingHttpHeaders; body: string; path: string }[] = [];
  plan: number[] = [];
  fallback = 200;
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      this.requests.push({ headers: req.headers, body, path: req.url ?? '' });
      res.statusCode = this.plan.shift() ?? this.fallback;
      res.end('ok');
    });
  });
  url = '';
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  close = () => new Promise((r) => this.server.close(r));
  of = (type: string) => this.requests.filter((r) => r.headers['colloquy-event'] === type);
}

let t: TestApp;
const receiver = new Receiver();
beforeAll(async () => {
  await receiver.start();
  // Loopback receivers are private addresses: this server's admin allows them, as a test must.
  t = await startTestApp({
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_RETRY_SECONDS: '0.5',
    WEBHOOK_ATTEMPTS: '3',
    WEBHOOK_DISABLE_AFTER: '2',
    PUBLIC_URL: 'https://colloquy.example.org',
  });
});
afterAll(async () => {
  await t?.close({ remove: true });
  await receiver.close();
});

const turns = [
  { speaker: 'Ana', text: 'We move the tablet release to April because of the camera crash.', startMs: 0, endMs: 5000 },
  { speaker: 'Ben', text: 'Who can look into the memory leak of the encoder during long recordings?', startMs: 5500, endMs: 11000 },
];

describe('webhooks', () => {
  it('delivers signed events, and retries after a 500', async () => {
    const { client, space, conference } = await spaceWithConference(t.app);
    const created = await client.post(`/api/spaces/${space.id}/webhooks`, {
      url: `${receiver.url}/hooks/ready`,
      events: ['contribution.ready', 'statement.forwarded'],
    });
    expect(created.statusCode).toBe(201);
    const { webhook, secret } = created.json();
    expect(secret).toMatch(/^whsec_/);
    expect((await client.get(`/api/spaces/${space.id}/webhooks`)).json().webhooks[0]).not.toHaveProperty('secret');

    receiver.plan = [500]; // the first attempt fails, the retry succeeds
    const contribution = await postTranscript(client, conference.id, { title: 'Release sync', turns });
    const log = await waitFor(
      'the delivery to succeed',
      async () => (await client.get(`/api/webhooks/${webhook.id}/deliveries`)).json().deliveries,
      { until: (d) => d.length === 1 && d[0].status === 'delivered', timeoutMs: 60_000 },
    );
    expect(log[0]).toMatchObject({ eventType: 'contribution.ready', attempts: 2, lastStatus: 200 });

    const calls = receiver.of('contribution.ready');
    expect(calls).toHaveLength(2);
    const body = JSON.parse(calls[1].body);
    expect(body).toMatchObject({
      id: `contribution.ready:${contribution.id}`,
      type: 'contribution.ready',
      spaceId: space.id,
      data: {
        contributionId: contribution.id,
        conferenceId: conference.id,
        links: { player: `https://colloquy.example.org/c/${conference.id}/watch/${contribution.id}` },
      },
    });
    expect(calls[1].body).not.toContain('camera crash'); // ids and links, never the transcript
    expect(verify(secret, calls[1].body, String(calls[1].headers['colloquy-signature']))).toBe(true);
    expect(verify(secret, calls[1].body.replace('ready', 'failed'), String(calls[1].headers['colloquy-signature']))).toBe(false);
    expect(verify('whsec_other', calls[1].body, String(calls[1].headers['colloquy-signature']))).toBe(false);

    // A forward is reported too, with a link to the statement's second.
    const member = await addMember(t.app, client, space.id, 'Mia');
    const statement = contribution.statements[1];
    expect((await client.post(`/api/statements/${statement.id}/forwards`, { userId: member.userId })).statusCode).toBe(201);
    await waitFor('the forward to be reported', async () => receiver.of('statement.forwarded').length, { until: (n) => n === 1 });
    const forwarded = JSON.parse(receiver.of('statement.forwarded')[0].body);
    expect(forwarded.data).toMatchObject({ statementId: statement.id, recipient: 'member' });
    expect(forwarded.data.links.statement).toContain(`s=${statement.id}`);
  });

  it('disables a webhook after repeated failed deliveries, and a host can enable it again', async () => {
    const { client, space, conference } = await spaceWithConference(t.app);
    const { webhook } = (
      await client.post(`/api/spaces/${space.id}/webhooks`, { url: `${receiver.url}/down`, events: ['contribution.ready'] })
    ).json();
    receiver.fallback = 503;
    try {
      for (const title of ['One', 'Two']) await postTranscript(client, conference.id, { title, turns });
      const disabled = await waitFor(
        'the webhook to be disabled',
        async () => (await client.get(`/api/spaces/${space.id}/webhooks`)).json().webhooks[0],
        { until: (w) => !w.enabled, timeoutMs: 60_000 },
      );
      expect(disabled.disabledReason).toMatch(/2 failed deliveries in a row/);
      const log = (await client.get(`/api/webhooks/${webhook.id}/deliveries`)).json().deliveries;
      expect(log.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([
        ['failed', 3],
        ['failed', 3],
      ]);
      // Nothing more is sent to it while it is disabled; another webhook shows the event was reported.
      receiver.fallback = 200;
      const other = (
        await client.post(`/api/spaces/${space.id}/webhooks`, { url: `${receiver.url}/up`, events: ['contribution.ready'] })
      ).json();
      const three = await postTranscript(client, conference.id, { title: 'Three', turns });
      await waitFor(
        'the other webhook to hear of it',
        async () => receiver.requests.filter((r) => r.path === '/up' && r.body.includes(three.id)).length,
        {
          until: (n) => n === 1,
        },
      );
      expect((await client.get(`/api/webhooks/${webhook.id}/deliveries`)).json().deliveries).toHaveLength(2);
      expect((await client.get(`/api/webhooks/${other.webhook.id}/deliveries`)).json().deliveries).toHaveLength(1);
    } finally {
      receiver.fallback = 200;
    }
    const enabled = (await client.request({ method: 'PATCH', url: `/api/webhooks/${webhook.id}`, payload: { enabled: true } })).json()
      .webhook;
    expect(enabled).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
  });

  it('is managed by owners and hosts only', async () => {
    const { client, space } = await spaceWithConference(t.app);
    const { webhook } = (
      await client.post(`/api/spaces/${space.id}/webhooks`, { url: `${receiver.url}/x`, events: ['forward.answered'] })
    ).json();
    const member = await addMember(t.app, client, space.id, 'Max');
    const outsider = await Client.signUp(t.app, 'Oscar');
    expect((await member.get(`/api/spaces/${space.id}/webhooks`)).statusCode).toBe(403);
    expect((await member.get(`/api/webhooks/${webhook.id}/deliveries`)).statusCode).toBe(403);
    expect((await outsider.get(`/api/webhooks/${webhook.id}/deliveries`)).statusCode).toBe(404);
    expect((await outsider.request({ method: 'DELETE', url: `/api/webhooks/${webhook.id}` })).statusCode).toBe(404);
    const bad = await client.post(`/api/spaces/${space.id}/webhooks`, { url: 'ftp://example.org/x', events: ['contribution.ready'] });
    expect(bad.json().error.code).toBe('E_VALIDATION');
    expect((await client.post(`/api/spaces/${space.id}/webhooks`, { url: `${receiver.url}/x`, events: [] })).statusCode).toBe(400);
    expect((await client.request({ method: 'DELETE', url: `/api/webhooks/${webhook.id}` })).statusCode).toBe(204);
  });
});

describe('webhooks on a server that does not allow private addresses', () => {
  it('refuses loopback, link-local and private URLs', async () => {
    const strict = await startTestApp();
    try {
      const { client, space } = await spaceWithConference(strict.app);
      for (const url of [
        receiver.url,
        'http://localhost:8080/x',
        'http://169.254.169.254/latest/meta-data',
        'http://10.1.2.3/x',
        'http://[::1]/x',
        'http://[::ffff:127.0.0.1]/x',
      ]) {
        const res = await client.post(`/api/spaces/${space.id}/webhooks`, { url, events: ['contribution.ready'] });
        expect([url, res.statusCode, res.json().error?.code]).toEqual([url, 400, 'E_WEBHOOK_ADDRESS']);
      }
    } finally {
      await strict.close({ remove: true });
    }
  });
});
