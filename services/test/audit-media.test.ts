/**
 * Audit findings 3, 4 and 10 (media side): limits by the length media really has, no kept
 * intermediate audio, garbage swept after faults. Real PGlite, real ffmpeg, real pocketsphinx; the
 * media is real speech from ../shared/eval/asr/dev, forged the way an attacker would.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, multipart, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { candidateApi, createOpening, errorCode, inviteCandidate, type CandidateApi } from './helpers/interview.ts';
import { asrClips, concatClipsToLength } from './fixtures/media.ts';
import { forgeMp4Duration } from './fixtures/forged-duration.ts';
import { HttpClient, startColloquyProcess, stop } from './helpers/process.ts';
import { waitFor } from './helpers/wait.ts';
import { probeMedia } from '../src/media/probe.ts';
import { mediaToolsFrom } from '../src/media/tools.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-audit-media-'));
const outboxDir = path.join(tmp, 'outbox');
const tools = mediaToolsFrom(process.env.FFMPEG_PATH);
const MAX_MEDIA_SECONDS = 200;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    MAX_MEDIA_SECONDS: String(MAX_MEDIA_SECONDS),
    INTERVIEW_GRACE_S: '5',
    OUTBOX_DIR: outboxDir,
    WORKER_CONCURRENCY: '1',
    UPLOAD_IDLE_SECONDS: '2',
  });
});
afterAll(async () => {
  await t?.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** 300 s of real speech as an m4a; `forgedSeconds` rewrites the duration its boxes claim. */
async function speechM4a(name: string, forgedSeconds?: number, options: { editList?: boolean } = {}): Promise<Buffer> {
  const honest = await concatClipsToLength(
    asrClips().map((c) => c.path),
    path.join(tmp, 'speech-300s.m4a'),
    300,
  );
  const bytes = fs.readFileSync(honest);
  if (forgedSeconds === undefined) return bytes;
  expect(forgeMp4Duration(bytes, forgedSeconds, options)).toBeGreaterThanOrEqual(3); // mvhd, tkhd, mdhd (and the edit list)
  const file = path.join(tmp, name);
  fs.writeFileSync(file, bytes);
  return bytes;
}

const upload = (client: Client, conferenceId: string, file: Buffer, filename: string) =>
  client.request({
    method: 'POST',
    url: `/api/conferences/${conferenceId}/contributions`,
    ...multipart([{ name: 'file', file, filename, contentType: 'audio/mp4' }]),
  });

describe('interview time limits by decoded length (audit 3)', () => {
  let api: CandidateApi;
  let questionId: string;

  beforeAll(async () => {
    const owner = await Client.signUp(t.app, 'HiringHost');
    const spaceId = (await owner.post('/api/spaces', { name: 'Limits' })).json().space.id;
    const opening = await createOpening(owner, spaceId, {
      questions: [{ prompt: 'Two minutes: what did you build last?', thinkTimeS: 5, timeLimitS: 120, retakes: 2 }],
      criteria: [{ name: 'Clarity', question: 1, anchors: { weak: 'Vague', average: 'Clear enough', strong: 'Plain and concrete' } }],
    });
    questionId = opening.questions[0].id;
    const { token } = await inviteCandidate(t.app, owner, opening.conferenceId, { name: 'Forger', email: 'forger@example.org' }, outboxDir);
    api = candidateApi(t.app, token);
    expect((await api.consent()).statusCode).toBe(200);
  });

  async function answer(recording: Buffer) {
    const take = (await api.take(questionId)).json().take;
    const { uploadId } = (await api.createUpload(questionId, take, recording.length)).json();
    const chunk = 4 * 1024 * 1024;
    for (let offset = 0; offset < recording.length; offset += chunk) {
      expect((await api.chunk(uploadId, offset, recording.subarray(offset, offset + chunk))).statusCode).toBe(200);
    }
    return api.completeUpload(uploadId);
  }

  it('refuses a 300 s answer whose headers say 5 s, with the code the honest file gets', async () => {
    const forged = await speechM4a('forged-5s.m4a', 5);
    // The forgery works on the headers: ffprobe believes them.
    const forgedFile = path.join(tmp, 'forged-5s.m4a');
    expect((await probeMedia(tools, forgedFile)).durationMs).toBeLessThan(6000);

    const honest = await answer(await speechM4a('honest.m4a'));
    expect([honest.statusCode, errorCode(honest)]).toEqual([422, 'E_ANSWER_TOO_LONG']);
    const res = await answer(forged);
    expect([res.statusCode, errorCode(res)]).toEqual([422, 'E_ANSWER_TOO_LONG']);
    expect(res.json().error.message).toContain('120 s');
    const view = (await api.view()).json();
    expect(view.questions[0].answer).toBeNull(); // nothing was kept
  });
});

describe('maximum media length and intermediate audio (audit 4)', () => {
  it('fails a forged or too long upload at once with E_MEDIA_TOO_LONG: one attempt, no database error', async () => {
    const { client, conference } = await spaceWithConference(t.app, 'Amplifier');
    // Headers forged to 4 million seconds: milliseconds past PostgreSQL's integer.
    const huge = await upload(client, conference.id, await speechM4a('forged-huge.m4a', 4_000_000), 'huge.m4a');
    // Headers and edit list forged to 5 s, 300 s of samples: longer than MAX_MEDIA_SECONDS (200) once counted.
    const hidden = await upload(client, conference.id, await speechM4a('forged-short.m4a', 5, { editList: true }), 'short.m4a');
    for (const res of [huge, hidden]) {
      expect(res.statusCode, res.body).toBe(202);
      const done = await waitForContribution(client, res.json().contribution.id);
      expect(done).toMatchObject({ status: 'failed', stage: 'probe', errorCode: 'E_MEDIA_TOO_LONG', attempts: 1 });
      expect(done.error).toMatch(/longer than the 0:03:20 this server accepts/);
      expect(done.error).not.toMatch(/out of range|integer/);
      expect(done.durationMs).toBeNull();
      // No heavy work was done: no 16 kHz WAV was ever written.
      expect(fs.readdirSync(path.join(t.runtime.config.mediaDir, done.id))).toEqual(['original']);
    }
  });

  it('keeps no 16 kHz WAV once a contribution is transcribed, and stores the length as read', async () => {
    const { client, conference } = await spaceWithConference(t.app, 'Keeper');
    const clip = await concatClipsToLength(
      asrClips().map((c) => c.path),
      path.join(tmp, 'speech-15s.m4a'),
      15,
    );
    const forged = fs.readFileSync(clip);
    forgeMp4Duration(forged, 3); // under every limit either way; the stored length must be the real one
    const res = await upload(client, conference.id, forged, 'speech.m4a');
    const done = await waitForContribution(client, res.json().contribution.id);
    expect(done.status, done.error).toBe('ready');
    expect(done.durationMs).toBeGreaterThan(14_000);
    expect(done.durationMs).toBeLessThan(16_000);
    const contribution = (await client.get(`/api/contributions/${done.id}`)).json().contribution;
    expect(Math.max(...contribution.statements.map((s: { endMs: number }) => s.endMs))).toBeGreaterThan(5_000);
    expect(fs.readdirSync(path.join(t.runtime.config.mediaDir, done.id))).not.toContain('audio.wav');
  });
});

describe('garbage after faults (audit 10)', () => {
  const HOURS_AGO = (h: number) => new Date(Date.now() - h * 3600_000);
  const age = (file: string, hours: number) => fs.utimesSync(file, HOURS_AGO(hours), HOURS_AGO(hours));

  it('sweeps at start what a killed upload left: folders no contribution owns and stray answer chunks, not recent ones', async () => {
    const dataDir = fs.mkdtempSync(path.join(tmp, 'sweep-'));
    const media = path.join(dataDir, 'media');
    const orphan = path.join(media, randomUUID());
    const arriving = path.join(media, randomUUID());
    // An interview answer's chunks whose upload row is gone (interview/upload-chunks.ts: uploads/<id>/<offset>).
    const part = path.join(media, 'uploads', randomUUID(), '0');
    for (const dir of [orphan, arriving, path.dirname(part)]) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(orphan, 'original'), Buffer.alloc(4096));
    fs.writeFileSync(path.join(arriving, 'original'), Buffer.alloc(4096)); // written just now: an upload in progress
    fs.writeFileSync(part, Buffer.alloc(4096));
    for (const f of [path.join(orphan, 'original'), orphan, part, path.dirname(part)]) age(f, 2);

    const other = await startTestApp({}, dataDir);
    try {
      await waitFor('the start-up sweep', () => !fs.existsSync(orphan) && !fs.existsSync(part));
      expect(fs.existsSync(path.join(arriving, 'original'))).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('stops a stalled upload after UPLOAD_IDLE_SECONDS with 408, closes the connection and keeps no partial file', async () => {
    const { client, conference } = await spaceWithConference(t.app, 'Staller');
    const url = new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
    const mediaDir = t.runtime.config.mediaDir;
    const before = new Set(fs.readdirSync(mediaDir));
    const speech = await speechM4a('stall.m4a');
    const boundary = '----colloquystall';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stall.m4a"\r\nContent-Type: audio/mp4\r\n\r\n`,
    );
    const socket = net.connect(Number(url.port), url.hostname);
    let answer = '';
    socket.on('data', (d) => (answer += d));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      [
        `POST /api/conferences/${conference.id}/contributions HTTP/1.1`,
        `Host: ${url.host}`,
        `Cookie: ${client.cookie}`,
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        `Content-Length: ${head.length + speech.length + 64}`,
        '',
        '',
      ].join('\r\n'),
    );
    socket.write(Buffer.concat([head, speech.subarray(0, 256 * 1024)])); // then nothing more
    await waitFor('a partial file to be written', () => fs.readdirSync(mediaDir).some((f) => !before.has(f)));
    await closed; // the server hangs up; the test's own timeout guards a server that never does
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('E_UPLOAD_TIMEOUT');
    expect(fs.readdirSync(mediaDir).filter((f) => !before.has(f))).toEqual([]);
    expect((await client.get('/api/health')).statusCode).toBe(200); // the server carries on
  });

  it('leaves no recogniser running when its server is killed with kill -9 mid-recognition', { timeout: 900_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(tmp, 'killed-'));
    const scratch = fs.mkdtempSync(path.join(tmp, 'scratch-')); // TMPDIR: the recogniser's pieces are written here
    const recording = await concatClipsToLength(
      asrClips().map((c) => c.path),
      path.join(tmp, 'speech-60s.wav'),
      60,
    );
    const server = await startColloquyProcess({ DATA_DIR: dataDir, TMPDIR: scratch, TRANSCRIBE_CONCURRENCY: '2' }, { timeoutMs: 300_000 });
    const recognisers = () => processesMentioning(scratch).filter((p) => p.includes('pocketsphinx'));
    try {
      const api = new HttpClient(server.url);
      await api.call('POST', '/api/auth/signup', { email: 'killed@example.org', password: 'long enough pw', name: 'Killed' });
      const space = (await api.call('POST', '/api/spaces', { name: 'S' })).json.space;
      const conference = (await api.call('POST', `/api/spaces/${space.id}/conferences`, { title: 'C' })).json.conference;
      const form = new FormData();
      form.append('file', new Blob([fs.readFileSync(recording)]), 'speech.wav');
      expect((await api.call('POST', `/api/conferences/${conference.id}/contributions`, form)).status).toBe(202);
      await waitFor('the recogniser to run', () => recognisers().length > 0, { timeoutMs: 600_000, intervalMs: 50 });
    } finally {
      await stop(server.child, 'SIGKILL');
    }
    // The kernel kills them with their parent; a few seconds cover a loaded machine.
    await waitFor('the recognisers to be gone', () => recognisers().length === 0, { timeoutMs: 5_000, intervalMs: 100 });
  });
});

/** Command lines of running processes that mention `text`. */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(text)) found.push(cmdline);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
