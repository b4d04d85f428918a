import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.ts';
import { addMember, Client, multipart, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { createOpening } from './helpers/interview.ts';
import { asrClips, makeAudioFromClip } from './fixtures/media.ts';

/** Audit findings 6, 8, 9 and 11: limits, 4xx instead of 500, roles, nosniff. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-hardening-'));
// ffmpeg and ffprobe behind wrappers that count their runs, in a folder FFMPEG_PATH points at.
const tools = path.join(tmp, 'tools');
const runs = path.join(tmp, 'runs.log');
for (const name of ['ffmpeg', 'ffprobe']) {
  fs.mkdirSync(tools, { recursive: true });
  const real = execFileSync('sh', ['-c', `command -v ${name}`])
    .toString()
    .trim();
  fs.writeFileSync(path.join(tools, name), `#!/bin/sh\necho ${name} >> '${runs}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
}
const toolRuns = () => (fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8').split('\n').filter(Boolean).length : 0);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ FFMPEG_PATH: path.join(tools, 'ffmpeg'), WORKER_CONCURRENCY: '1', OUTBOX_DIR: path.join(tmp, 'outbox') });
});
afterAll(async () => {
  await t.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const audioFile = () => makeAudioFromClip(asrClips()[0].path, path.join(tmp, 'clip.mp3'), 'mp3');
const uploadTo = async (client: Client, conferenceId: string, parts: Parameters<typeof multipart>[0]) =>
  client.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...multipart(parts) });

describe('sign-in limits (audit 6, item 4)', () => {
  it('stops spraying one password over many accounts from one address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await new Client(t.app).post('/api/auth/login', { email: `spray${i}@example.org`, password: 'Winter2026!' });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });

  it('counts in the database, so two app instances share one limit', async () => {
    const other = await buildApp(t.runtime); // a second API over the same database, its own memory
    try {
      const email = 'shared-limit@example.org';
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) {
        const app = i % 2 ? other : t.app;
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email, password: 'wrong' },
          remoteAddress: '10.0.0.7',
        });
        codes.push(res.statusCode);
      }
      // 10 a minute per address and email (AUTH_RATE_LIMIT): each instance alone would have allowed 12.
      expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
      expect(codes.slice(10)).toEqual([429, 429]);
    } finally {
      await other.close();
    }
  });
});

describe('health (audit 6, 9)', () => {
  it('does not run ffmpeg per anonymous call, and shows details only to signed-in callers', async () => {
    const before = toolRuns();
    for (let i = 0; i < 20; i++) expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
    expect(toolRuns() - before).toBeLessThanOrEqual(2); // one check of ffmpeg and ffprobe at most
    const anonymous = (await t.app.inject({ url: '/api/health' })).json();
    expect(JSON.stringify(anonymous)).not.toContain(tools);
    const member = await Client.signUp(t.app, 'Operator');
    expect((await member.get('/api/health')).json().ffmpeg.message).toContain(tools);

    const aiAnonymous = (await t.app.inject({ url: '/api/health/ai' })).json();
    expect(aiAnonymous.library).toEqual({});
    expect((await member.get('/api/health/ai')).json().library).toMatchObject({ contributions: expect.any(Number) });
  });
});

describe('4xx instead of 500 (audit 8)', () => {
  it('answers 400 to a garbage, missing or cut-off multipart body', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const url = `/api/conferences/${conference.id}/contributions`;
    const bodies = [
      { type: 'multipart/form-data', body: 'garbage' },
      { type: 'multipart/form-data; boundary=', body: 'garbage' },
      {
        type: 'multipart/form-data; boundary=xyz',
        body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\nabc',
      },
    ];
    for (const { type, body } of bodies) {
      const res = await client.request({ method: 'POST', url, payload: body, headers: { 'content-type': type } });
      expect(res.statusCode, `${type}: ${res.body}`).toBe(400);
      expect(['E_BAD_MULTIPART', 'E_NO_FILE']).toContain(res.json().error.code);
    }
    expect(fs.readdirSync(t.runtime.config.mediaDir).filter((f) => f !== 'forwards')).toEqual([]); // nothing half-kept
  });

  it('refuses a transcript time beyond what the database holds', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const res = await client.post(`/api/conferences/${conference.id}/transcripts`, {
      turns: [{ text: 'hello there', startMs: 0, endMs: 2 ** 53 - 1 }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('E_VALIDATION');
  });

  it('answers 503 without the server’s path when ffmpeg is gone for an expert’s span', async () => {
    const { client, conference } = await spaceWithConference(t.app, 'SpanHost');
    const res = await uploadTo(client, conference.id, [
      { name: 'file', file: fs.readFileSync(await audioFile()), filename: 'clip.mp3', contentType: 'audio/mpeg' },
      {
        name: 'captions',
        file: Buffer.from('WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nWe should ship the new billing page.\n'),
        filename: 'c.vtt',
      },
    ]);
    const done = await waitForContribution(client, res.json().contribution.id);
    expect(done.status, done.error).toBe('ready');
    const statement = (await client.get(`/api/contributions/${done.id}`)).json().contribution.statements[0];
    const forward = (await client.post(`/api/statements/${statement.id}/forwards`, { email: 'expert@example.org', name: 'Ex' })).json();
    const token = String(forward.link).split('/x/')[1];
    fs.renameSync(path.join(tools, 'ffmpeg'), path.join(tools, 'ffmpeg.away'));
    try {
      const span = await t.app.inject({ url: `/api/x/${token}/media` });
      expect(span.statusCode).toBe(503);
      expect(span.json().error.code).toBe('E_MEDIA_TOOLS_UNAVAILABLE');
      expect(span.body).not.toContain(tools);
    } finally {
      fs.renameSync(path.join(tools, 'ffmpeg.away'), path.join(tools, 'ffmpeg'));
    }
  });

  // A full disk needs a small file system of its own: a tmpfs, which only root may mount.
  const canMount = process.getuid?.() === 0;
  it.skipIf(!canMount)('answers 507 when the disk is full during an upload, and keeps no partial file', async () => {
    const dataDir = fs.mkdtempSync(path.join(tmp, 'full-'));
    const media = path.join(dataDir, 'media');
    fs.mkdirSync(media);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', media]);
    const small = await startTestApp({}, dataDir);
    try {
      const { client, conference } = await spaceWithConference(small.app);
      const big = fs.readFileSync(await audioFile());
      const padded = Buffer.concat([big, Buffer.alloc(512 * 1024)]); // a real clip, padded past the 256 KB disk
      const res = await uploadTo(client, conference.id, [{ name: 'file', file: padded, filename: 'clip.mp3', contentType: 'audio/mpeg' }]);
      expect(res.statusCode, res.body).toBe(507);
      expect(res.json().error.code).toBe('E_STORAGE_FULL');
      expect(fs.readdirSync(media)).toEqual([]);
    } finally {
      await small.close();
      execFileSync('umount', [media]);
    }
  });
});

describe('roles (audit 9)', () => {
  it('keeps a host from demoting an owner, while owners still can', async () => {
    const { client: owner, space } = await spaceWithConference(t.app, 'FirstOwner');
    const second = await addMember(t.app, owner, space.id, 'SecondOwner', 'member');
    expect((await owner.post(`/api/spaces/${space.id}/members`, { email: second.email, role: 'owner' })).statusCode).toBe(201);
    const host = await addMember(t.app, owner, space.id, 'Hosting', 'host');
    const demote = await host.post(`/api/spaces/${space.id}/members`, { email: second.email, role: 'member' });
    expect(demote.statusCode).toBe(403);
    const roles = (await owner.get(`/api/spaces/${space.id}`))
      .json()
      .members.map((m: { email: string; role: string }) => [m.email, m.role]);
    expect(roles).toContainEqual([second.email, 'owner']);
    const member = await addMember(t.app, owner, space.id, 'Plain', 'member');
    expect((await host.post(`/api/spaces/${space.id}/members`, { email: member.email, role: 'host' })).statusCode).toBe(201);
    expect((await owner.post(`/api/spaces/${space.id}/members`, { email: second.email, role: 'member' })).statusCode).toBe(201);
  });

  it("shows candidates' emails to owners and hosts, not to reviewers who are members", async () => {
    const { client: owner, space } = await spaceWithConference(t.app, 'Hiring');
    const reviewer = await addMember(t.app, owner, space.id, 'Reviewer', 'member');
    const opening = await createOpening(owner, space.id);
    const invited = await owner.post(`/api/interviews/${opening.conferenceId}/invitations`, {
      candidates: [{ name: 'Cand Idate', email: 'cand@example.org' }],
    });
    expect(invited.statusCode).toBe(201);
    const list = (c: Client) => c.get(`/api/interviews/${opening.conferenceId}/invitations`);
    expect((await list(owner)).json().invitations[0]).toMatchObject({ candidateName: 'Cand Idate', candidateEmail: 'cand@example.org' });
    expect((await list(reviewer)).json().invitations[0]).toMatchObject({ candidateName: 'Cand Idate', candidateEmail: null });
  });
});

describe('media headers and one title limit (audit 11)', () => {
  it('serves media with nosniff', async () => {
    const { client, conference } = await spaceWithConference(t.app, 'Sniff');
    const res = await uploadTo(client, conference.id, [
      { name: 'title', value: 't'.repeat(300) }, // the limit itself is fine
      { name: 'file', file: fs.readFileSync(await audioFile()), filename: 'clip.mp3', contentType: 'audio/mpeg' },
    ]);
    expect(res.statusCode, res.body).toBe(202);
    const media = await client.get(`/api/media/${res.json().contribution.id}`);
    expect(media.statusCode).toBe(200);
    expect(media.headers['x-content-type-options']).toBe('nosniff');
  });
});
