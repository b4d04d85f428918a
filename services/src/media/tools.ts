import { dirname, join } from 'node:path';
import { AppError } from '../core/errors.ts';
import { runTool, ToolError } from './run-tool.ts';

/** Where the ffmpeg and ffprobe binaries are: bare names are looked up on PATH. */
export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

export interface MediaToolsStatus {
  ok: boolean;
  /** Human-readable: the versions found, or what to do when a tool is missing. */
  message: string;
  /** e.g. '5.1.9-0+deb12u1' */
  version?: string;
}

/**
 * The tools to use, from FFMPEG_PATH when it is set. ffprobe is taken from the same folder as the
 * given ffmpeg, since the two ship together and mixing versions gives confusing results.
 */
export function mediaToolsFrom(ffmpegPath?: string): MediaTools {
  const ffmpeg = ffmpegPath?.trim();
  if (!ffmpeg) return { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' };
  const hasFolder = /[\\/]/.test(ffmpeg);
  const exe = /\.exe$/i.test(ffmpeg) ? '.exe' : '';
  // A bare name such as 'ffmpeg6' is found on PATH, so its ffprobe is too.
  const ffprobe = hasFolder ? join(dirname(ffmpeg), `ffprobe${exe}`) : `ffprobe${exe}`;
  return { ffmpeg, ffprobe };
}

const CHECK_TIMEOUT_MS = 15_000;

/**
 * Checks that both binaries run, so start-up can say what is missing instead of a job failing
 * later. Never throws.
 */
export async function checkMediaTools(t: MediaTools): Promise<MediaToolsStatus> {
  const ffmpeg = await versionOf('ffmpeg', t.ffmpeg);
  if (!ffmpeg.ok) return ffmpeg;
  const ffprobe = await versionOf('ffprobe', t.ffprobe);
  if (!ffprobe.ok) return ffprobe;
  return {
    ok: true,
    message: `ffmpeg ${ffmpeg.version} (${t.ffmpeg}), ffprobe ${ffprobe.version} (${t.ffprobe})`,
    version: ffmpeg.version,
  };
}

async function versionOf(name: 'ffmpeg' | 'ffprobe', path: string): Promise<MediaToolsStatus> {
  const fix = 'install ffmpeg (apt-get install ffmpeg) or set FFMPEG_PATH';
  try {
    const { stdout } = await runTool(path, ['-hide_banner', '-version'], { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    const match = /\bversion\s+(\S+)/.exec(stdout);
    // Some other program answering to the name (e.g. a wrapper script) would not print this.
    if (!match || !stdout.toLowerCase().startsWith(`${name} version`)) {
      return { ok: false, message: `'${path}' does not look like ${name} (unexpected -version output): ${fix}` };
    }
    return { ok: true, message: `${name} ${match[1]}`, version: match[1] };
  } catch (err) {
    if (err instanceof ToolError && err.notFound) {
      const where = name === 'ffprobe' && /[\\/]/.test(path) ? ' (expected next to the ffmpeg in FFMPEG_PATH)' : '';
      const problem = /not executable/.test(err.message) ? 'is not executable at' : 'not found at';
      return { ok: false, message: `${name} ${problem} '${path}'${where}: ${fix}` };
    }
    const reason = err instanceof ToolError ? err.stderrTail.split('\n')[0] || `exit code ${err.exitCode}` : String(err);
    return { ok: false, message: `${name} at '${path}' does not run (${reason}): ${fix}` };
  }
}

/** The error a media stage throws when a binary is gone: not the upload's fault, so not 4xx. */
export function mediaToolMissing(command: string): AppError {
  return new AppError(
    'E_MEDIA_TOOLS_MISSING',
    `'${command}' could not be run: install ffmpeg (apt-get install ffmpeg) or set FFMPEG_PATH`,
    500,
    false,
  );
}
