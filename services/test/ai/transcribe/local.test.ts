// The real PocketSphinx on real speech clips; parsing its output is tested in services/src/ai/transcribe/local.test.ts.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptSegment } from '../../../src/core/transcript.ts';
import { createLocalTranscriber, NO_RECOGNISER_MESSAGE } from '../../../src/ai/transcribe/local.ts';
import type { TranscribeProgress } from '../../../src/ai/transcribe/transcriber.ts';
import { ASR_DEV_DIR } from '../../fixtures/media.ts';

const run = promisify(execFile);

let dir: string;
const clips: Record<string, string> = {};

/** 16 kHz mono s16le, as the audio stage hands audio to transcribers. */
async function prepare(name: string, source: string, rate = 16000) {
  const out = path.join(dir, `${name}.wav`);
  await run('ffmpeg', [
    '-v',
    'error',
    '-i',
    path.join(ASR_DEV_DIR, 'audio', source),
    '-ac',
    '1',
    '-ar',
    String(rate),
    '-c:a',
    'pcm_s16le',
    out,
  ]);
  clips[name] = out;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'colloquy-sphinx-'));
  await Promise.all([
    prepare('jfk', 'jfk_inaugural_1961.wav'),
    prepare('stew', 'librispeech_test-clean_1089-134686-0000.flac'),
    prepare('jfk8k', 'jfk_inaugural_1961.wav', 8000),
  ]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const words = (segments: TranscriptSegment[]) => segments.flatMap((s) => s.words ?? []);
const vocabulary = (text: string) => new Set(text.toLowerCase().match(/[a-z']+/g));

function expectWellTimed(segments: TranscriptSegment[], durationMs: number) {
  let previousEnd = 0;
  for (const segment of segments) {
    expect(segment.text).toBe(segment.words!.map((w) => w.text).join(' '));
    expect(segment.startMs).toBe(segment.words![0].startMs);
    for (const word of segment.words!) {
      expect(word.startMs).toBeGreaterThanOrEqual(previousEnd);
      expect(word.endMs).toBeGreaterThanOrEqual(word.startMs);
      expect(word.endMs).toBeLessThanOrEqual(durationMs);
      previousEnd = word.endMs;
    }
  }
}

describe('local transcriber (pocketsphinx)', () => {
  const transcriber = createLocalTranscriber();

  it('is available on this machine', async () => {
    const status = await transcriber.status();
    expect(status.ok, status.message).toBe(true);
    expect(transcriber.provider).toBe('local');
    expect(transcriber.model).toBe('pocketsphinx-en-us');
  });

  it('transcribes the JFK clip in pieces with word timings, confidences and progress by audio time', async () => {
    const pieced = createLocalTranscriber({ pieceSeconds: 5 }); // 11 s: three pieces
    const progress: TranscribeProgress[] = [];
    const result = await pieced.transcribe({ audioPath: clips.jfk, durationMs: 11_000, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ provider: 'local', model: 'pocketsphinx-en-us', language: 'en' });
    expect(result.pieces?.recognised).toBeGreaterThanOrEqual(3);
    expect(result.segments.length).toBeGreaterThanOrEqual(2); // the speech has long pauses
    expectWellTimed(result.segments, 11_000);

    const heard = vocabulary(
      words(result.segments)
        .map((w) => w.text)
        .join(' '),
    );
    const reference = vocabulary(
      'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
    );
    const shared = [...reference].filter((w) => heard.has(w));
    expect(shared).toContain('country');
    expect(shared.length).toBeGreaterThanOrEqual(6);

    // PocketSphinx's posteriors: within 0–1, and not all certain.
    const confidences = words(result.segments).map((w) => w.confidence!);
    expect(confidences.every((c) => c >= 0 && c <= 1)).toBe(true);
    expect(Math.min(...confidences)).toBeLessThan(0.9);

    const fractions = progress.map((p) => p.fraction);
    expect(fractions.length).toBe(result.pieces!.recognised + 1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    // No estimate before a piece is done; then one from the measured speed, 0 at the end.
    expect(progress[0].etaSeconds).toBeNull();
    expect(progress[1].etaSeconds).toBeGreaterThan(0);
    expect(progress.at(-1)!.etaSeconds).toBe(0);
  });

  it('keeps most content words of clean read speech', async () => {
    const result = await transcriber.transcribe({ audioPath: clips.stew, durationMs: 10_435 });
    expectWellTimed(result.segments, 10_435);
    const heard = vocabulary(result.segments.map((s) => s.text).join(' '));
    const content = [
      'hoped',
      'stew',
      'dinner',
      'carrots',
      'bruised',
      'potatoes',
      'thick',
      'peppered',
      'sauce',
      'turnips',
      'mutton',
      'ladled',
      'flour',
      'fattened',
    ];
    expect(content.filter((w) => heard.has(w)).length).toBeGreaterThanOrEqual(7);
  });

  it('stops the recogniser when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = transcriber.transcribe({ audioPath: clips.jfk, durationMs: 11_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2000); // a full run takes ~3 s
  });

  it('refuses audio that is not 16 kHz mono', async () => {
    await expect(transcriber.transcribe({ audioPath: clips.jfk8k, durationMs: 11_000 })).rejects.toMatchObject({ code: 'E_BAD_AUDIO' });
  });
});

describe('local transcriber without a recogniser', () => {
  for (const [what, options] of [
    ['binary', { binary: 'no-such-pocketsphinx_continuous' }],
    ['model', { modelDir: '/nonexistent/pocketsphinx/model' }],
  ] as const) {
    it(`says what to install when the ${what} is missing`, async () => {
      const transcriber = createLocalTranscriber(options);
      expect(await transcriber.status()).toEqual({ ok: false, message: NO_RECOGNISER_MESSAGE });
      await expect(transcriber.transcribe({ audioPath: clips.jfk, durationMs: 11_000 })).rejects.toMatchObject({
        code: 'E_NO_RECOGNISER',
        status: 503,
        retryable: false,
        message: NO_RECOGNISER_MESSAGE,
      });
    });
  }
});
