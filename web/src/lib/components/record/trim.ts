/**
 * Trimming a take in the browser with ffmpeg.wasm. Everything here is loaded on demand: the
 * recorder imports this module only when the reader trims, and ffmpeg's core (~30 MB of
 * WebAssembly) comes from our own origin (/ffmpeg/, copied there at build time by
 * web/scripts/copy-ffmpeg-core.js), never from a CDN.
 */
import type { FFmpeg } from '@ffmpeg/ffmpeg';

let loading: Promise<FFmpeg> | null = null;

/** ffmpeg.wasm, loaded once per page. */
function loadFfmpeg(onLog?: (line: string) => void): Promise<FFmpeg> {
  loading ??= (async () => {
    const { FFmpeg } = await import('@ffmpeg/ffmpeg');
    const ffmpeg = new FFmpeg();
    if (onLog) ffmpeg.on('log', ({ message }) => onLog(message));
    // Absolute URLs: the worker resolves them, and its own address is not the page's.
    const base = new URL('/ffmpeg/', location.origin).href;
    await ffmpeg.load({ coreURL: `${base}ffmpeg-core.js`, wasmURL: `${base}ffmpeg-core.wasm` });
    return ffmpeg;
  })();
  loading.catch(() => (loading = null)); // a failed load can be tried again
  return loading;
}

export interface TrimOptions {
  startMs: number;
  endMs: number;
  /** e.g. "webm" or "mp4": the container stays the same. */
  extension: string;
  onStage?: (stage: 'loading' | 'trimming') => void;
  /** 0..1 of the trim itself. */
  onProgress?: (fraction: number) => void;
}

/**
 * The part of `media` between startMs and endMs, in the same container and codecs (streams are
 * copied, not re-encoded: fast, and without loss; video cuts at the nearest key frame before the
 * start). The result also has a proper duration and index, which a browser's raw recording lacks.
 */
export async function trimMedia(media: Blob, options: TrimOptions): Promise<Blob> {
  options.onStage?.('loading');
  const [ffmpeg, { fetchFile }] = await Promise.all([loadFfmpeg(), import('@ffmpeg/util')]);
  options.onStage?.('trimming');
  const input = `input.${options.extension}`;
  const output = `trimmed.${options.extension}`;
  const onProgress = ({ progress }: { progress: number }) => options.onProgress?.(Math.min(1, Math.max(0, progress)));
  ffmpeg.on('progress', onProgress);
  try {
    await ffmpeg.writeFile(input, await fetchFile(media));
    const seconds = (ms: number) => (ms / 1000).toFixed(3);
    const code = await ffmpeg.exec([
      '-ss',
      seconds(options.startMs),
      '-i',
      input,
      '-t',
      seconds(options.endMs - options.startMs),
      '-map',
      '0',
      '-c',
      'copy',
      '-avoid_negative_ts',
      'make_zero',
      output,
    ]);
    if (code !== 0) throw new Error(`ffmpeg stopped with code ${code}`);
    const data = await ffmpeg.readFile(output);
    if (typeof data === 'string' || data.byteLength === 0) throw new Error('the trimmed file is empty');
    return new Blob([data as Uint8Array<ArrayBuffer>], { type: media.type });
  } finally {
    ffmpeg.off('progress', onProgress);
    await ffmpeg.deleteFile(input).catch(() => undefined);
    await ffmpeg.deleteFile(output).catch(() => undefined);
  }
}
