/**
 * The media an expert link may play: only the forwarded statement's span, cut into its own small
 * file (re-encoded, so no keyframe before the span or packet after it comes along) and cached in the
 * media store as forwards/<forward>-<start>-<end>.mp4|m4a. Serving that file with Range support is
 * then simply honest: no byte of the original outside the span is reachable through the link.
 */
import { AppError } from '../core/errors.ts';
import { fileUrl, guardedInputArgs } from '../media/input-guard.ts';
import { runTool, ToolError } from '../media/run-tool.ts';
import { mediaToolMissing, type MediaTools } from '../media/tools.ts';
import type { MediaStorage } from '../media/storage.ts';

export interface Span {
  forwardId: string;
  /** The contribution's stored media (relative to the media root). */
  mediaPath: string;
  hasVideo: boolean;
  startMs: number;
  endMs: number;
}

export interface SpanFile {
  /** The cut's key in the media store. */
  key: string;
  mime: string;
}

export const spanMime = (hasVideo: boolean) => (hasVideo ? 'video/mp4' : 'audio/mp4');

// Small and widely playable: H.264 + AAC in MP4 with the index first, so a browser can start at once.
const VIDEO = [
  '-map',
  '0:V:0',
  '-map',
  '0:a:0?',
  '-c:v',
  'libx264',
  '-preset',
  'veryfast',
  '-crf',
  '26',
  '-pix_fmt',
  'yuv420p',
  '-threads',
  '1',
];
const AUDIO = ['-map', '0:a:0', '-vn'];
const COMMON_OUT = [
  '-c:a',
  'aac',
  '-b:a',
  '96k',
  '-sn',
  '-dn',
  '-map_metadata',
  '-1',
  '-map_chapters',
  '-1',
  '-movflags',
  '+faststart',
  '-f',
  'mp4',
];

const inflight = new Map<string, Promise<SpanFile>>();

/** The cut file for this span, made on first use (concurrent requests share one ffmpeg run). */
export async function spanMediaFile(storage: MediaStorage, tools: MediaTools, span: Span): Promise<SpanFile> {
  const ext = span.hasVideo ? 'mp4' : 'm4a';
  const key = `forwards/${span.forwardId}-${span.startMs}-${span.endMs}.${ext}`;
  const result = { key, mime: spanMime(span.hasVideo) };
  if ((await storage.size(key)) !== null) return result;
  let pending = inflight.get(key);
  if (!pending) {
    pending = storage
      .withLocalFile(span.mediaPath, (input) =>
        storage.withScratchFile((tmp) => cut(tools, input, tmp, span).then(() => storage.putFile(key, tmp)), `.${ext}`),
      )
      .then(() => result)
      .finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

/** Removes the cut files of a forward (after revocation: nothing may play them any more anyway). */
export async function removeSpanFiles(storage: MediaStorage, forwardId: string): Promise<void> {
  await storage.deletePrefix(`forwards/${forwardId}-`);
}

async function cut(tools: MediaTools, input: string, tmp: string, span: Span): Promise<void> {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const args = [
    '-nostdin',
    '-hide_banner',
    '-nostats',
    '-v',
    'error',
    '-y',
    // Seeking before the input and re-encoding is frame-accurate in current ffmpeg.
    '-ss',
    seconds(span.startMs),
    ...guardedInputArgs(input),
    '-t',
    seconds(Math.max(1, span.endMs - span.startMs)),
    ...(span.hasVideo ? VIDEO : AUDIO),
    ...COMMON_OUT,
    fileUrl(tmp),
  ];
  try {
    await runTool(tools.ffmpeg, args);
  } catch (err) {
    // Not the expert's fault, and a retry may work once ffmpeg is back: 503 without the server's path.
    if (err instanceof ToolError && err.notFound)
      throw Object.assign(new AppError('E_MEDIA_TOOLS_UNAVAILABLE'), { cause: mediaToolMissing(tools.ffmpeg) });
    // The detail (with server paths) goes to the log through `cause`, not to the expert.
    if (err instanceof ToolError)
      throw Object.assign(new AppError('E_FFMPEG_FAILED', 'the media of this statement could not be prepared', 500), { cause: err });
    throw err;
  }
}
