/**
 * MEDIA_STORE=s3 against a real S3-compatible server (s3rver) on loopback, with the official SDK:
 * uploads go to the bucket, workers fetch what ffmpeg and the recogniser need and write results
 * back, playback is proxied with Range through the same access checks, expert clips and posters
 * live in the bucket, and deleting removes the objects. Nothing is kept under DATA_DIR/media.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, multipart, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { candidateApi, createOpening, inviteCandidate } from './helpers/interview.ts';
import { startS3Server, type TestS3 } from './helpers/s3-server.ts';
import { waitFor } from './helpers/wait.ts';
import { unzip } from './helpers/zip.ts';
import { asrClips, makeAudioFromClip, makeVideoFromClip } from './fixtures/media.ts';

let s3: TestS3;
let t: TestApp;
let host: Client;
let spaceId: string;
let conferenceId: string;
let video: Buffer;
let contributionId: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-s3-media-'));
const outboxDir = path.join(tmp, 'outbox');
const jfk = () => asrClips().find((c) => c.file.includes('jfk'))!;
const mediaDir = () => path.join(t.dataDir, 'media');
/** Nothing of the media is on local disk: no media folder (or an empty one) and no scratch file left. */
const nothingOnDisk = () => {
  expect(fs.existsSync(mediaDir()) ? fs.readdirSync(mediaDir()) : []).toEqual([]);
  expect(fs.readdirSync(path.join(t.dataDir, 'tmp'))).toEqual([]);
};

beforeAll(async () => {
  s3 = await startS3Server();
  t = await startTestApp({ ...s3.env, OUTBOX_DIR: outboxDir, INTERVIEW_GRACE_S: '2' });
  const made = await spaceWithConference(t.app, 'Host');
  host = made.client;
  spaceId = made.space.id;
  conferenceId = made.conference.id;
  video = fs.readFileSync(await makeVideoFromClip(jfk().path, path.join(tmp, 'speech.mp4')));
});

afterAll(async () => {
  await t?.close({ remove: true });
  await s3?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('media in an S3 bucket', () => {
  it('takes an upload into the bucket and processes it to statements there', async () => {
    const body = multipart([
      { name: 'title', value: 'Ask not' },
      { name: 'file', file: video, filename: 'speech.mp4', contentType: 'video/mp4' },
    ]);
    const res = await host.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...body });
    expect(res.statusCode, res.body).toBe(202);
    contributionId = res.json().contribution.id;
    const done = await waitForContribution(host, contributionId, 540_000);
    expect(done.status, done.error).toBe('ready');
    expect(done.transcribedBy).toBe('local:pocketsphinx-en-us');
    const { statements } = (await host.get(`/api/contributions/${contributionId}`)).json().contribution;
    expect(statements.length).toBeGreaterThanOrEqual(1);

    // The 16 kHz WAV the recogniser read was an intermediate object: gone once transcribed.
    expect(await s3.keys()).toEqual([`${contributionId}/original`, `${contributionId}/poster.jpg`]);
    expect((await s3.bytes(`${contributionId}/original`)).equals(video)).toBe(true);
    nothingOnDisk();
  });

  it('plays from the bucket with Range, to members only', async () => {
    const url = `/api/media/${contributionId}`;
    const whole = await host.get(url);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.equals(video)).toBe(true);

    const part = await host.request({ method: 'GET', url, headers: { range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${video.length}`);
    expect(part.rawPayload.equals(video.subarray(100, 200))).toBe(true);
    const tail = await host.request({ method: 'GET', url, headers: { range: 'bytes=-500' } });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.equals(video.subarray(video.length - 500))).toBe(true);
    expect((await host.request({ method: 'GET', url, headers: { range: `bytes=${video.length}-` } })).statusCode).toBe(416);

    const outsider = await Client.signUp(t.app, 'Outsider');
    expect((await outsider.get(url)).statusCode).toBe(404);
    expect((await outsider.get(`/api/contributions/${contributionId}/poster.jpg`)).statusCode).toBe(404);
  });

  it('serves the poster made by the worker from the bucket', async () => {
    const poster = await host.get(`/api/contributions/${contributionId}/poster.jpg`);
    expect(poster.statusCode).toBe(200);
    expect(poster.headers['content-type']).toBe('image/jpeg');
    expect(poster.rawPayload.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);
    expect(poster.rawPayload.equals(await s3.bytes(`${contributionId}/poster.jpg`))).toBe(true);
  });

  it('cuts an expert clip into the bucket, plays it, and removes it when the forward is revoked', async () => {
    const statement = (await host.get(`/api/contributions/${contributionId}`)).json().contribution.statements[0];
    const made = await host.post(`/api/statements/${statement.id}/forwards`, { email: 'miguel@example.net', name: 'Miguel Ortiz' });
    expect(made.statusCode, made.body).toBe(201);
    const forwardId = made.json().forward.id as string;
    const token = (made.json().link as string).split('/x/')[1];

    const clip = await t.app.inject({ method: 'GET', url: `/api/x/${token}/media` });
    expect(clip.statusCode).toBe(200);
    expect(clip.headers['content-type']).toBe('video/mp4');
    const cuts = (await s3.keys()).filter((k) => k.startsWith(`forwards/${forwardId}-`));
    expect(cuts).toEqual([`forwards/${forwardId}-${statement.startMs}-${statement.endMs}.mp4`]);
    expect(clip.rawPayload.equals(await s3.bytes(cuts[0]))).toBe(true);
    expect(clip.rawPayload.length).toBeLessThan(video.length); // the span, not the whole video
    const part = await t.app.inject({ method: 'GET', url: `/api/x/${token}/media`, headers: { range: 'bytes=0-99' } });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(clip.rawPayload.subarray(0, 100))).toBe(true);

    expect((await host.request({ method: 'DELETE', url: `/api/forwards/${forwardId}` })).statusCode).toBe(200);
    expect((await s3.keys()).filter((k) => k.startsWith('forwards/'))).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/api/x/${token}/media` })).statusCode).toBe(404);
    nothingOnDisk();
  });

  it('keeps nothing in the bucket of an upload it refuses', async () => {
    const before = await s3.keys();
    const body = multipart([
      { name: 'file', file: Buffer.from('not a video at all\n'.repeat(500)), filename: 'x.mp4', contentType: 'video/mp4' },
    ]);
    const res = await host.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...body });
    expect(res.statusCode).toBe(415);
    expect(await s3.keys()).toEqual(before);
    nothingOnDisk();
  });

  it('exports the media from the bucket, and keeps the zip there for the API to serve', async () => {
    const res = await host.post('/api/exports', { conferenceId });
    expect(res.statusCode, res.body).toBe(202);
    const ready = await waitFor(
      'the export to be ready',
      async () => (await host.get(`/api/exports/${res.json().export.id}`)).json().export,
      {
        until: (e) => e.status === 'ready' || e.status === 'failed',
      },
    );
    expect(ready.status).toBe('ready');
    expect(await s3.keys()).toContain(`exports/${ready.id}.zip`);
    const download = await host.get(ready.downloadUrl);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(await s3.bytes(`exports/${ready.id}.zip`))).toBe(true);
    const entries = await unzip(download.rawPayload);
    expect(entries.get(`media/${conferenceId}/${contributionId}.mp4`)?.equals(video)).toBe(true);
    nothingOnDisk();
  });

  it("takes an interview answer in chunks through the bucket, and deletes the candidate's objects on request", async () => {
    const opening = await createOpening(host, spaceId, {
      questions: [{ prompt: 'Tell us about a speech that moved you.', thinkTimeS: 5, timeLimitS: 60, retakes: 1 }],
      criteria: [{ name: 'Clarity', question: null, anchors: { weak: 'Hard to follow', average: 'Clear enough', strong: 'Concise' } }],
    });
    const questionId = opening.questions[0].id as string;
    const { token } = await inviteCandidate(t.app, host, opening.conferenceId, { name: 'Dee', email: 'dee@example.org' }, outboxDir);
    const api = candidateApi(t.app, token);
    expect((await api.consent()).statusCode).toBe(200);
    const recording = fs.readFileSync(await makeAudioFromClip(jfk().path, path.join(tmp, 'answer.webm'), 'webm'));

    const take = await api.take(questionId);
    expect(take.statusCode).toBe(201);
    const created = await api.createUpload(questionId, take.json().take, recording.length);
    expect(created.statusCode).toBe(201);
    const { uploadId } = created.json();
    const CHUNK = 16 * 1024;
    const send = async (start: number, end: number) =>
      expect((await api.chunk(uploadId, start, recording.subarray(start, end))).statusCode).toBe(200);
    await send(0, CHUNK);
    await send(CHUNK, 2 * CHUNK);
    // a chunk sent again after a lost response, overlapping what arrived and going on past it
    await send(CHUNK / 2, 2.5 * CHUNK);
    for (let offset = 2.5 * CHUNK; offset < recording.length; offset += CHUNK) await send(offset, offset + CHUNK);
    const chunks = (await s3.keys()).filter((k) => k.startsWith(`uploads/${uploadId}/`));
    expect(chunks.length).toBe(3 + Math.ceil((recording.length - 2.5 * CHUNK) / CHUNK));

    const completed = await api.completeUpload(uploadId);
    expect(completed.statusCode, completed.body).toBe(201);
    const [{ contribution_id: answerId }] = await t.runtime.db.query<{ contribution_id: string }>(
      `select contribution_id from answers where question_id = $1`,
      [questionId],
    );
    expect((await s3.bytes(`${answerId}/original`)).equals(recording)).toBe(true);
    expect((await s3.keys()).filter((k) => k.startsWith('uploads/'))).toEqual([]);
    expect((await waitForContribution(host, answerId, 540_000)).status).toBe('ready');
    expect((await s3.keys()).filter((k) => k.startsWith(`${answerId}/`))).toEqual([`${answerId}/original`]);

    expect((await api.deletion()).statusCode).toBe(200);
    expect((await s3.keys()).filter((k) => k.startsWith(`${answerId}/`))).toEqual([]);
    expect((await s3.keys()).filter((k) => k.startsWith(`${contributionId}/`))).toHaveLength(2); // others’ media stay: original and poster
    nothingOnDisk();
  });
});
