/**
 * Audit findings 3, 4 and 10 (media side): limits by the length media really has, no kept
 * intermediate audio, garbage swept after faults. Real PGlite, real ffmpeg, real pocketsphinx; the
 * media is real speech from ../shared/eval/asr/dev, forged the way an attacker would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, multipart, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { candidateApi, createOpening, errorCode, inviteCandidate, type CandidateApi } from './helpers/interview.ts';
import { asrClips, concatClipsToLength } from './fixtures/media.ts';
import { forgeMp4Duration } from './fixtures/forged-duration.ts';
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
