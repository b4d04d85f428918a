/**
 * Small pure helpers for recording in the browser (tested without one).
 */

/** A finished recording (or a trimmed one), ready to review and upload. */
export interface Take {
  blob: Blob;
  /** Measured while recording: a browser's WebM has no duration in its header. */
  durationMs: number;
  type: string;
  fileName: string;
  hasVideo: boolean;
}

/** What MediaRecorder should write: WebM where the browser can (Chromium, Firefox), else MP4 (Safari). */
export function pickRecordingType(withVideo: boolean, isTypeSupported: (type: string) => boolean): string {
  const candidates = withVideo
    ? ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4']
    : ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4', 'audio/ogg;codecs=opus'];
  return candidates.find((t) => isTypeSupported(t)) ?? '';
}

/** A file name for a recording of this type, e.g. "recording.webm". */
export function recordingFileName(type: string, stem = 'recording'): string {
  const base = type.split(';')[0].trim();
  const ext = base.endsWith('/mp4') ? 'mp4' : base.endsWith('/ogg') ? 'ogg' : 'webm';
  return `${stem}.${ext}`;
}

/** A time limit typed in seconds (a number input gives a number, or null when empty): ms, or null for none. */
export function parseLimitSeconds(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || String(value).trim() === '') return null;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  return Math.round(seconds * 1000);
}

/**
 * Microphone level 0..1 from time-domain samples (-1..1): RMS in decibels, -60 dB (near silence)
 * to 0 dB mapped linearly, as level meters show it.
 */
export function levelFromSamples(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

/** Trim bounds made valid: 0 ≤ start < end ≤ duration, at least 0.5 s long. */
export function clampTrim(startMs: number, endMs: number, durationMs: number): { startMs: number; endMs: number } | null {
  const start = Math.max(0, Math.min(startMs, durationMs));
  const end = Math.max(0, Math.min(endMs, durationMs));
  return end - start >= 500 ? { startMs: start, endMs: end } : null;
}

/** The words for a getUserMedia failure, with what to do about it. */
export function mediaErrorMessage(err: unknown): string {
  const name = (err as { name?: string })?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Access to the camera or microphone was refused. Allow it in your browser’s site settings and try again, or choose a file instead.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera or microphone was found (or the one chosen is gone). Plug one in and try again, or record audio only.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera or microphone is busy in another application. Close it there and try again.';
    default:
      return `The camera or microphone could not be started${(err as Error)?.message ? `: ${(err as Error).message}` : '.'}`;
  }
}

/**
 * A browser's own WebM recording has no duration in its header, so players show none and cannot
 * seek; asking for a time far past the end makes the browser find the real end, then it goes back
 * to the start. Call it on `loadedmetadata`.
 */
export function findRecordingDuration(el: HTMLMediaElement) {
  if (Number.isFinite(el.duration)) return;
  const back = () => {
    el.removeEventListener('durationchange', back);
    el.currentTime = 0;
  };
  el.addEventListener('durationchange', back);
  el.currentTime = 1e7;
}
