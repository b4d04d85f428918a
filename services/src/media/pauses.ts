import { open } from 'node:fs/promises';
import { readWavFormat, type WavFormat } from './wav.ts';

/**
 * Cutting a recording into pieces at pauses, so each piece can be recognised on its own with a
 * known offset (a recogniser's clock drifts over long near-continuous speech) and pieces can run
 * in parallel and be checkpointed. Pure planning over per-frame energies, plus a reader that
 * measures those energies from a 16-bit PCM WAV file without loading it whole.
 */

export interface PlannedPiece {
  seq: number;
  startMs: number;
  endMs: number;
  /** No frame of the piece rises above the silence threshold: there is nothing to recognise. */
  silent: boolean;
}

export interface PieceLimits {
  /** Longest piece. */
  maxMs: number;
  /** Shortest piece, unless the whole recording is shorter (keeps cuts from leaving slivers). */
  minMs?: number;
  /** A quiet run at least this long counts as a pause (a speaker taking breath, not a stop consonant). */
  minPauseMs?: number;
}

/** Energy is measured over 10 ms frames. */
export const FRAME_MS = 10;
const DEFAULT_MIN_PAUSE_MS = 150;
// Silence sits this far from the quiet end of the recording's energy range towards the loud end.
const SILENCE_POSITION = 0.3;
// A recording whose quiet and loud frames differ by less than this has no pauses to find.
const MIN_DYNAMIC_RANGE_DB = 6;

/** The level (dB) below which a frame is a pause: relative to the recording's own quiet and loud frames. */
export function silenceThreshold(frameDb: Float32Array): number {
  if (frameDb.length === 0) return -Infinity;
  const sorted = Float32Array.from(frameDb).sort();
  const quiet = sorted[Math.floor(sorted.length * 0.01)];
  const loud = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))];
  return loud - quiet < MIN_DYNAMIC_RANGE_DB ? -Infinity : quiet + SILENCE_POSITION * (loud - quiet);
}

interface Pause {
  /** Frame of the cut: the middle of the pause, so both pieces keep some silence around their speech. */
  cut: number;
  frames: number;
}

function findPauses(frameDb: Float32Array, threshold: number, minPauseFrames: number): Pause[] {
  const pauses: Pause[] = [];
  let runStart = -1;
  for (let i = 0; i <= frameDb.length; i++) {
    const quiet = i < frameDb.length && frameDb[i] < threshold;
    if (quiet && runStart < 0) runStart = i;
    if (!quiet && runStart >= 0) {
      const frames = i - runStart;
      if (frames >= minPauseFrames) pauses.push({ cut: runStart + Math.floor(frames / 2), frames });
      runStart = -1;
    }
  }
  return pauses;
}

/** The quietest frame of [from, to), the later one on ties (pieces stay long). */
function quietestFrame(frameDb: Float32Array, from: number, to: number): number {
  let best = to - 1;
  for (let i = to - 1; i >= from; i--) if (frameDb[i] < frameDb[best]) best = i;
  return best;
}

/**
 * Pieces of at most `maxMs`: each ends at the longest pause of its second half (or, failing that,
 * of the whole allowed span); with no pause at all (continuous speech, music) at the quietest
 * frame of its last quarter. Deterministic: the same audio and limits give the same plan, which
 * is what lets a later attempt recognise only the pieces an earlier one did not finish.
 */
export function planPieces(frameDb: Float32Array, limits: PieceLimits): PlannedPiece[] {
  const total = frameDb.length;
  const maxFrames = Math.max(1, Math.floor(limits.maxMs / FRAME_MS));
  const minFrames = Math.min(Math.max(1, Math.floor((limits.minMs ?? limits.maxMs / 4) / FRAME_MS)), Math.floor(maxFrames / 2));
  const threshold = silenceThreshold(frameDb);
  const pauses = findPauses(frameDb, threshold, Math.max(1, Math.round((limits.minPauseMs ?? DEFAULT_MIN_PAUSE_MS) / FRAME_MS)));

  const cuts: number[] = [];
  let start = 0;
  while (total - start > maxFrames) {
    const latest = Math.min(start + maxFrames, total - minFrames);
    const earliest = Math.min(start + minFrames, latest);
    const allowed = pauses.filter((p) => p.cut > earliest && p.cut <= latest);
    const secondHalf = allowed.filter((p) => p.cut >= start + maxFrames / 2);
    const candidates = secondHalf.length ? secondHalf : allowed;
    const cut = candidates.length
      ? candidates.reduce((best, p) => (p.frames > best.frames ? p : best)).cut
      : quietestFrame(frameDb, Math.max(earliest + 1, latest - Math.floor(maxFrames / 4)), latest + 1);
    cuts.push(cut);
    start = cut;
  }

  const bounds = [0, ...cuts, total];
  const pieces: PlannedPiece[] = [];
  for (let seq = 0; seq + 1 < bounds.length; seq++) {
    const [from, to] = [bounds[seq], bounds[seq + 1]];
    if (to <= from) continue;
    let loudest = -Infinity;
    for (let i = from; i < to; i++) if (frameDb[i] > loudest) loudest = frameDb[i];
    pieces.push({ seq: pieces.length, startMs: from * FRAME_MS, endMs: to * FRAME_MS, silent: loudest < threshold });
  }
  return pieces;
}

const READ_BYTES = 1 << 20;

/** Mean energy per 10 ms frame in dB (0 dB: silence, ~90 dB: full scale), read in blocks. 16-bit PCM only. */
export async function wavFrameEnergies(path: string, format?: WavFormat): Promise<Float32Array> {
  const f = format ?? (await readWavFormat(path));
  const samplesPerFrame = Math.max(1, Math.round((f.sampleRate * FRAME_MS) / 1000));
  const frameBytes = samplesPerFrame * f.blockAlign;
  const frames = Math.ceil(f.dataBytes / frameBytes);
  const energies = new Float32Array(frames);
  if (f.audioFormat !== 1 || f.bitsPerSample !== 16) return energies; // nothing measured: one piece per limit, cut anywhere
  const fh = await open(path, 'r');
  try {
    const blockBytes = Math.max(frameBytes, Math.floor(READ_BYTES / frameBytes) * frameBytes);
    const buffer = Buffer.alloc(blockBytes); // not pooled: aligned for the Int16Array view
    for (let offset = 0, frame = 0; offset < f.dataBytes; offset += blockBytes) {
      const { bytesRead } = await fh.read(buffer, 0, Math.min(blockBytes, f.dataBytes - offset), f.dataOffset + offset);
      if (bytesRead === 0) break;
      // Little-endian samples read as a typed array (an hour is 58 million of them).
      const samples = new Int16Array(buffer.buffer, buffer.byteOffset, Math.floor(bytesRead / 2));
      const step = f.blockAlign / 2; // the first channel is enough to hear a pause
      const perFrame = frameBytes / 2;
      for (let at = 0; at < samples.length; at += perFrame, frame++) {
        const end = Math.min(samples.length, at + perFrame);
        let sum = 0;
        let count = 0;
        for (let i = at; i < end; i += step) {
          sum += samples[i] * samples[i];
          count++;
        }
        energies[frame] = 10 * Math.log10(1 + sum / Math.max(1, count));
      }
    }
  } finally {
    await fh.close();
  }
  return energies;
}

/** The pieces of a WAV file, cut at its pauses. */
export async function planWavPieces(path: string, limits: PieceLimits): Promise<PlannedPiece[]> {
  const format = await readWavFormat(path);
  const pieces = planPieces(await wavFrameEnergies(path, format), limits);
  // The last frame may be partial: the plan ends where the samples do.
  if (pieces.length) pieces[pieces.length - 1].endMs = Math.min(pieces[pieces.length - 1].endMs, Math.floor(format.durationMs));
  return pieces.filter((p) => p.endMs > p.startMs);
}
