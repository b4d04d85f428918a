import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, postTranscript, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { readEmail } from './helpers/eml.ts';
import { waitFor } from './helpers/wait.ts';

/**
 * What a host meets around a conference: the creator follows it at once and contributors when
 * they post; an outside expert's reply is in the digest like any unseen statement, marked; emails
 * link to the address the server listens on (no PUBLIC_URL here) and a reply's link opens the
 * reply; members removed lose access at once and invitees without an account get an email; a
 * meeting's caption file or plain transcript is imported as text.
 */

let t: TestApp;
let url: string;
let outboxDir: string;

beforeAll(async () => {
  outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-host-outbox-'));
  t = await startTestApp({ OUTBOX_DIR: outboxDir });
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await t?.close({ remove: true });
  if (outboxDir) fs.rmSync(outboxDir, { recursive: true, force: true });
});

const emailsTo = (email: string) =>
  fs
    .readdirSync(outboxDir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => readEmail(fs.readFileSync(path.join(outboxDir, f), 'utf8')))
    .filter((m) => m.to.includes(email));

const follows = async (c: Client, spaceId: string) => (await c.get(`/api/spaces/${spaceId}/follows`)).json().conferenceIds as string[];

describe('following', () => {
  it('has the creator follow a new conference before anything is posted, and a contributor from their first post', async () => {
    const { client: host, space, conference } = await spaceWithConference(t.app, 'Creator');
    expect(await follows(host, space.id)).toEqual([conference.id]);

    const member = await Client.signUp(t.app, 'Poster');
    await host.post(`/api/spaces/${space.id}/members`, { email: member.email, role: 'member' });
    expect(await follows(member, space.id)).toEqual([]);
    const res = await member.post(`/api/conferences/${conference.id}/transcripts`, {
      title: 'First thoughts',
      turns: [{ speaker: 'Poster', text: 'I think we should start with the pricing page.', startMs: 0, endMs: 3000 }],
    });
    expect(res.statusCode).toBe(202);
    expect(await follows(member, space.id)).toEqual([conference.id]);
  });
});

describe('an outside expert reply', () => {
  let host: Awaited<ReturnType<typeof Client.signUp>>;
  let reader: Awaited<ReturnType<typeof Client.signUp>>;
  let conferenceId: string;
  let replyId: string;
  let forwardedStatementId: string;

  beforeAll(async () => {
    const made = await spaceWithConference(t.app, 'Forwarder');
    host = made.client as typeof host;
    conferenceId = made.conference.id;
    reader = await Client.signUp(t.app, 'Reader');
    await host.post(`/api/spaces/${made.space.id}/members`, { email: reader.email, role: 'member' });
    const question = await postTranscript(host, conferenceId, {
      title: 'Payments',
      turns: [
        {
          speaker: 'Forwarder',
          text: 'Which payment provider handles refunds in Europe, and what does each refund cost?',
          startMs: 0,
          endMs: 6000,
        },
      ],
    });
    forwardedStatementId = question.statements[0].id;
    // The reader has seen the question: only the expert's reply is new for them.
    await reader.post(`/api/contributions/${question.id}/views`, { opened: true });
    const fwd = await host.post(`/api/statements/${forwardedStatementId}/forwards`, {
      email: 'margaret@example.net',
      name: 'Margaret Hale',
    });
    expect(fwd.statusCode, fwd.body).toBe(201);
    const token = (fwd.json().link as string).split('/x/')[1];
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/x/${token}/replies`,
      payload: { text: 'Most European providers refund for free; expect about one and a half percent per payment.' },
    });
    expect(res.statusCode).toBe(202);
    replyId = res.json().contribution.id;
    expect((await waitForContribution(host, replyId)).status).toBe('ready');
  });

  it('is in the digest, marked as from an outside expert', async () => {
    const digest = (await reader.get(`/api/conferences/${conferenceId}/digest`)).json().digest;
    const items = digest.sections.flatMap((s: { items: { contributionId: string; outside?: boolean; speaker: string }[] }) => s.items);
    expect(items.map((i: { contributionId: string }) => i.contributionId)).toEqual([replyId]);
    expect(items[0]).toMatchObject({ outside: true, speaker: 'Margaret Hale' });
  });

  it('is announced by an email whose link opens the reply, at the address the server listens on', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const [mail] = await waitFor('the reply email to the forwarder', async () => emailsTo(host.email), { until: (m) => m.length > 0 });
    expect(mail.body).toContain(`${url}/c/${conferenceId}#contribution-${replyId}`);
    expect(mail.body).not.toContain(`s=${forwardedStatementId}`);
    expect(mail.body).not.toContain('localhost');
    // The link works: that address is this server.
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });
});

describe('members', () => {
  it('emails an invite to someone without an account, linking to sign-up with their address', async () => {
    const { client: host, space } = await spaceWithConference(t.app, 'Inviter');
    const res = await host.post(`/api/spaces/${space.id}/members`, { email: 'newcomer@example.org', role: 'member' });
    expect(res.statusCode).toBe(201);
    expect(res.json().member).toMatchObject({ pending: true, email: 'newcomer@example.org' });
    const [mail] = await waitFor('the invite email', async () => emailsTo('newcomer@example.org'), { until: (m) => m.length > 0 });
    expect(mail.subject).toBe('Inviter invited you to "Product" on Colloquy');
    expect(mail.body).toContain(`${url}/signup?email=newcomer%40example.org&next=%2Fs%2F${space.id}`);
    // Changing the invite's role sends nothing more.
    await host.post(`/api/spaces/${space.id}/members`, { email: 'newcomer@example.org', role: 'host' });
    await new Promise((r) => setTimeout(r, 300));
    expect(emailsTo('newcomer@example.org')).toHaveLength(1);
  });

  it('removes a member, who loses access at once; hosts may not remove or demote owners; the last owner stays', async () => {
    const { client: owner, space, conference } = await spaceWithConference(t.app, 'Owner');
    const host = await Client.signUp(t.app, 'Hostess');
    const member = await Client.signUp(t.app, 'Leaver');
    await owner.post(`/api/spaces/${space.id}/members`, { email: host.email, role: 'host' });
    await owner.post(`/api/spaces/${space.id}/members`, { email: member.email, role: 'member' });
    expect((await member.get(`/api/conferences/${conference.id}`)).statusCode).toBe(200);

    const del = (by: Client, email: string) =>
      by.request({ method: 'DELETE', url: `/api/spaces/${space.id}/members/${encodeURIComponent(email)}` });
    expect((await del(member, host.email)).statusCode).toBe(403); // a member removes nobody else
    expect((await del(host, owner.email)).statusCode).toBe(403);
    expect((await host.post(`/api/spaces/${space.id}/members`, { email: owner.email, role: 'member' })).statusCode).toBe(403);
    expect((await del(owner, owner.email)).statusCode).toBe(403); // the last owner
    expect((await del(host, 'nobody@example.org')).statusCode).toBe(404);

    expect((await del(host, member.email)).statusCode).toBe(204);
    expect((await member.get(`/api/conferences/${conference.id}`)).statusCode).toBe(404);
    expect((await member.get(`/api/spaces/${space.id}`)).statusCode).toBe(404);
    const members = (await owner.get(`/api/spaces/${space.id}`)).json().members.map((m: { email: string }) => m.email);
    expect(members).not.toContain(member.email);
    // An outsider learns nothing about the space.
    expect((await del(member, host.email)).statusCode).toBe(404);
  });
});

describe('importing a transcript as text', () => {
  it('reads a Zoom-style WebVTT file with speaker names into statements', async () => {
    const { client: host, conference } = await spaceWithConference(t.app, 'Importer');
    const vtt = [
      'WEBVTT',
      '',
      '1',
      '00:00:01.000 --> 00:00:06.000',
      'Ana Host: We agreed to launch the pricing page at the end of April.',
      '',
      '2',
      '00:00:06.500 --> 00:00:11.000',
      'Ben Reader: Who will write the announcement for the customers?',
      '',
    ].join('\n');
    const res = await host.post(`/api/conferences/${conference.id}/transcripts`, { title: 'Weekly sync', transcript: vtt });
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitForContribution(host, res.json().contribution.id);
    expect(done.status).toBe('ready');
    const statements = (await host.get(`/api/contributions/${done.id}`)).json().contribution.statements;
    expect(new Set(statements.map((s: { speaker: string }) => s.speaker))).toEqual(new Set(['Ana Host', 'Ben Reader']));
    expect(statements[0].startMs).toBe(1000);
  });

  it('reads a plain transcript, and refuses a broken caption file or both forms at once with a 400', async () => {
    const { client: host, conference } = await spaceWithConference(t.app, 'Typist');
    const plain = '[00:00:02] Ana Host: The budget is approved.\n[00:00:09] Ben Reader: Great, I will order the laptops.';
    const ok = await host.post(`/api/conferences/${conference.id}/transcripts`, { title: 'Notes', transcript: plain });
    expect(ok.statusCode, ok.body).toBe(202);
    const done = await waitForContribution(host, ok.json().contribution.id);
    const statements = (await host.get(`/api/contributions/${done.id}`)).json().contribution.statements;
    expect(statements.map((s: { text: string }) => s.text).join(' ')).toContain('order the laptops');

    const broken = await host.post(`/api/conferences/${conference.id}/transcripts`, {
      transcript: 'WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBackwards\n',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('E_BAD_CAPTIONS');
    const both = await host.post(`/api/conferences/${conference.id}/transcripts`, {
      transcript: plain,
      turns: [{ text: 'x', startMs: 0, endMs: 1 }],
    });
    expect(both.statusCode).toBe(400);
  });
});
