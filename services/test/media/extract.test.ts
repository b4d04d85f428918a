import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import {
  asrClips,
  concatClipsToLength,
  makeAudioFromClip,
  makeCorruptMedia,
  makeVideoFromClip,
  mediaDurationSeconds,
} from '../fixtures/media.ts';
import { extractAudio, extractPoster } from '../../src/media/extract.ts';
import { jpegSize } from '../../src/media/jpeg.ts';
import { runTool } from '../../src/media/run-tool.ts';
import { mediaToolsFrom } from '../../src/media/tools.ts';
import { readWavFormat } from '../../src/media/wav.ts';

const tools = mediaToolsFrom(process.env.FFMPEG_PATH);
const ffmpeg = (args: string[]) => runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-y', ...args]);
let tmp: string;
const clipOf = (part: string) => asrClips().find((c) => c.file.includes(part))!.path;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-extract-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('should have failed'),
    (e: unknown) => e,
  );
}

/** Files left next to an output: a crash-safe writer leaves none behind. */
const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f.includes('.partial'));

describe('extractAudio', () => {
  it.each([
    ['mp4 video', 'LJ001-0001', (clip: string, out: string) => makeVideoFromClip(clip, out, { format: 'mp4' }), 'in.mp4'],
    ['webm video', 'jfk', (clip: string, out: string) => makeVideoFromClip(clip, out, { format: 'webm' }), 'in.webm'],
    ['mp3 audio', 'LJ001-0002', (clip: string, out: string) => makeAudioFromClip(clip, out, 'mp3'), 'in.mp3'],
    ['flac as it is', 'librispeech', async (clip: string) => clip, ''],
  ])('%s → 16 kHz mono s16le WAV of the same length, with progress', async (_name, part, make, inputName) => {
    const clip = clipOf(part);
    const input = await make(clip, path.join(tmp, `${part}-${inputName}`));
    const clipMs = (await mediaDurationSeconds(clip)) * 1000;
    const outDir = fs.mkdtempSync(path.join(tmp, 'out-'));
    const out = path.join(outDir, 'audio.wav');
    const progress: number[] = [];

    const result = await extractAudio(tools, input, out, { durationMs: clipMs, onProgress: (f) => progress.push(f) });

    const wav = await readWavFormat(out);
    expect(wav).toMatchObject({ sampleRate: 16_000, channels: 1, bitsPerSample: 16, audioFormat: 1 });
    expect(Math.abs(wav.durationMs - clipMs)).toBeLessThan(100);
    expect(result.durationMs).toBe(wav.durationMs);
    expect(fs.readFileSync(out).subarray(36, 40).toString('latin1')).toBe('data'); // a plain 44-byte header
    expect(Math.max(...progress)).toBeGreaterThanOrEqual(0.9);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.every((f) => f >= 0 && f <= 1)).toBe(true);
    expect(leftovers(outDir)).toEqual([]);
  });

  it('reports progress along the way on a longer file, and finds the duration itself when not given', async () => {
    const long = await concatClipsToLength(
      asrClips().map((c) => c.path),
      path.join(tmp, 'long.mp4'),
      120,
    );
    const progress: number[] = [];
    const out = path.join(tmp, 'long.wav');
    await extractAudio(tools, long, out, { onProgress: (f) => progress.push(f) });
    expect(progress.at(-1)).toBe(1);
    expect(Math.abs((await readWavFormat(out)).durationMs - 120_000)).toBeLessThan(100);
  });

  it('a failing or async progress callback does not break the extraction', async () => {
    const input = await makeAudioFromClip(clipOf('LJ001-0002'), path.join(tmp, 'short.ogg'), 'ogg');
    await extractAudio(tools, input, path.join(tmp, 'a1.wav'), {
      durationMs: 1900,
      onProgress: () => {
        throw new Error('db down');
      },
    });
    await extractAudio(tools, input, path.join(tmp, 'a2.wav'), {
      durationMs: 1900,
      onProgress: async () => {
        throw new Error('db down');
      },
    });
    expect(fs.existsSync(path.join(tmp, 'a2.wav'))).toBe(true);
  });

  it('a corrupt file fails with E_FFMPEG_FAILED and the reason, leaving no output', async () => {
    const corrupt = await makeCorruptMedia(path.join(tmp, 'corrupt.mp4'));
    const outDir = fs.mkdtempSync(path.join(tmp, 'out-'));
    const err = await rejection(extractAudio(tools, corrupt, path.join(outDir, 'audio.wav')));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'E_FFMPEG_FAILED', status: 500, retryable: false });
    expect((err as AppError).message).toMatch(/^ffmpeg could not extract the audio: .*moov atom not found/);
    expect(fs.readdirSync(outDir)).toEqual([]);
  });

  it('a video without sound fails clearly', async () => {
    const silent = path.join(tmp, 'silent.mp4');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10:duration=1', '-c:v', 'libx264', '-preset', 'ultrafast', silent]);
    const err = await rejection(extractAudio(tools, silent, path.join(tmp, 'none.wav')));
    expect(err).toMatchObject({ code: 'E_FFMPEG_FAILED' });
    expect((err as AppError).message).toMatch(/matches no streams/);
  });

  it('stops when aborted mid-way, leaving neither the output nor a partial file', async () => {
    // Twenty minutes take long enough for ffmpeg to report progress first: abort from there.
    const long = await concatClipsToLength(
      asrClips().map((c) => c.path),
      path.join(tmp, 'long-abort.wav'),
      1200,
    );
    const outDir = fs.mkdtempSync(path.join(tmp, 'out-'));
    const controller = new AbortController();
    const reason = new Error('worker shutting down');
    let abortedAt: number | null = null;
    const running = extractAudio(tools, long, path.join(outDir, 'audio.wav'), {
      durationMs: 1_200_000,
      signal: controller.signal,
      onProgress: (f) => {
        if (f > 0 && f < 1 && abortedAt === null) {
          abortedAt = f;
          controller.abort(reason);
        }
      },
    });
    expect(await rejection(running)).toBe(reason);
    expect(abortedAt).not.toBeNull();
    expect(fs.readdirSync(outDir)).toEqual([]);
  });

  it('replaces an existing output only when done', async () => {
    const out = path.join(tmp, 'replace.wav');
    fs.writeFileSync(out, 'old');
    const input = await makeAudioFromClip(clipOf('jfk'), path.join(tmp, 'replace-in.wav'), 'wav');
    await extractAudio(tools, input, out);
    expect((await readWavFormat(out)).sampleRate).toBe(16_000);
  });
});

describe('extractPoster', () => {
  const posterOf = async (input: string, atMs: number) => {
    const out = path.join(fs.mkdtempSync(path.join(tmp, 'poster-')), 'poster.jpg');
    const size = await extractPoster(tools, input, out, { atMs });
    const bytes = fs.readFileSync(out);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff])); // a JPEG
    expect(jpegSize(bytes)).toEqual(size);
    expect(leftovers(path.dirname(out))).toEqual([]);
    return size;
  };

  const testVideo = async (name: string, size: string, extra: string[] = []) => {
    const file = path.join(tmp, name);
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${size}:rate=10:duration=2`,
      ...extra,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      file,
    ]);
    return file;
  };

  it('keeps a small video at its size', async () => {
    const video = await makeVideoFromClip(clipOf('jfk'), path.join(tmp, 'poster-src.mp4'), { format: 'mp4' });
    expect(await posterOf(video, 1000)).toEqual({ width: 320, height: 240 });
  });

  it('scales a large one down to 640 wide, keeping the aspect', async () => {
    expect(await posterOf(await testVideo('hd.mp4', '1280x720'), 1000)).toEqual({ width: 640, height: 360 });
  });

  it('gives even dimensions for odd sizes', async () => {
    const size = await posterOf(await testVideo('odd.mkv', '853x479', ['-pix_fmt', 'yuv444p']), 500);
    expect(size.width).toBe(640);
    expect(size.width % 2).toBe(0);
    expect(size.height % 2).toBe(0);
    expect(Math.abs(size.height - (640 * 479) / 853)).toBeLessThanOrEqual(2);
  });

  it('applies non-square pixels and rotation, as players do', async () => {
    // 720x576 with 16:15 pixels is shown 768x576, i.e. 640x480 once scaled.
    expect(await posterOf(await testVideo('pal.mp4', '720x576', ['-vf', 'setsar=16/15']), 500)).toEqual({ width: 640, height: 480 });
    const stored = await testVideo('landscape.mp4', '320x240');
    const rotated = path.join(tmp, 'portrait.mp4');
    await ffmpeg(['-i', stored, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);
    expect(await posterOf(rotated, 500)).toEqual({ width: 240, height: 320 });
  });

  it('falls back to the first frame when asked for a moment past the end', async () => {
    const video = await makeVideoFromClip(clipOf('jfk'), path.join(tmp, 'poster-src.webm'), { format: 'webm' });
    expect(await posterOf(video, 60_000)).toEqual({ width: 320, height: 240 });
  });

  it('fails with E_FFMPEG_FAILED for audio, even with cover art', async () => {
    const mp3 = await makeAudioFromClip(clipOf('jfk'), path.join(tmp, 'cover.mp3'), 'mp3', { coverArt: true });
    const outDir = fs.mkdtempSync(path.join(tmp, 'poster-'));
    const err = await rejection(extractPoster(tools, mp3, path.join(outDir, 'poster.jpg'), { atMs: 500 }));
    expect(err).toMatchObject({ code: 'E_FFMPEG_FAILED', status: 500, retryable: false });
    expect((err as AppError).message).toMatch(/^ffmpeg could not extract a poster frame: /);
    expect(fs.readdirSync(outDir)).toEqual([]);
  });
});
