// The openai transcriber through the real SDK against a local fake server, on a real clip converted with ffmpeg;
// mapping one chunk's answer to segments is tested in services/src/ai/transcribe/openai.test.ts.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, startFakeOpenAi, TRANSCRIPTIONS, type FakeOpenAi, type FakeOpenAiOptions } from '../../fakes/openai-server.ts';
import { ASR_DEV_DIR } from '../../fixtures/media.ts';
import type { TranscriptSegment } from '../../../src/core/transcript.ts';
import { createOpenAiTranscriber, type OpenAiTranscriberOptions } from '../../../src/ai/transcribe/openai.ts';

const run = promisify(execFile);
const JFK = path.join(ASR_DEV_DIR, 'audio', 'jfk_inaugural_1961.wav');
const JFK_MS = 11_000;

let dir: string;
let jfk: string;
let fake: FakeOpenAi | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'colloquy-openai-'));
  jfk = path.join(dir, 'jfk.wav');
  await run('ffmpeg', ['-v', 'error', '-i', JFK, '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', jfk]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(server: FakeOpenAiOptions = {}, options: OpenAiTranscriberOptions = {}) {
  fake = await startFakeOpenAi({ apiKey: 'sk-test', ...server });
  const transcriber = createOpenAiTranscriber({ apiKey: 'sk-test', baseUrl: fake.baseUrl, chunkSeconds: 4, maxRetries: 0, ...options });
  return { fake, transcriber };
}

const transcriptions = (f: FakeOpenAi) => f.requests.filter((r) => `${r.method} ${r.path}` === TRANSCRIPTIONS);

/** Where each uploaded chunk started in the recording, from what the server received. */
function chunkOffsets(f: FakeOpenAi): Array<{ startMs: number; ms: number }> {
  let startMs = 0;
  return transcriptions(f).map((r) => {
    const chunk = { startMs, ms: r.audioMs! };
    startMs += r.audioMs!;
    return chunk;
  });
}

/** The fake names word k of a chunk "wk" and puts it at k s into that chunk. */
function expectedWords(f: FakeOpenAi) {
  return chunkOffsets(f).flatMap(({ startMs, ms }) =>
    Array.from({ length: Math.ceil(ms / 1000) }, (_, k) => ({ text: `w${k}`, startMs: Math.round(startMs + k * 1000) })),
  );
}

function expectMonotonic(segments: TranscriptSegment[]) {
  for (const [i, s] of segments.entries()) {
    expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
    expect(s.endMs).toBeLessThanOrEqual(JFK_MS);
    if (i > 0) expect(s.startMs).toBeGreaterThanOrEqual(segments[i - 1].endMs);
    for (const w of s.words ?? []) {
      expect(w.startMs).toBeGreaterThanOrEqual(s.startMs);
      expect(w.endMs).toBeLessThanOrEqual(s.endMs);
    }
  }
}

describe('openai transcriber against an OpenAI-compatible server', () => {
  it('sends chunks with the model, key and verbose_json options, and stitches them with offsets', async () => {
    const { fake, transcriber } = await setup({}, { model: 'whisper-large-v3', language: 'en' });
    const progress: number[] = [];
    const result = await transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS, onProgress: (p) => progress.push(p.fraction) });

    const sent = transcriptions(fake);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const request of sent) {
      expect(request.headers.authorization).toBe('Bearer sk-test');
      expect(request.form?.fields).toMatchObject({
        model: ['whisper-large-v3'],
        response_format: ['verbose_json'],
        'timestamp_granularities[]': ['word', 'segment'],
        language: ['en'],
      });
      expect(request.form?.files[0]).toMatchObject({ field: 'file', contentType: 'audio/wav' });
      expect(request.audioMs).toBeLessThanOrEqual(4000);
    }
    expect(sent.reduce((sum, r) => sum + r.audioMs!, 0)).toBe(JFK_MS);

    expect(result).toMatchObject({ provider: 'openai', model: 'whisper-large-v3', language: 'en' });
    const words = result.segments.flatMap((s) => s.words ?? []);
    expect(words.map(({ text, startMs }) => ({ text, startMs }))).toEqual(expectedWords(fake));
    expectMonotonic(result.segments);
    // The fake's segments are 5 s long, so each (< 5 s) chunk comes back as one segment.
    expect(result.segments.map((s) => s.startMs)).toEqual(chunkOffsets(fake).map((c) => Math.round(c.startMs)));
    const firstChunkSeconds = Math.ceil(chunkOffsets(fake)[0].ms / 1000);
    expect(result.segments[0].text).toBe(Array.from({ length: firstChunkSeconds }, (_, k) => `w${k}`).join(' '));

    expect(progress.length).toBe(sent.length + 1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
  });

  it('splits long audio into 5 s server segments and assigns each word to its segment', async () => {
    const { fake, transcriber } = await setup({}, { chunkSeconds: 600 });
    const result = await transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS });
    expect(transcriptions(fake)).toHaveLength(1);
    expect(result.segments.map((s) => [s.startMs, s.endMs, s.words?.length])).toEqual([
      [0, 5000, 5],
      [5000, 10000, 5],
      [10000, 11000, 1],
    ]);
    expect(result.language).toBe('english'); // the server's detection when none is configured
  });

  it('accepts segments without words', async () => {
    const { fake, transcriber } = await setup({ transcription: { mode: 'segments-only' } });
    const result = await transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS });
    expect(result.segments.every((s) => s.words === undefined && /^w0( w\d)*$/.test(s.text))).toBe(true);
    expect(result.segments.map((s) => s.startMs)).toEqual(chunkOffsets(fake).map((c) => Math.round(c.startMs)));
    expectMonotonic(result.segments);
  });

  it('accepts words without segments', async () => {
    const { fake, transcriber } = await setup({ transcription: { mode: 'words-only' } });
    const result = await transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS });
    const words = result.segments.flatMap((s) => s.words ?? []);
    expect(words.map(({ text, startMs }) => ({ text, startMs }))).toEqual(expectedWords(fake));
    expect(result.segments.every((s) => s.text === s.words!.map((w) => w.text).join(' '))).toBe(true);
    expectMonotonic(result.segments);
  });

  it('accepts words nested in segments (whisper.cpp server)', async () => {
    const { fake, transcriber } = await setup({ transcription: { mode: 'nested-words' } });
    const result = await transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS });
    const words = result.segments.flatMap((s) => s.words ?? []);
    expect(words.map(({ text, startMs }) => ({ text, startMs }))).toEqual(expectedWords(fake));
  });

  for (const mode of ['text-only', 'plain-text'] as const) {
    it(`makes one segment per chunk from a ${mode} answer`, async () => {
      const { fake, transcriber } = await setup({ transcription: { mode } });
      const result = await transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS });
      expect(result.segments.map((s) => [s.startMs, s.endMs])).toEqual(
        chunkOffsets(fake).map((c) => [Math.round(c.startMs), Math.round(c.startMs + c.ms)]),
      );
      const firstChunkSeconds = Math.ceil(chunkOffsets(fake)[0].ms / 1000);
      expect(result.segments[0]).toMatchObject({
        text: Array.from({ length: firstChunkSeconds }, (_, k) => `w${k}`).join(' '),
        speaker: null,
      });
      expect(result.segments[0].words).toBeUndefined();
    });
  }

  it('falls back to plain json once when the model rejects verbose_json (gpt-4o-transcribe)', async () => {
    const { fake, transcriber } = await setup({ transcription: { mode: 'json-only' } }, { model: 'gpt-4o-transcribe' });
    const result = await transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS });
    const formats = transcriptions(fake).map((r) => r.form?.fields.response_format?.[0]);
    expect(formats[0]).toBe('verbose_json');
    expect(formats.slice(1).every((f) => f === 'json')).toBe(true);
    expect(result.segments).toHaveLength(formats.length - 1);
  });

  it('sends a placeholder key to a self-hosted server when none is configured', async () => {
    fake = await startFakeOpenAi();
    const transcriber = createOpenAiTranscriber({ baseUrl: fake.baseUrl, maxRetries: 0 });
    await transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS });
    expect(fake.requests[0].headers.authorization).toBe('Bearer not-needed');
  });
});

describe('openai transcriber errors', () => {
  it('401: not retryable, names OPENAI_API_KEY', async () => {
    const { fake, transcriber } = await setup({}, { apiKey: 'sk-wrong' });
    await expect(transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS })).rejects.toMatchObject({
      code: 'E_TRANSCRIBE_AUTH',
      retryable: false,
      message: expect.stringContaining('OPENAI_API_KEY'),
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('403: not retryable', async () => {
    const { transcriber } = await setup({ faults: [{ status: 403 }] });
    await expect(transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS })).rejects.toMatchObject({
      code: 'E_TRANSCRIBE_AUTH',
      retryable: false,
    });
  });

  it('500: retryable, and the next attempt succeeds', async () => {
    const { fake, transcriber } = await setup({ faults: [{ route: TRANSCRIPTIONS, status: 500, times: 2 }] }, { maxRetries: 1 });
    // The SDK retries once, then the error goes to the job queue, whose retry then succeeds.
    await expect(transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS })).rejects.toMatchObject({
      code: 'E_TRANSCRIBE_UNAVAILABLE',
      retryable: true,
    });
    expect(transcriptions(fake)).toHaveLength(2);
    const result = await transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS });
    expect(result.segments.length).toBeGreaterThanOrEqual(3);
  });

  it('429: retryable', async () => {
    const { transcriber } = await setup({ faults: [{ status: 429 }] });
    await expect(transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS })).rejects.toMatchObject({
      code: 'E_TRANSCRIBE_UNAVAILABLE',
      retryable: true,
    });
  });

  it('other 4xx: not retryable, with the server’s message', async () => {
    const { transcriber } = await setup({ faults: [{ status: 400, message: 'Audio file is too short.' }] });
    await expect(transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS })).rejects.toMatchObject({
      code: 'E_TRANSCRIBE_REJECTED',
      retryable: false,
      message: expect.stringContaining('Audio file is too short.'),
    });
  });

  it('unreachable server: retryable', async () => {
    const closed = await startFakeOpenAi();
    await closed.close();
    const transcriber = createOpenAiTranscriber({ baseUrl: closed.baseUrl, maxRetries: 0 });
    await expect(transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS })).rejects.toMatchObject({
      code: 'E_TRANSCRIBE_UNAVAILABLE',
      retryable: true,
    });
  });

  it('no key and no base URL: not configured', async () => {
    const transcriber = createOpenAiTranscriber({});
    expect(await transcriber.status()).toMatchObject({ ok: false, message: expect.stringContaining('OPENAI_API_KEY') });
    await expect(transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS })).rejects.toMatchObject({ code: 'E_TRANSCRIBE_AUTH' });
  });

  it('abort: stops waiting for the server', async () => {
    const { fake, transcriber } = await setup();
    fake.route(TRANSCRIPTIONS, () => new Promise(() => {})); // never answers
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(transcriber.transcribe({ audioPath: jfk, durationMs: JFK_MS, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('openai transcriber status', () => {
  it('reports the server and model', async () => {
    const { fake, transcriber } = await setup();
    expect(await transcriber.status()).toEqual({ ok: true, message: `transcription with whisper-1 at ${fake.baseUrl}` });
  });

  it('notes a model the server does not list', async () => {
    const { transcriber } = await setup({ models: ['Systran/faster-whisper-small'] });
    expect(await transcriber.status()).toMatchObject({ ok: true, message: expect.stringContaining('does not list this model') });
  });

  it('is fine with a server without a model list', async () => {
    const { transcriber } = await setup({ faults: [{ route: MODELS, status: 404 }] });
    expect(await transcriber.status()).toMatchObject({ ok: true });
  });

  it('reports refused credentials', async () => {
    const { transcriber } = await setup({}, { apiKey: 'sk-wrong' });
    expect(await transcriber.status()).toMatchObject({ ok: false, message: expect.stringContaining('OPENAI_API_KEY') });
  });

  it('does not hang on a server that never answers', async () => {
    const { fake, transcriber } = await setup();
    fake.route(MODELS, () => new Promise(() => {}));
    const started = Date.now();
    expect(await transcriber.status()).toMatchObject({ ok: false });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
