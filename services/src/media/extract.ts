import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../core/errors.ts';
import { explainFfmpegError } from './ffmpeg-messages.ts';
import { fileUrl, guardedInputArgs } from './input-guard.ts';
import { jpegSize } from './jpeg.ts';
import { probeMedia } from './probe.ts';
import { runTool, ToolError } from './run-tool.ts';
import { mediaToolMissing, type MediaTools } from './tools.ts';
import { readWavFormat } from './wav.ts';

/** What speech recognisers want: 16 kHz, one channel, 16-bit integer PCM. */
export const SPEECH_SAMPLE_RATE = 16_000;

export interface ExtractAudioOptions {
  /** Length of the input (from the probe stage), to turn ffmpeg's position into a fraction. */
  durationMs?: number;
  /** 0..1, rising; called with 1 when done. May be async: its failures are ignored. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export interface ExtractPosterOptions {
  /** Where to take the frame; falls back to the first frame when nothing decodes there. */
  atMs: number;
  signal?: AbortSignal;
}

const POSTER_MAX_WIDTH = 640;

const BASE_ARGS = ['-nostdin', '-hide_banner', '-nostats', '-v', 'error', '-y'];

/**
 * The first audio track as a 16 kHz mono s16le WAV. Written under a temporary name and renamed,
 * so `outWav` either is complete or does not exist, even if the process dies mid-way.
 */
export async function extractAudio(
  t: MediaTools,
  input: string,
  outWav: string,
  options: ExtractAudioOptions = {},
): Promise<{ durationMs: number }> {
  const { signal } = options;
  const report = progressReporter(options.onProgress);
  const totalMs = options.durationMs ?? (options.onProgress ? await durationOrUndefined(t, input, signal) : undefined);

  const args = [
    ...BASE_ARGS,
    ...guardedInputArgs(input),
    '-map',
    '0:a:0',
    '-vn',
    '-sn',
    '-dn',
    // Fill gaps and a late first sample with silence, so times in the WAV are times in the player.
    '-af',
    'aresample=async=1:first_pts=0',
    '-ac',
    '1',
    '-ar',
    String(SPEECH_SAMPLE_RATE),
    '-c:a',
    'pcm_s16le',
    // No LIST/INFO chunk: a plain 44-byte header that every WAV reader understands.
    '-map_metadata',
    '-1',
    '-fflags',
    '+bitexact',
    '-flags:a',
    '+bitexact',
    '-progress',
    'pipe:1',
    '-f',
    'wav',
  ];

  return writeAtomically(outWav, async (tmp) => {
    try {
      await runTool(t.ffmpeg, [...args, fileUrl(tmp)], {
        signal,
        keepStdout: false,
        onStdoutLine: (line) => {
          const position = progressPositionMs(line);
          if (position === 'end') report(1);
          else if (position !== null && totalMs) report(position / totalMs);
        },
      });
    } catch (err) {
      throw ffmpegFailure(err, t, 'extract the audio', [input, tmp], signal);
    }
    const wav = await readWavFormat(tmp);
    if (wav.dataBytes === 0) {
      throw new AppError('E_FFMPEG_FAILED', 'ffmpeg could not extract the audio: the audio track holds no samples', 500, false);
    }
    report(1);
    return { durationMs: wav.durationMs };
  });
}

/**
 * One JPEG frame at `atMs`, at most 640 pixels wide, as displayed (rotation and pixel aspect
 * applied), with even dimensions. Returns its size.
 */
export async function extractPoster(
  t: MediaTools,
  input: string,
  outJpg: string,
  options: ExtractPosterOptions,
): Promise<{ width: number; height: number }> {
  const { signal } = options;
  const atMs = Math.max(0, Number.isFinite(options.atMs) ? options.atMs : 0);
  return writeAtomically(outJpg, async (tmp) => {
    // Seeking past the end (a wrong duration) yields no frame but exit code 0: try the start.
    const size = (await posterAt(t, input, tmp, atMs, signal)) ?? (atMs > 0 ? await posterAt(t, input, tmp, 0, signal) : null);
    if (!size) throw new AppError('E_FFMPEG_FAILED', 'ffmpeg could not extract a poster frame: no picture could be decoded', 500, false);
    return size;
  });
}

async function posterAt(t: MediaTools, input: string, tmp: string, atMs: number, signal?: AbortSignal) {
  const scale = [
    'scale=iw*sar:ih', // square pixels, so the picture has its displayed shape
    'setsar=1',
    `scale='2*trunc(min(${POSTER_MAX_WIDTH},iw)/2)':-2`,
  ].join(',');
  const args = [
    ...BASE_ARGS,
    '-ss',
    (atMs / 1000).toFixed(3),
    ...guardedInputArgs(input),
    // 'V' is real video only: cover art (attached pictures) is not a moment in the media.
    '-map',
    '0:V:0',
    '-frames:v',
    '1',
    '-vf',
    scale,
    '-c:v',
    'mjpeg',
    '-q:v',
    '3',
    '-map_metadata',
    '-1',
    '-f',
    'image2',
    '-update',
    '1',
    fileUrl(tmp),
  ];
  try {
    await runTool(t.ffmpeg, args, { signal });
  } catch (err) {
    throw ffmpegFailure(err, t, 'extract a poster frame', [input, tmp], signal);
  }
  const bytes = await readFile(tmp).catch(() => Buffer.alloc(0));
  return jpegSize(bytes);
}

/** Runs `write` on a temporary sibling of `target` and renames it into place only on success. */
async function writeAtomically<T>(target: string, write: (tmp: string) => Promise<T>): Promise<T> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${randomUUID().slice(0, 8)}.partial`;
  try {
    const result = await write(tmp);
    await rename(tmp, target);
    return result;
  } finally {
    await rm(tmp, { force: true });
  }
}

function ffmpegFailure(err: unknown, t: MediaTools, what: string, paths: string[], signal?: AbortSignal): unknown {
  if (signal?.aborted) return err;
  if (err instanceof ToolError && err.notFound) return mediaToolMissing(t.ffmpeg);
  if (err instanceof ToolError) {
    return new AppError('E_FFMPEG_FAILED', `ffmpeg could not ${what}: ${explainFfmpegError(err.stderrTail, paths)}`, 500, false);
  }
  return err;
}

/** Position in ms from one line of `-progress` output, 'end' when ffmpeg is done, else null. */
function progressPositionMs(line: string): number | 'end' | null {
  if (line === 'progress=end') return 'end';
  const match = /^out_time_us=(\d+)$/.exec(line);
  return match ? Number(match[1]) / 1000 : null;
}

/** Clamps to 0..1, never goes backwards, skips steps under 1 %, and keeps callback failures out. */
function progressReporter(onProgress?: (fraction: number) => void): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    if (!onProgress || !Number.isFinite(fraction)) return;
    const clamped = Math.min(1, Math.max(0, fraction));
    if (clamped <= last || (clamped < 1 && clamped - last < 0.01)) return;
    last = clamped;
    try {
      const result: unknown = onProgress(clamped);
      // Progress is best effort: a failed progress write must not fail, or crash, the extraction.
      if (result instanceof Promise) result.catch(() => {});
    } catch {
      /* best effort, as above */
    }
  };
}

async function durationOrUndefined(t: MediaTools, input: string, signal?: AbortSignal): Promise<number | undefined> {
  try {
    return (await probeMedia(t, input, { signal })).durationMs;
  } catch {
    return undefined; // the extraction itself will report what is wrong with the file
  }
}
