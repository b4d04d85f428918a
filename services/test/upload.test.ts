import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { asrClips, makeAudioFromClip, makeCorruptMedia, makeVideoFromClip } from './fixtures/media.ts';
import type { AppEvent, ContributionEvent } from '../src/core/events.ts';

let t: TestApp;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-upload-'));
beforeAll(async () => {
  t = await startTestApp({ MAX_UPLOAD_MB: '2' });
});
afterAll(async () => {
  await t.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const jfk = () => asrClips().find((c) => c.file.includes('jfk'))!;
const words = (text: string) => new Set(text.toLowerCase().match(/[a-z']+/g) ?? []);

async function upload(
  client: Awaited<ReturnType<typeof spaceWithConference>>['client'],
  conferenceId: string,
  parts: Parameters<typeof multipart>[0],
) {
  const body = multipart(parts);
  return client.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...body });
}

describe('uploading a video', () => {
  it('goes from upload to timestamped statements with the local recogniser', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const video = path.join(tmp, 'jfk.mp4');
    await makeVideoFromClip(jfk().path, video, { format: 'mp4' });

    const events: AppEvent[] = [];
    const unsubscribe = t.runtime.events.subscribe((e: AppEvent) => events.push(e));
    const res = await upload(client, conference.id, [
      { name: 'title', value: 'Ask not' },
      { name: 'links', value: 'https://example.org/speech' },
      { name: 'file', file: fs.readFileSync(video), filename: 'speech.mp4', contentType: 'video/mp4' },
    ]);
    expect(res.statusCode).toBe(202);
    const queued = res.json().contribution;
    expect(queued).toMatchObject({
      status: 'queued',
      stage: 'probe',
      title: 'Ask not',
      mime: 'video/mp4',
      links: ['https://example.org/speech'],
    });

    const done = await waitForContribution(client, queued.id);
    unsubscribe();
    expect(done.status).toBe('ready');
    expect(done.transcribedBy).toBe('local:pocketsphinx-en-us');
    // Live events say what GET says: processing while a stage runs (not the status read when it started),
    // and transcription reports the audio recognised with an estimate of the time left.
    const mine = events.filter((e) => e.type === 'contribution' && e.id === queued.id) as ContributionEvent[];
    const transcribing = mine.filter((e) => e.stage === 'transcribe' && e.status !== 'queued');
    expect(transcribing.length).toBeGreaterThanOrEqual(2);
    expect(transcribing.every((e) => e.status === 'processing')).toBe(true);
    expect(transcribing.at(-1)).toMatchObject({ progress: 1, etaSeconds: 0 });
    expect(mine.at(-1)).toMatchObject({ status: 'ready', etaSeconds: null });
    expect(done.etaSeconds).toBeNull();
    expect(done.hasVideo).toBe(true);
    expect(done.durationMs).toBeGreaterThan(10_000);
    expect(done.durationMs).toBeLessThan(12_500);

    const { statements } = (await client.get(`/api/contributions/${done.id}`)).json().contribution;
    expect(statements.length).toBeGreaterThanOrEqual(1);
    expect(statements.length).toBeLessThanOrEqual(3);
    const heard = words(statements.map((s: { text: string }) => s.text).join(' '));
    const shared = [...words(jfk().reference)].filter((w) => heard.has(w));
    expect(shared.length).toBeGreaterThanOrEqual(4);
    for (const s of statements) {
      expect(s.startMs).toBeGreaterThanOrEqual(0);
      expect(s.endMs).toBeGreaterThan(s.startMs);
      expect(s.endMs).toBeLessThanOrEqual(done.durationMs + 100);
    }

    // the media plays with seeking, has a poster and captions
    const whole = await client.get(done.mediaUrl);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(Number(whole.headers['content-length'])).toBe(fs.statSync(video).size);
    const part = await client.request({ method: 'GET', url: done.mediaUrl, headers: { range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${fs.statSync(video).size}`);
    expect(part.rawPayload.equals(fs.readFileSync(video).subarray(100, 200))).toBe(true);
    const beyond = await client.request({ method: 'GET', url: done.mediaUrl, headers: { range: 'bytes=99999999-' } });
    expect(beyond.statusCode).toBe(416);

    const poster = await client.get(done.posterUrl);
    expect(poster.headers['content-type']).toBe('image/jpeg');
    expect(poster.rawPayload.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);

    const vtt = (await client.get(done.captionsUrl)).body;
    expect(vtt).toMatch(/^WEBVTT/);
    expect(vtt).toMatch(/00:00:\d\d\.\d{3} --> 00:00:\d\d\.\d{3}/);
  });

  it('uses an uploaded caption file instead of recognition: text, times and speakers follow it', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const audio = path.join(tmp, 'jfk.m4a');
    await makeAudioFromClip(jfk().path, audio, 'm4a');
    const vtt = [
      'WEBVTT',
      '',
      '00:00:00.500 --> 00:00:04.000',
      '<v John Kennedy>And so, my fellow Americans,',
      '',
      '00:00:04.000 --> 00:00:10.500',
      '<v John Kennedy>ask not what your country can do for you, ask what you can do for your country.',
      '',
    ].join('\n');
    const res = await upload(client, conference.id, [
      { name: 'file', file: fs.readFileSync(audio), filename: 'a.m4a' },
      { name: 'captions', file: Buffer.from(vtt), filename: 'captions.vtt', contentType: 'text/vtt' },
    ]);
    expect(res.statusCode).toBe(202);
    const done = await waitForContribution(client, res.json().contribution.id);
    expect(done).toMatchObject({ status: 'ready', transcribedBy: 'captions', hasVideo: false, posterUrl: null });
    const { statements } = (await client.get(`/api/contributions/${done.id}`)).json().contribution;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ speaker: 'John Kennedy', startMs: 500, endMs: 10_500 });
    expect(statements[0].text).toBe(
      'And so, my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
    );
  });

  it('keeps a caption file that runs past the media inside it', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const audio = path.join(tmp, 'jfk.m4a');
    await makeAudioFromClip(jfk().path, audio, 'm4a');
    const vtt = [
      'WEBVTT',
      '',
      '00:00:00.500 --> 00:00:10.500',
      '<v John Kennedy>And so, my fellow Americans, ask not what your country can do for you.',
      '',
      '00:00:10.600 --> 00:00:16.000',
      '<v John Kennedy>Ask what you can do for your country.',
      '',
      '00:00:20.000 --> 00:00:25.000',
      '<v John Kennedy>A cue from a longer cut of the speech.',
      '',
    ].join('\n');
    const res = await upload(client, conference.id, [
      { name: 'file', file: fs.readFileSync(audio), filename: 'a.m4a' },
      { name: 'captions', file: Buffer.from(vtt), filename: 'captions.vtt', contentType: 'text/vtt' },
    ]);
    const done = await waitForContribution(client, res.json().contribution.id);
    expect(done.status).toBe('ready');
    const { statements } = (await client.get(`/api/contributions/${done.id}`)).json().contribution;
    const text = statements.map((s: { text: string }) => s.text).join(' ');
    expect(text).toContain('Ask what you can do for your country.');
    expect(text).not.toContain('longer cut');
    expect(Math.max(...statements.map((s: { endMs: number }) => s.endMs))).toBeLessThanOrEqual(done.durationMs);
  });

  it('accepts common audio formats', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    for (const format of ['mp3', 'ogg', 'wav'] as const) {
      const file = path.join(tmp, `clip.${format}`);
      await makeAudioFromClip(asrClips()[2].path, file, format);
      const res = await upload(client, conference.id, [{ name: 'file', file: fs.readFileSync(file), filename: `x.${format}` }]);
      expect(res.statusCode, format).toBe(202);
    }
  });
});

describe('refused and failed uploads', () => {
  it('refuses a text file renamed .mp4 with 415, keeping nothing', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const text = Buffer.from('this is not a video\n'.repeat(500));
    const before = fs.readdirSync(t.runtime.config.mediaDir).length;
    const res = await upload(client, conference.id, [{ name: 'file', file: text, filename: 'movie.mp4', contentType: 'video/mp4' }]);
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('E_UNSUPPORTED_MEDIA');
    expect((await client.get(`/api/conferences/${conference.id}`)).json().contributions).toHaveLength(0);
    expect(fs.readdirSync(t.runtime.config.mediaDir)).toHaveLength(before);
  });

  it('refuses an oversize upload with 413 while streaming, and by its declared length up front', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const big = path.join(tmp, 'big.wav');
    await makeAudioFromClip(jfk().path, big, 'wav');
    const wav = fs.readFileSync(big);
    const huge = Buffer.concat([wav, Buffer.alloc(2.5 * 1024 * 1024)]); // a valid header, 2.5 MB > MAX_UPLOAD_MB=2
    const res = await upload(client, conference.id, [{ name: 'file', file: huge, filename: 'big.wav' }]);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('E_TOO_LARGE');

    const declared = await client.request({
      method: 'POST',
      url: `/api/conferences/${conference.id}/contributions`,
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(50 * 1024 * 1024) },
      payload: '--x--',
    });
    expect(declared.statusCode).toBe(413);
    expect((await client.get(`/api/conferences/${conference.id}`)).json().contributions).toHaveLength(0);
  });

  it('refuses a caption file that is not WebVTT or SRT', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const audio = path.join(tmp, 'c.mp3');
    await makeAudioFromClip(jfk().path, audio, 'mp3');
    const res = await upload(client, conference.id, [
      { name: 'file', file: fs.readFileSync(audio) },
      { name: 'captions', file: Buffer.from('just some notes'), filename: 'notes.vtt' },
    ]);
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('E_UNSUPPORTED_CAPTIONS');
  });

  it('ends a corrupt file as failed with a readable reason, keeps the file, and retries on request', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const corrupt = path.join(tmp, 'corrupt.mp4');
    await makeCorruptMedia(corrupt);
    const res = await upload(client, conference.id, [{ name: 'file', file: fs.readFileSync(corrupt), filename: 'x.mp4' }]);
    expect(res.statusCode).toBe(202);
    const failed = await waitForContribution(client, res.json().contribution.id);
    expect(failed).toMatchObject({ status: 'failed', stage: 'probe', errorCode: 'E_MEDIA_UNREADABLE' });
    expect(failed.error).toMatch(/could not be read/i);
    expect(fs.existsSync(path.join(t.runtime.config.mediaDir, failed.id, 'original'))).toBe(true);
    expect((await client.get(failed.mediaUrl)).rawPayload.equals(fs.readFileSync(corrupt))).toBe(true);

    const retry = await client.post(`/api/contributions/${failed.id}/retry`);
    expect(retry.statusCode).toBe(202);
    expect(retry.json().contribution).toMatchObject({ status: 'queued', error: null });
    const again = await waitForContribution(client, failed.id);
    expect(again).toMatchObject({ status: 'failed', errorCode: 'E_MEDIA_UNREADABLE' });
    expect(again.attempts).toBe(failed.attempts + 1);

    const notFailed = await spaceWithConference(t.app);
    const ok = await notFailed.client.post(`/api/conferences/${notFailed.conference.id}/transcripts`, {
      turns: [{ text: 'hi', startMs: 0, endMs: 500 }],
    });
    await waitForContribution(notFailed.client, ok.json().contribution.id);
    expect((await notFailed.client.post(`/api/contributions/${ok.json().contribution.id}/retry`)).json().error.code).toBe('E_NOT_FAILED');
  });
});
