import { AppError } from '../core/errors.ts';
import { explainFfmpegError } from './ffmpeg-messages.ts';
import { guardedInputArgs } from './input-guard.ts';
import { probeMedia, type MediaInfo } from './probe.ts';
import { runTool, ToolError } from './run-tool.ts';
import { mediaToolMissing, type MediaTools } from './tools.ts';

/**
 * How long a file really plays, measured by reading it through, not by its headers: a header's
 * duration is a claim the uploader controls (an m4a whose mvhd/tkhd/mdhd say 5 s can hold 300 s
 * of speech). Limits on length use this.
 */
export interface DecodedLength {
  durationMs: number;
  /** Reading stopped at the limit: the media goes on past it. */
  overLimit: boolean;
}

export interface DecodedLengthOptions {
  /** Stop reading a little past this: a file longer than a limit costs the limit to check, not its length. */
  limitMs: number;
  signal?: AbortSignal;
}

// Reading runs at hundreds of times real time; this only stops a pathological file.
const BASE_TIMEOUT_MS = 60_000;
const OVERRUN_MS = 1000;

/**
 * The audio track is decoded and its timestamps rewritten from the count of decoded samples
 * (asetpts=N/SR/TB), so forged timestamps do not shorten it either; a picture track is read
 * packet by packet without decoding (copied to the null muxer). The length is the longer of the two.
 * An mp4's edit list is ignored, so the length counts every sample the file holds.
 */
export async function decodedLength(
  t: MediaTools,
  path: string,
  tracks: Pick<MediaInfo, 'hasAudio' | 'hasVideo' | 'formatName'>,
  options: DecodedLengthOptions,
): Promise<DecodedLength> {
  const { limitMs, signal } = options;
  const audio = tracks.hasAudio ? ['-map', '0:a:0', '-af', 'asetpts=N/SR/TB'] : [];
  // 'V' is a real picture track: cover art is one frame, not a length.
  const video = tracks.hasVideo ? ['-map', '0:V:0', '-c:v', 'copy'] : [];
  // A forged edit list would hide samples from ffmpeg, maybe not from every player.
  const allSamples = tracks.formatName.startsWith('mov') ? ['-ignore_editlist', '1'] : [];
  const args = [
    ...['-nostdin', '-hide_banner', '-nostats', '-v', 'error'],
    ...allSamples,
    ...guardedInputArgs(path),
    ...audio,
    ...video,
    '-sn',
    '-dn',
    '-t',
    ((limitMs + OVERRUN_MS) / 1000).toFixed(3),
    '-progress',
    'pipe:1',
    '-f',
    'null',
    '-',
  ];
  let lastUs = 0;
  const timeout = AbortSignal.timeout(BASE_TIMEOUT_MS + limitMs / 10);
  try {
    await runTool(t.ffmpeg, args, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      keepStdout: false,
      onStdoutLine: (line) => {
        const match = /^out_time_us=(\d+)$/.exec(line);
        if (match) lastUs = Math.max(lastUs, Number(match[1]));
      },
    });
  } catch (err) {
    throw readFailure(err, t, path, signal);
  }
  const durationMs = Math.round(lastUs / 1000);
  return { durationMs, overLimit: durationMs > limitMs };
}

/**
 * ffprobe's view of the file with its length measured by reading it (decodedLength). Media over
 * `maxMs` is refused with `tooLong(ms)`: at once when its headers already say so, else once reading
 * passes the limit (`ms` is then where reading stopped, a lower bound).
 */
export async function probeWithinLimit(
  t: MediaTools,
  path: string,
  maxMs: number,
  tooLong: (durationMs: number) => AppError,
  options: { signal?: AbortSignal } = {},
): Promise<MediaInfo> {
  const info = await probeMedia(t, path, options);
  if (info.durationMs > maxMs) throw tooLong(info.durationMs);
  const measured = await decodedLength(t, path, info, { limitMs: maxMs, signal: options.signal });
  if (measured.overLimit) throw tooLong(measured.durationMs);
  // Nothing measured (no timestamps at all): the headers are all there is, and they are within the limit.
  return measured.durationMs > 0 ? { ...info, durationMs: measured.durationMs } : info;
}

/** The permanent failure of media over MAX_MEDIA_SECONDS (a forged header claiming millions of seconds included). */
export function mediaTooLong(durationMs: number, maxMs: number): AppError {
  return new AppError(
    'E_MEDIA_TOO_LONG',
    `the media lasts ${overLimitText(durationMs, maxMs)}, longer than the ${clock(maxMs)} this server accepts (MAX_MEDIA_SECONDS)`,
    422,
  );
}

/** "more than 4:00:01" when reading stopped at the limit, else the length itself. */
const overLimitText = (durationMs: number, maxMs: number) =>
  durationMs <= maxMs + OVERRUN_MS + 500 ? `more than ${clock(maxMs)}` : clock(durationMs);

/** h:mm:ss */
function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function readFailure(err: unknown, t: MediaTools, path: string, signal?: AbortSignal): unknown {
  if (signal?.aborted) return err;
  if (err instanceof ToolError && err.notFound) return mediaToolMissing(t.ffmpeg);
  if (err instanceof ToolError) {
    return new AppError('E_MEDIA_UNREADABLE', `the file could not be read through: ${explainFfmpegError(err.stderrTail, [path])}`, 422);
  }
  if (err instanceof DOMException && err.name === 'TimeoutError') {
    return new AppError('E_MEDIA_UNREADABLE', 'the file could not be read as audio or video: reading it took too long', 422);
  }
  return err;
}
