import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, multipart, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { asrClips, concatClipsToLength, makeAudioFromClip, mediaDurationSeconds } from './fixtures/media.ts';

/**
 * Forwards: to a member (a notification for them alone) and to an outside expert (an email with a
 * link that opens exactly one statement and its span of the media, refused after expiry and
 * revocation, and nothing else); outside replies; the expert directory and who may edit it.
 */

let t: TestApp;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-forwards-'));

type Signed = Awaited<ReturnType<typeof Client.signUp>>;
let host: Signed;
let ana: Signed; // a member
let bo: Signed; // a member
let spaceId: string;
let conferenceId: string;
let contributionId: string;
let video: string;
let statements: { id: string; speaker: string; startMs: number; endMs: number; text: string }[];

const QUESTION = 'Which payment provider handles refunds in Europe, and how much do they charge for each transaction?';

beforeAll(async () => {
  t = await startTestApp();
  const made = await spaceWithConference(t.app, 'Host');
  host = made.client as Signed;
  spaceId = made.space.id;
  conferenceId = made.conference.id;
  ana = await Client.signUp(t.app, 'Ana');
  bo = await Client.signUp(t.app, 'Bo');
  for (const member of [ana, bo])
    expect((await host.post(`/api/spaces/${spaceId}/members`, { email: member.email, role: 'member' })).statusCode).toBe(201);

  // 40 s of real speech as a video, with captions: three statements by two speakers.
  video = path.join(tmp, 'talk.mp4');
  await concatClipsToLength(
    asrClips()
      .slice(0, 3)
      .map((c) => c.path),
    video,
    40,
  );
  const vtt = [
    'WEBVTT',
    '',
    '00:00:00.000 --> 00:00:12.000',
    '<v Ana>We need to decide the launch date of the new pricing page before the end of April.',
    '',
    '00:00:14.000 --> 00:00:26.000',
    `<v Bo>${QUESTION}`,
    '',
    '00:00:28.000 --> 00:00:39.000',
    '<v Ana>I will ask finance about the refund costs and report back next week.',
    '',
  ].join('\n');
  const body = multipart([
    { name: 'title', value: 'Payments' },
    { name: 'file', file: fs.readFileSync(video), filename: 'talk.mp4', contentType: 'video/mp4' },
    { name: 'captions', file: Buffer.from(vtt), filename: 'talk.vtt', contentType: 'text/vtt' },
  ]);
  const res = await host.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...body });
  expect(res.statusCode).toBe(202);
  const done = await waitForContribution(host, res.json().contribution.id);
  expect(done.status).toBe('ready');
  contributionId = done.id;
  statements = (await host.get(`/api/contributions/${contributionId}`)).json().contribution.statements;
  expect(statements.map((s) => s.speaker)).toEqual(['Ana', 'Bo', 'Ana']);
});

afterAll(async () => {
  await t?.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const question = () => statements[1];
const forwardToExpert = async (by: Client, statementId: string, target: Record<string, string>, note = '') => {
  const res = await by.post(`/api/statements/${statementId}/forwards`, { ...target, note });
  expect(res.statusCode, res.body).toBe(201);
  const { forward, link } = res.json() as { forward: { id: string; status: string; expiresAt: string }; link: string };
  const token = link.split('/x/')[1];
  return { forward, link, token };
};
const expert = (token: string, suffix = '', headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `/api/x/${token}${suffix}`, headers });

describe('the expert directory', () => {
  it('is edited by hosts, read by members, and hidden from outsiders', async () => {
    const created = await host.post(`/api/spaces/${spaceId}/people`, {
      name: 'Dr. Lena Park',
      email: 'lena@example.net',
      bio: 'Payments and card fees in the EU.',
      tags: ['Payments', 'refunds'],
    });
    expect(created.statusCode).toBe(201);
    const person = created.json().person;
    expect(person).toMatchObject({ name: 'Dr. Lena Park', email: 'lena@example.net', tags: ['payments', 'refunds'] });
    const [row] = await t.runtime.db.query<{ embedding_model: string | null }>(`select embedding_model from people where id = $1`, [
      person.id,
    ]);
    expect(row.embedding_model).toBe(t.runtime.ai.embedder.model); // bio + tags are its profile vector

    expect((await host.post(`/api/spaces/${spaceId}/people`, { name: 'Again', email: 'LENA@example.net' })).json().error.code).toBe(
      'E_PERSON_EXISTS',
    );
    expect((await ana.get(`/api/spaces/${spaceId}/people`)).json().people.map((p: { id: string }) => p.id)).toContain(person.id);
    expect((await ana.post(`/api/spaces/${spaceId}/people`, { name: 'X', email: 'x@example.net' })).statusCode).toBe(403);
    expect((await ana.request({ method: 'PATCH', url: `/api/people/${person.id}`, payload: { bio: 'nope' } })).statusCode).toBe(403);
    expect((await ana.request({ method: 'DELETE', url: `/api/people/${person.id}` })).statusCode).toBe(403);

    const edited = await host.request({
      method: 'PATCH',
      url: `/api/people/${person.id}`,
      payload: { bio: 'Payments, refunds and card fees in the EU.' },
    });
    expect(edited.json().person.bio).toBe('Payments, refunds and card fees in the EU.');
    const other = (await host.post(`/api/spaces/${spaceId}/people`, { name: 'Temp', email: 'temp@example.net' })).json().person;
    const clash = await host.request({ method: 'PATCH', url: `/api/people/${other.id}`, payload: { email: 'lena@example.net' } });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('E_PERSON_EXISTS');
    expect((await host.request({ method: 'DELETE', url: `/api/people/${other.id}` })).statusCode).toBe(204);

    const outsider = await Client.signUp(t.app, 'Outsider');
    expect((await outsider.get(`/api/spaces/${spaceId}/people`)).statusCode).toBe(404);
    expect((await outsider.request({ method: 'PATCH', url: `/api/people/${person.id}`, payload: { bio: 'x' } })).statusCode).toBe(404);
  });
});

describe('forwarding to a member', () => {
  it('notifies only them, and shows in the forwards of the statement', async () => {
    const res = await ana.post(`/api/statements/${question().id}/forwards`, { userId: bo.userId, note: 'You know the payment providers.' });
    expect(res.statusCode).toBe(201);
    expect(res.json().link).toBeNull();
    expect(res.json().forward).toMatchObject({
      to: { kind: 'member', id: bo.userId, name: 'Bo' },
      from: { userId: ana.userId },
      status: 'open',
      expiresAt: null,
    });

    const forwardsOf = async (c: Client) =>
      (await c.get('/api/notifications')).json().notifications.filter((n: { kind: string }) => n.kind === 'forward');
    const [forBo] = await forwardsOf(bo);
    expect(forBo.payload).toMatchObject({
      statementId: question().id,
      contributionId,
      note: 'You know the payment providers.',
      from: { name: 'Ana' },
    });
    expect(await forwardsOf(host)).toEqual([]);
    expect(await forwardsOf(ana)).toEqual([]);

    // the same forward twice is refused; forwarding to yourself too; and a non-member is no target
    expect((await ana.post(`/api/statements/${question().id}/forwards`, { userId: bo.userId })).json().error.code).toBe(
      'E_ALREADY_FORWARDED',
    );
    expect((await ana.post(`/api/statements/${question().id}/forwards`, { userId: ana.userId })).json().error.code).toBe('E_BAD_FORWARD');
    const stranger = await Client.signUp(t.app, 'Stranger');
    expect((await ana.post(`/api/statements/${question().id}/forwards`, { userId: stranger.userId })).json().error.code).toBe(
      'E_BAD_FORWARD',
    );
    expect((await stranger.post(`/api/statements/${question().id}/forwards`, { userId: bo.userId })).statusCode).toBe(404);

    const listed = (await bo.get(`/api/statements/${question().id}/forwards`)).json().forwards;
    expect(listed.map((f: { to: { id: string } }) => f.to.id)).toContain(bo.userId);
    expect((await stranger.get(`/api/statements/${question().id}/forwards`)).statusCode).toBe(404);
  });
});

describe('forwarding to an outside expert', () => {
  let token: string;
  let forwardId: string;

  it('emails a link to an address new to the directory, which adds them first (hosts only)', async () => {
    expect((await ana.post(`/api/statements/${question().id}/forwards`, { email: 'someone.new@example.net' })).statusCode).toBe(403);

    const made = await forwardToExpert(host, question().id, { email: 'miguel@example.net', name: 'Miguel Ortiz' }, 'Is 1.4% + 25c normal?');
    token = made.token;
    forwardId = made.forward.id;
    expect(made.link).toMatch(/^http:\/\/localhost:\d+\/x\/[A-Za-z0-9_-]{43}$/);
    expect(made.forward).toMatchObject({ to: { kind: 'expert', name: 'Miguel Ortiz' }, status: 'open' });
    expect(new Date(made.forward.expiresAt).getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);

    const people = (await host.get(`/api/spaces/${spaceId}/people`)).json().people;
    expect(people.map((p: { email: string }) => p.email)).toContain('miguel@example.net');
    const mail = await t.runtime.db.query<{ to_email: string; subject: string; sensitive: boolean; text_body: string }>(
      `select to_email, subject, sensitive, text_body from outbox where kind = 'forward' and to_email = 'miguel@example.net'`,
    );
    expect(mail).toHaveLength(1);
    expect(mail[0].sensitive).toBe(true);
    // only the token's hash is stored
    const [stored] = await t.runtime.db.query<{ token_hash: string }>(`select token_hash from forwards where id = $1`, [forwardId]);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(token);
  });

  it('opens exactly that statement: its text, its span of the transcript, who forwarded it and why', async () => {
    const res = await expert(token);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({
      statement: { text: QUESTION, speaker: 'Bo', startMs: question().startMs, endMs: question().endMs },
      conferenceTitle: 'Roadmap',
      forwarderName: 'Host',
      expertName: 'Miguel Ortiz',
      note: 'Is 1.4% + 25c normal?',
      media: { url: `/api/x/${token}/media`, startMs: question().startMs, endMs: question().endMs, mime: 'video/mp4' },
      replies: [],
    });
    expect(page.transcript.map((c: { text: string }) => c.text).join(' ')).toBe(QUESTION);
    expect(JSON.stringify(page)).not.toMatch(/launch date|finance/); // nothing from the other statements
    const listed = (await host.get(`/api/statements/${question().id}/forwards`)).json().forwards;
    expect(listed.find((f: { id: string }) => f.id === forwardId).openedAt).not.toBeNull();
  });

  it("plays only the statement's span of the media, with Range support", async () => {
    const whole = await expert(token, '/media');
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const cut = path.join(tmp, 'span.mp4');
    fs.writeFileSync(cut, whole.rawPayload);
    const seconds = await mediaDurationSeconds(cut);
    const spanSeconds = (question().endMs - question().startMs) / 1000;
    expect(seconds).toBeGreaterThan(spanSeconds - 0.5);
    expect(seconds).toBeLessThan(spanSeconds + 0.5);
    expect(await mediaDurationSeconds(video)).toBeGreaterThan(39); // the original is much longer

    const size = whole.rawPayload.length;
    const part = await expert(token, '/media', { range: 'bytes=100-199' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${size}`);
    expect(part.rawPayload.equals(whole.rawPayload.subarray(100, 200))).toBe(true);
    // bytes past the span's file are not there to ask for: the original is never served
    expect((await expert(token, '/media', { range: `bytes=${size}-` })).statusCode).toBe(416);
  });

  it('is refused everywhere else: the token is no session, for the contribution, media, other statements, search or digest', async () => {
    const urls = [
      `/api/contributions/${contributionId}`,
      `/api/media/${contributionId}`,
      `/api/contributions/${contributionId}/captions.vtt`,
      `/api/statements/${statements[0].id}`,
      `/api/statements/${question().id}`,
      `/api/search?q=refunds`,
      `/api/conferences/${conferenceId}/digest`,
      `/api/conferences/${conferenceId}`,
      `/api/spaces/${spaceId}/people`,
    ];
    for (const url of urls) {
      for (const headers of [{ authorization: `Bearer ${token}` }, { cookie: `colloquy_session=${token}` }]) {
        const res = await t.app.inject({ method: 'GET', url, headers });
        expect(res.statusCode, `${url} with ${Object.keys(headers)[0]}`).toBe(401);
      }
    }
    // nothing under the link names another statement or contribution
    expect((await expert(token, `/statements/${statements[0].id}`)).statusCode).toBe(404);
    expect((await expert(token, `/contributions/${contributionId}`)).statusCode).toBe(404);
  });

  it('takes a text reply that lands in the conference as a reply to the statement, marked outside', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/x/${token}/replies`,
      payload: { text: 'Around 1.5% plus a fixed fee is usual; refunds are free with most EU providers.' },
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().contribution.id;
    const done = await waitForContribution(host, id);
    expect(done).toMatchObject({
      status: 'ready',
      conferenceId,
      authorId: null,
      title: 'Reply from Miguel Ortiz',
      replyTo: { statementId: question().id, contributionId: null },
      outside: { name: 'Miguel Ortiz' },
    });
    expect(done.outside.personId).toMatch(/^[0-9a-f-]{36}$/);
    const replyStatements = (await host.get(`/api/contributions/${id}`)).json().contribution.statements;
    expect(replyStatements[0]).toMatchObject({ speaker: 'Miguel Ortiz' });
    expect(replyStatements.map((s: { text: string }) => s.text).join(' ')).toContain('refunds are free');

    const forward = (await host.get(`/api/statements/${question().id}/forwards`))
      .json()
      .forwards.find((f: { id: string }) => f.id === forwardId);
    expect(forward).toMatchObject({ status: 'answered', answeredContributionId: id });
    expect((await expert(token)).json().replies).toEqual([expect.objectContaining({ id })]);
    const toForwarder = (await host.get('/api/notifications'))
      .json()
      .notifications.filter(
        (n: { kind: string; payload: { forwardId?: string } }) => n.kind === 'reply' && n.payload.forwardId === forwardId,
      );
    expect(toForwarder).toHaveLength(1);
  });

  it('takes a video or audio reply with the upload checks, and refuses what is not media', async () => {
    const audio = path.join(tmp, 'reply.m4a');
    await makeAudioFromClip(asrClips()[0].path, audio, 'm4a');
    const upload = (file: Buffer, filename: string) =>
      t.app.inject({ method: 'POST', url: `/api/x/${token}/replies`, ...multipart([{ name: 'file', file, filename }]) });
    const ok = await upload(fs.readFileSync(audio), 'reply.m4a');
    expect(ok.statusCode).toBe(202);
    const c = (await host.get(`/api/contributions/${ok.json().contribution.id}`)).json().contribution;
    expect(c).toMatchObject({
      source: 'upload',
      mime: 'audio/mp4',
      authorId: null,
      replyTo: { statementId: question().id },
      outside: { name: 'Miguel Ortiz' },
    });
    expect((await upload(Buffer.from('just some text, not a video at all\n'.repeat(200)), 'sneaky.mp4')).statusCode).toBe(415);
    expect((await t.app.inject({ method: 'POST', url: `/api/x/${token}/replies`, payload: { text: '   ' } })).statusCode).toBe(400);
  });

  it('stops working once expired, with the same answer as an unknown token', async () => {
    const { token: other, forward } = await forwardToExpert(host, statements[2].id, { email: 'miguel@example.net' });
    expect((await expert(other)).statusCode).toBe(200);
    await t.runtime.db.query(`update forwards set expires_at = now() - interval '1 minute' where id = $1`, [forward.id]);
    const expired = await expert(other);
    const unknown = await expert('A'.repeat(43));
    const garbage = await expert('not-a-token');
    for (const res of [expired, unknown, garbage]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual(unknown.json());
    }
    expect(unknown.json().error.code).toBe('E_LINK_INVALID');
    expect((await expert(other, '/media')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/x/${other}/replies`, payload: { text: 'late' } })).statusCode).toBe(404);
    const listed = (await host.get(`/api/statements/${statements[2].id}/forwards`)).json().forwards;
    expect(listed.find((f: { id: string }) => f.id === forward.id).status).toBe('expired');
  });

  it('stops working once revoked by the forwarder or a host, not by another member', async () => {
    const { token: other, forward } = await forwardToExpert(host, statements[0].id, { email: 'lena@example.net' });
    expect((await expert(other)).statusCode).toBe(200);
    expect((await expert(other, '/media')).statusCode).toBe(200);
    const cutFiles = () => fs.readdirSync(path.join(t.dataDir, 'media', 'forwards')).filter((f) => f.startsWith(forward.id));
    expect(cutFiles()).toHaveLength(1);
    expect((await ana.request({ method: 'DELETE', url: `/api/forwards/${forward.id}` })).statusCode).toBe(403);
    const outsider = await Client.signUp(t.app, 'Nosy');
    expect((await outsider.request({ method: 'DELETE', url: `/api/forwards/${forward.id}` })).statusCode).toBe(404);

    const revoked = await host.request({ method: 'DELETE', url: `/api/forwards/${forward.id}` });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().forward.status).toBe('revoked');
    expect(cutFiles()).toEqual([]); // its cut of the media is gone too
    for (const suffix of ['', '/media']) {
      const res = await expert(other, suffix);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('E_LINK_INVALID');
    }
    // the first link, for the other statement, still works: each link is its own
    expect((await expert(token)).statusCode).toBe(200);
  });

  it('ends with its directory entry: deleting the expert kills their links but keeps their replies', async () => {
    const person = (await host.get(`/api/spaces/${spaceId}/people`))
      .json()
      .people.find((p: { email: string }) => p.email === 'miguel@example.net');
    expect((await host.request({ method: 'DELETE', url: `/api/people/${person.id}` })).statusCode).toBe(204);
    expect((await expert(token)).statusCode).toBe(404);
    const replies = (await host.get(`/api/conferences/${conferenceId}`))
      .json()
      .contributions.filter((c: { outside: unknown }) => c.outside);
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(replies[0].outside).toEqual({ personId: null, name: 'Miguel Ortiz' });
  });
});

describe('api docs', () => {
  it('documents the forward, directory and expert-link routes', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const route of [
      '/api/statements/{id}/suggestions',
      '/api/statements/{id}/forwards',
      '/api/forwards/{id}',
      '/api/spaces/{id}/people',
      '/api/people/{id}',
      '/api/x/{token}',
      '/api/x/{token}/media',
      '/api/x/{token}/replies',
    ]) {
      expect(doc.paths[route], route).toBeDefined();
    }
    expect(doc.paths['/api/x/{token}'].get.security).toEqual([]);
  });
});
