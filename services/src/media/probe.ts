import { stat } from 'node:fs/promises';
import { AppError } from '../core/errors.ts';
import { explainFfmpegError } from './ffmpeg-messages.ts';
import { guardedInputArgs } from './input-guard.ts';
import { runTool, ToolError } from './run-tool.ts';
import { mediaToolMissing, type MediaTools } from './tools.ts';

export interface MediaInfo {
  durationMs: number;
  hasVideo: boolean;
  hasAudio: boolean;
  /** Picture size as displayed (rotation and non-square pixels applied). */
  width?: number;
  height?: number;
  /** ffprobe's demuxer name, e.g. 'mov,mp4,m4a,3gp,3g2,mj2' or 'matroska,webm'. */
  formatName: string;
  videoCodec?: string;
  audioCodec?: string;
}

export interface ProbeOptions {
  signal?: AbortSignal;
}

interface FfprobeStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  duration?: string;
  sample_aspect_ratio?: string;
  disposition?: Record<string, number>;
  tags?: Record<string, string>;
  side_data_list?: { side_data_type?: string; rotation?: number }[];
}

interface FfprobeOutput {
  format?: { format_name?: string; duration?: string; start_time?: string };
  streams?: FfprobeStream[];
}

// Generous: ffprobe reads headers in milliseconds; only a pathological file takes this long.
const PROBE_TIMEOUT_MS = 60_000;
const PACKET_SCAN_TIMEOUT_MS = 180_000;

/**
 * What the file really is, by ffprobe. Throws E_MEDIA_UNREADABLE (422) when ffprobe cannot read
 * it as audio or video, E_MEDIA_NO_STREAMS (422) when it reads but holds neither.
 */
export async function probeMedia(t: MediaTools, path: string, options: ProbeOptions = {}): Promise<MediaInfo> {
  await assertFileExists(path);
  const probed = await runProbe(t, path, options.signal);

  const streams = probed.streams ?? [];
  const video = streams.find(isMovingPicture);
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!video && !audio) {
    throw new AppError('E_MEDIA_NO_STREAMS', 'the file has neither an audio nor a video track', 422, false);
  }

  const tracks = [video, audio].filter((s): s is FfprobeStream => s !== undefined);
  const durationMs = durationFromHeaders(probed, tracks) ?? (await durationFromPackets(t, path, tracks, options.signal));
  if (durationMs === null || durationMs <= 0) {
    throw new AppError('E_MEDIA_UNREADABLE', 'the file could not be read as audio or video: it holds no audio or video data', 422, false);
  }

  return {
    durationMs,
    hasVideo: Boolean(video),
    hasAudio: Boolean(audio),
    ...(video ? displaySize(video) : {}),
    formatName: probed.format?.format_name ?? 'unknown',
    videoCodec: video?.codec_name,
    audioCodec: audio?.codec_name,
  };
}

async function assertFileExists(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
  } catch {
    // A missing stored file is our fault, not the uploader's: 500, and no path in the message.
    throw new AppError('E_MEDIA_MISSING', 'the media file is missing from storage', 500, false);
  }
}

async function runProbe(t: MediaTools, path: string, signal?: AbortSignal): Promise<FfprobeOutput> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...guardedInputArgs(path)];
  try {
    const { stdout } = await runTool(t.ffprobe, args, { signal: withTimeout(signal, PROBE_TIMEOUT_MS) });
    return JSON.parse(stdout) as FfprobeOutput;
  } catch (err) {
    throw probeFailure(err, t, path, signal);
  }
}

function probeFailure(err: unknown, t: MediaTools, path: string, signal?: AbortSignal): unknown {
  if (signal?.aborted) return err;
  if (err instanceof ToolError && err.notFound) return mediaToolMissing(t.ffprobe);
  if (err instanceof ToolError) {
    return new AppError(
      'E_MEDIA_UNREADABLE',
      `the file could not be read as audio or video: ${explainFfmpegError(err.stderrTail, [path])}`,
      422,
      false,
    );
  }
  if (isTimeout(err)) {
    return new AppError('E_MEDIA_UNREADABLE', 'the file could not be read as audio or video: reading it took too long', 422, false);
  }
  return err;
}

/** A real picture track: cover art in mp3/m4a is a one-frame "video" stream marked attached_pic. */
function isMovingPicture(s: FfprobeStream): boolean {
  return s.codec_type === 'video' && !s.disposition?.attached_pic && !s.disposition?.timed_thumbnails;
}

function durationFromHeaders(probed: FfprobeOutput, tracks: FfprobeStream[]): number | null {
  const fromFormat = seconds(probed.format?.duration);
  if (fromFormat !== null) return Math.round(fromFormat * 1000);
  const fromStreams = tracks
    // Matroska written by ffmpeg keeps per-stream length in a DURATION tag ("00:00:09.746000000").
    .map((s) => seconds(s.duration) ?? clockSeconds(s.tags?.DURATION ?? s.tags?.duration))
    .filter((s): s is number => s !== null);
  return fromStreams.length > 0 ? Math.round(Math.max(...fromStreams) * 1000) : null;
}

/**
 * Last resort for files whose headers carry no length (a browser's MediaRecorder WebM, anything
 * streamed): list the packets of the audio and video tracks, without decoding, and take where the
 * last one ends.
 */
async function durationFromPackets(t: MediaTools, path: string, tracks: FfprobeStream[], signal?: AbortSignal): Promise<number | null> {
  const wanted = new Set(tracks.map((s) => String(s.index)));
  let firstPts: number | null = null;
  let lastEnd: number | null = null;
  const args = [
    '-v',
    'error',
    '-show_entries',
    'packet=stream_index,pts_time,duration_time',
    '-print_format',
    'csv=p=0',
    ...guardedInputArgs(path),
  ];
  try {
    await runTool(t.ffprobe, args, {
      signal: withTimeout(signal, PACKET_SCAN_TIMEOUT_MS),
      keepStdout: false,
      onStdoutLine: (line) => {
        const [index, ptsText, durationText] = line.split(',');
        const pts = Number(ptsText);
        if (!wanted.has(index) || ptsText === '' || !Number.isFinite(pts)) return;
        if (firstPts === null || pts < firstPts) firstPts = pts;
        const end = pts + (seconds(durationText) ?? 0);
        if (lastEnd === null || end > lastEnd) lastEnd = end;
      },
    });
  } catch (err) {
    throw probeFailure(err, t, path, signal);
  }
  if (lastEnd === null || firstPts === null) return null;
  // Codec delay can give a slightly negative first timestamp; playback still starts at zero.
  return Math.round((lastEnd - Math.max(0, firstPts)) * 1000);
}

function displaySize(video: FfprobeStream): { width?: number; height?: number } {
  if (!video.width || !video.height) return {};
  let width = video.width;
  let height = video.height;
  const sar = /^(\d+):(\d+)$/.exec(video.sample_aspect_ratio ?? '');
  if (sar && Number(sar[1]) > 0 && Number(sar[2]) > 0 && sar[1] !== sar[2]) {
    width = Math.round((width * Number(sar[1])) / Number(sar[2]));
  }
  // Phones store portrait video as landscape plus a rotation: players show it turned.
  const rotation = video.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation ?? Number(video.tags?.rotate ?? 0);
  if (Math.abs(rotation) % 180 === 90) [width, height] = [height, width];
  return { width, height };
}

function seconds(text: string | undefined): number | null {
  if (text === undefined || text === '' || text === 'N/A') return null;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** "HH:MM:SS.fraction" to seconds. */
function clockSeconds(text: string | undefined): number | null {
  const match = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text?.trim() ?? '');
  if (!match) return null;
  const value = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  return value > 0 ? value : null;
}

function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function isTimeout(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'TimeoutError';
}
