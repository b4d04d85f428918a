import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { waitFor } from './helpers/wait.ts';
import { sendDueDigests } from '../src/notify/digest-job.ts';
import { readEmail } from './helpers/eml.ts';

type Notification = { id: string; kind: string; spaceId: string; count: number; readAt: string | null; payload: Record<string, unknown> };
type Member = Client & { userId: string; email: string };

let t: TestApp;
let outboxDir: string;
beforeAll(async () => {
  outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-outbox-'));
  // DIGEST_HOUR_UTC=0: the digest run below is due whatever the hour.
  t = await startTestApp({ OUTBOX_DIR: outboxDir, DIGEST_HOUR_UTC: '0', PUBLIC_URL: 'https://colloquy.example.org' });
});
afterAll(async () => {
  await t.close({ remove: true });
  fs.rmSync(outboxDir, { recursive: true, force: true });
});

const notificationsOf = async (c: Client, query = '') =>
  (await c.get(`/api/notifications${query}`)).json() as { notifications: Notification[]; unread: number };

async function post(c: Client, conferenceId: string, text: string, opts: { title?: string; replyTo?: string; speaker?: string } = {}) {
  const res = await c.post(`/api/conferences/${conferenceId}/transcripts`, {
    title: opts.title ?? 'Update',
    replyTo: opts.replyTo,
    turns: [{ speaker: opts.speaker ?? 'Speaker', text, startMs: 0, endMs: 8000 }],
  });
  expect(res.statusCode, res.body).toBe(202);
  const done = await waitForContribution(c, res.json().contribution.id);
  expect(done.status, done.error).toBe('ready');
  return (await c.get(`/api/contributions/${done.id}`)).json().contribution as {
    id: string;
    statements: { id: string; startMs: number }[];
  };
}

/** Client.signUp with a full name (the helper makes the email address from the name). */
async function signUp(name: string): Promise<Member> {
  const client = new Client(t.app);
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const res = await client.post('/api/auth/signup', { email, password: 'correct horse battery', name });
  expect(res.statusCode, res.body).toBe(201);
  return Object.assign(client, { userId: res.json().user.id as string, email });
}

async function member(owner: Client, spaceId: string, name: string): Promise<Member> {
  const m = await signUp(name);
  expect((await owner.post(`/api/spaces/${spaceId}/members`, { email: m.email, role: 'member' })).statusCode).toBe(201);
  return m;
}

/** The emails written to the outbox folder for an address. */
const emailsTo = (email: string) =>
  fs
    .readdirSync(outboxDir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => readEmail(fs.readFileSync(path.join(outboxDir, f), 'utf8')))
    .filter((m) => m.to === email);

describe('notifications', () => {
  it('tells followers once about a burst, the addressee of a reply, and whom a statement mentions — only members', async () => {
    const { client: olga, space, conference } = await spaceWithConference(t.app, 'Olga');
    const ben = await member(olga, space.id, 'Ben Okafor');
    const cleo = await member(olga, space.id, 'Cleo Park');
    // An outsider who somehow follows the conference (say, a former member) and is named in it.
    const xena = await signUp('Xena');
    await t.runtime.db.query(`insert into conference_follows (user_id, conference_id) values ($1, $2)`, [xena.userId, conference.id]);

    // A burst of three contributions from Ben: the creator (following her conference) hears once.
    const first = await post(ben, conference.id, 'We should move the launch to April because the payment redesign is late.', {
      title: 'Launch date',
    });
    await post(ben, conference.id, 'The Android beta has two crash reports from the payment screen.', { title: 'Android beta' });
    await post(ben, conference.id, 'I will write the migration guide for the new billing API this week.', { title: 'Migration guide' });
    const forOlga = await waitFor('a batched notification for Olga', () => notificationsOf(olga), {
      until: (r) => r.notifications[0]?.count === 3,
    });
    expect(forOlga.notifications).toHaveLength(1);
    expect(forOlga.unread).toBe(1);
    const burst = forOlga.notifications[0];
    expect(burst).toMatchObject({ kind: 'contribution', spaceId: space.id, readAt: null });
    expect((burst.payload.items as { title: string }[]).map((i) => i.title)).toEqual(['Launch date', 'Android beta', 'Migration guide']);
    expect(burst.payload).toMatchObject({ conferenceId: conference.id, authorName: 'Ben Okafor' });

    // Olga answers Ben's first statement and names Cleo and Xena: Ben hears of a reply, Cleo of a mention.
    const answer = await post(olga, conference.id, 'April works for me. @cleo, can you check the Android crash with Xena before Friday?', {
      title: 'Re: launch date',
      replyTo: first.statements[0].id,
    });
    const forBen = await waitFor('a reply notification for Ben', () => notificationsOf(ben), { until: (r) => r.notifications.length > 0 });
    expect(forBen.notifications.map((n) => n.kind)).toEqual(['reply']);
    expect(forBen.notifications[0].payload).toMatchObject({
      contributionId: answer.id,
      replyToStatementId: first.statements[0].id,
      authorName: 'Olga',
    });
    const forCleo = await waitFor('a mention for Cleo', () => notificationsOf(cleo), { until: (r) => r.notifications.length > 0 });
    expect(forCleo.notifications.map((n) => n.kind)).toEqual(['mention']);
    expect(forCleo.notifications[0].payload).toMatchObject({ statementId: answer.statements[0].id, startMs: answer.statements[0].startMs });

    // Replies and mentions come by email by default (the outbox folder here), with a link to the second.
    const link = `https://colloquy.example.org/c/${conference.id}/watch/${answer.id}?t=${Math.floor(answer.statements[0].startMs / 1000)}&s=${answer.statements[0].id}`;
    const [mail] = await waitFor('the mention email', async () => emailsTo(cleo.email), { until: (m) => m.length > 0 });
    expect(mail.subject).toBe('Olga mentioned you in "Roadmap"');
    expect(mail.body).toContain(link);
    await waitFor('the reply email', async () => emailsTo(ben.email), { until: (m) => m.length === 1 });
    expect(emailsTo(olga.email)).toEqual([]); // new contributions are in-app only by default

    // Never the outsider, though she follows and is named; never the author about her own post.
    expect((await notificationsOf(xena)).notifications).toEqual([]);
    expect((await notificationsOf(olga)).notifications).toHaveLength(1);
    expect(emailsTo(xena.email)).toEqual([]);
  });

  it('keeps read state per user', async () => {
    const { client: olga, space, conference } = await spaceWithConference(t.app, 'Olga');
    const ben = await member(olga, space.id, 'Ben');
    await post(ben, conference.id, 'First thoughts on the roadmap: the search work should come before the mobile app.');
    const mine = await waitFor('a notification', () => notificationsOf(olga), { until: (r) => r.unread === 1 });
    const id = mine.notifications[0].id;

    expect((await ben.post(`/api/notifications/${id}/read`)).statusCode).toBe(404); // not Ben's
    const read = await olga.post(`/api/notifications/${id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().notification.readAt).toBeTruthy();
    expect(read.json().unread).toBe(0);
    expect((await notificationsOf(olga, '?unread=true')).notifications).toEqual([]);
    expect((await notificationsOf(olga)).notifications[0].readAt).toBeTruthy();

    // A contribution after reading starts a new notification rather than growing the read one.
    await post(ben, conference.id, 'Second thought: the billing migration needs a guide for customers.');
    await waitFor('a second notification', () => notificationsOf(olga), { until: (r) => r.unread === 1 && r.notifications.length === 2 });
    const all = await olga.post('/api/notifications/read-all');
    expect(all.json()).toEqual({ marked: 1, unread: 0 });
    expect((await notificationsOf(olga)).unread).toBe(0);

    expect((await new Client(t.app).get('/api/notifications')).statusCode).toBe(401);
  });

  it('keeps preferences, and sends email only for the kinds chosen', async () => {
    const { client: olga, space, conference } = await spaceWithConference(t.app, 'Olga');
    const dana = await member(olga, space.id, 'Dana Wu');
    expect((await dana.get('/api/me/preferences')).json().preferences).toEqual({
      digestFrequency: 'weekly',
      emailKinds: ['forward', 'mention', 'reply', 'agenda'],
      nudges: true,
      lastDigestAt: null,
    });
    const put = await dana.request({ method: 'PUT', url: '/api/me/preferences', payload: { emailKinds: ['contribution'] } });
    expect(put.statusCode).toBe(200);
    expect(put.json().preferences).toMatchObject({ digestFrequency: 'weekly', emailKinds: ['contribution'] });
    const daily = await dana.request({ method: 'PUT', url: '/api/me/preferences', payload: { digestFrequency: 'daily' } });
    expect(daily.json().preferences).toMatchObject({ digestFrequency: 'daily', emailKinds: ['contribution'] });
    for (const payload of [{ digestFrequency: 'hourly' }, { emailKinds: ['spam'] }, {}]) {
      const bad = await dana.request({ method: 'PUT', url: '/api/me/preferences', payload });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('E_VALIDATION');
    }

    // Mentioned, but mentions no longer come by email for Dana: in-app only.
    await post(olga, conference.id, 'Dana Wu will own the pricing page copy.');
    await waitFor('a mention for Dana', () => notificationsOf(dana), { until: (r) => r.notifications.some((n) => n.kind === 'mention') });
    // Dana now follows (she is mentioned, not a contributor): her own post makes her a follower, and Olga's next one emails her.
    await post(dana, conference.id, 'Pricing page copy draft is ready for review.');
    await post(olga, conference.id, 'Thanks, reviewing the pricing copy today.');
    const [mail] = await waitFor('the contribution email', async () => emailsTo(dana.email), { until: (m) => m.length > 0 });
    expect(mail.subject).toMatch(/^New in "Roadmap"/);
    expect(emailsTo(dana.email)).toHaveLength(1);
  });

  it('delivers a notification event on /api/events only to its user', async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { client: olga, space, conference } = await spaceWithConference(t.app, 'Olga');
    const ben = await member(olga, space.id, 'Ben');
    await post(ben, conference.id, 'Opening the thread on the release checklist.'); // Ben and Olga now follow
    await waitFor('the first notification', () => notificationsOf(olga), { until: (r) => r.notifications.length === 1 });

    const abort = new AbortController();
    const listen = async (c: Client) => {
      const res = await fetch(`${url}/api/events`, { headers: { cookie: c.cookie }, signal: abort.signal });
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events: { event: string; data: Record<string, unknown> }[] = [];
      void (async () => {
        const decoder = new TextDecoder();
        let buffer = '';
        try {
          for await (const chunk of res.body!) {
            buffer += decoder.decode(chunk, { stream: true });
            for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const event = block.match(/^event: (.*)$/m)?.[1];
              const data = block.match(/^data: (.*)$/m)?.[1];
              if (event && data) events.push({ event, data: JSON.parse(data) });
            }
          }
        } catch {
          // aborted at the end of the test
        }
      })();
      return events;
    };
    const benEvents = await listen(ben);
    const olgaEvents = await listen(olga);

    await post(olga, conference.id, 'Checklist item one: freeze the API on Monday.');
    const benNote = await waitFor('Ben’s notification event', async () => benEvents.filter((e) => e.event === 'notification'), {
      until: (e) => e.length > 0,
    });
    expect(benNote[0].data).toMatchObject({ type: 'notification', userId: ben.userId, kind: 'contribution', count: 1 });
    expect(benNote[0].data.id).toBe((await notificationsOf(ben)).notifications[0].id);

    // Then one for Olga: events arrive in order, so by the time hers is here Ben's would have been too.
    await post(ben, conference.id, 'Checklist item two: write the release notes.');
    const olgaNotes = await waitFor('Olga’s notification event', async () => olgaEvents.filter((e) => e.event === 'notification'), {
      until: (e) => e.length > 0,
    });
    abort.abort();
    expect(olgaNotes.every((e) => e.data.userId === olga.userId)).toBe(true);
    expect(olgaNotes[0].data).toMatchObject({ kind: 'contribution', count: 2 }); // merged into her unread one
    expect(benEvents.filter((e) => e.event === 'notification').every((e) => e.data.userId === ben.userId)).toBe(true);
    expect(olgaEvents.some((e) => e.event === 'contribution')).toBe(true); // progress events still flow
  });

  it('sends the scheduled email digest to those who want it, once per period', async () => {
    const { client: olga, space, conference } = await spaceWithConference(t.app, 'Olga');
    const eve = await member(olga, space.id, 'Eve');
    const finn = await member(olga, space.id, 'Finn');
    await eve.request({ method: 'PUT', url: '/api/me/preferences', payload: { digestFrequency: 'daily' } });
    await finn.request({ method: 'PUT', url: '/api/me/preferences', payload: { digestFrequency: 'off' } });
    const c = await post(olga, conference.id, 'We decided to ship the beta on June 3. Who can write the announcement?', {
      title: 'Beta date',
    });

    const tomorrow = new Date(Date.now() + 86_400_000);
    const sent = await sendDueDigests(t.runtime, tomorrow);
    expect(sent).toBeGreaterThanOrEqual(1);
    const [mail] = await waitFor('Eve’s digest email', async () => emailsTo(eve.email), { until: (m) => m.length > 0 });
    expect(mail.subject).toBe('Product: 1 new contribution (Colloquy digest)');
    const links = c.statements.map(
      (st: { startMs: number; id: string }) =>
        `https://colloquy.example.org/c/${conference.id}/watch/${c.id}?t=${Math.floor(st.startMs / 1000)}&s=${st.id}`,
    );
    expect(
      links.some((l) => mail.body.includes(l)),
      mail.body,
    ).toBe(true);
    const digest = (await notificationsOf(eve)).notifications.find((n) => n.kind === 'digest');
    expect(digest).toMatchObject({ spaceId: space.id, payload: { spaceName: 'Product', contributionCount: 1 } });
    expect((await eve.get('/api/me/preferences')).json().preferences.lastDigestAt).toBeTruthy();

    expect(emailsTo(finn.email)).toEqual([]); // off
    expect(await sendDueDigests(t.runtime, tomorrow)).toBe(0);
    expect((await notificationsOf(eve)).notifications.filter((n) => n.kind === 'digest')).toHaveLength(1); // once per day
  });
});
