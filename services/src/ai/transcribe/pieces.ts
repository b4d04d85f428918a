import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TimedWord, TranscriptSegment } from '../../core/transcript.ts';
import { planWavPieces, type PlannedPiece } from '../../media/pauses.ts';
import { readWavFormat, sliceWav } from '../../media/wav.ts';
import type { FinishedPiece, TranscribeInput } from './transcriber.ts';

/**
 * Recognition in pieces: the recording is cut at pauses (media/pauses.ts), each piece is
 * recognised on its own and its times are shifted by the piece's start and kept inside the piece
 * and the media. Pieces run a few at a time (one per core for the local recogniser); each finished
 * piece is checkpointed, so a later attempt recognises only what is left.
 */

export interface PieceOptions {
  /** Longest piece, ms. */
  maxPieceMs: number;
  /** Pieces recognised at the same time. */
  concurrency: number;
  /** Shortest piece worth sending (servers refuse tiny audio); shorter pieces are skipped. */
  minPieceMs?: number;
  /**
   * Audio before the piece also given to the recogniser, whose words are dropped: PocketSphinx
   * adapts its channel normalisation over the first seconds, so a cold start mishears them.
   */
  leadInMs?: number;
}

/** Recognises one piece (with its lead-in, if any); times are ms from the start of the file it is given. */
export type RecognisePiece = (wavPath: string, piece: PlannedPiece, signal: AbortSignal) => Promise<TranscriptSegment[]>;

export interface PiecesResult {
  segments: TranscriptSegment[];
  recognised: number;
  resumed: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

const shiftBy = (segments: TranscriptSegment[], ms: number): TranscriptSegment[] =>
  ms === 0
    ? segments
    : segments.map((s) => ({
        ...s,
        startMs: s.startMs + ms,
        endMs: s.endMs + ms,
        ...(s.words ? { words: s.words.map((w) => ({ ...w, startMs: w.startMs + ms, endMs: w.endMs + ms })) } : {}),
      }));

/**
 * Piece-relative segments → recording times, inside [piece start, min(piece end, media end)].
 * Words keep their order and never overlap the next word's start.
 */
export function placeInRecording(segments: TranscriptSegment[], span: { startMs: number; endMs: number }): TranscriptSegment[] {
  const lo = Math.round(span.startMs);
  const hi = Math.max(lo, Math.floor(span.endMs));
  const at = (ms: number) => clamp(Math.round(lo + ms), lo, hi);
  const placed: TranscriptSegment[] = [];
  for (const s of segments) {
    let words: TimedWord[] | undefined;
    if (s.words?.length) {
      let previousEnd = lo;
      words = s.words.map((w) => {
        const startMs = Math.max(previousEnd, at(w.startMs));
        const endMs = Math.max(startMs, at(w.endMs));
        previousEnd = endMs;
        return { ...w, startMs, endMs };
      });
    }
    // The segment's own times (a server's segment may span more than its words), widened to hold its words.
    const startMs = Math.min(at(s.startMs), words?.[0].startMs ?? hi);
    const endMs = Math.max(startMs, at(s.endMs), words?.[words.length - 1].endMs ?? lo);
    placed.push({ ...s, startMs, endMs, ...(words ? { words } : {}) });
  }
  return placed;
}

/** What was heard in the lead-in belongs to the previous piece: words (or wordless segments) centred before `fromMs` go. */
export function dropLeadIn(segments: TranscriptSegment[], fromMs: number): TranscriptSegment[] {
  const after = (t: { startMs: number; endMs: number }) => (t.startMs + t.endMs) / 2 >= fromMs;
  const kept: TranscriptSegment[] = [];
  for (const s of segments) {
    if (!s.words?.length) {
      if (after(s)) kept.push(s);
      continue;
    }
    const words = s.words.filter(after);
    if (words.length === s.words.length) kept.push(s);
    else if (words.length)
      kept.push({ ...s, startMs: words[0].startMs, endMs: words[words.length - 1].endMs, text: words.map((w) => w.text).join(' '), words });
  }
  return kept;
}

const abortReason = (signal: AbortSignal) => signal.reason ?? new DOMException('transcription aborted', 'AbortError');

export async function transcribeInPieces(input: TranscribeInput, options: PieceOptions, recognise: RecognisePiece): Promise<PiecesResult> {
  const format = await readWavFormat(input.audioPath);
  // The media's end: the probed duration when known, never past the samples we have.
  const mediaEndMs = input.durationMs > 0 ? Math.min(input.durationMs, format.durationMs) : format.durationMs;
  const plan = (await planWavPieces(input.audioPath, { maxMs: options.maxPieceMs })).filter((p) => p.startMs < mediaEndMs);
  const totalMs = plan.reduce((sum, p) => sum + (p.endMs - p.startMs), 0);

  // A checkpoint counts only for the same piece of the same plan (a changed limit plans other pieces).
  const stored = new Map((await input.checkpoints?.load())?.map((p) => [p.seq, p]) ?? []);
  const finished = new Map<number, FinishedPiece>();
  for (const piece of plan) {
    const done = stored.get(piece.seq);
    if (done && done.startMs === Math.round(piece.startMs) && done.endMs === Math.round(piece.endMs)) finished.set(piece.seq, done);
  }
  const resumed = finished.size;
  const todo = plan.filter((p) => !finished.has(p.seq));

  const started = performance.now();
  let doneMs = plan.filter((p) => finished.has(p.seq)).reduce((sum, p) => sum + (p.endMs - p.startMs), 0);
  let recognisedMs = 0;
  const report = () => {
    const elapsed = performance.now() - started;
    // Audio per wall-clock ms over this attempt, all pieces running at once included.
    const speed = recognisedMs > 0 && elapsed > 0 ? recognisedMs / elapsed : 0;
    const left = totalMs - doneMs;
    input.onProgress?.({
      fraction: totalMs > 0 ? Math.min(1, doneMs / totalMs) : 1,
      etaSeconds: left <= 0 ? 0 : speed > 0 ? Math.ceil(left / speed / 1000) : null,
    });
  };
  report();

  const stop = new AbortController();
  const onAbort = () => stop.abort(abortReason(input.signal!));
  input.signal?.addEventListener('abort', onAbort, { once: true });
  const dir = todo.length ? await mkdtemp(path.join(os.tmpdir(), 'colloquy-pieces-')) : null;
  try {
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        if (stop.signal.aborted) throw abortReason(stop.signal);
        const piece = todo[next++];
        const t0 = performance.now();
        let segments: TranscriptSegment[] = [];
        if (!piece.silent && piece.endMs - piece.startMs >= (options.minPieceMs ?? 0)) {
          const file = path.join(dir!, `piece-${piece.seq}.wav`);
          const from = Math.max(0, piece.startMs - (options.leadInMs ?? 0));
          await sliceWav(input.audioPath, from, piece.endMs - from, file);
          try {
            // Lead-in words dropped, times made piece-relative (placeInRecording shifts and clamps).
            const heard = dropLeadIn(await recognise(file, piece, stop.signal), piece.startMs - from);
            segments = shiftBy(heard, from - piece.startMs);
          } finally {
            await rm(file, { force: true });
          }
        }
        const done: FinishedPiece = {
          seq: piece.seq,
          startMs: Math.round(piece.startMs),
          endMs: Math.round(piece.endMs),
          segments: placeInRecording(segments, { startMs: piece.startMs, endMs: Math.min(piece.endMs, mediaEndMs) }),
          elapsedMs: Math.round(performance.now() - t0),
        };
        await input.checkpoints?.save(done);
        finished.set(piece.seq, done);
        doneMs += piece.endMs - piece.startMs;
        recognisedMs += piece.endMs - piece.startMs;
        report();
      }
    };
    // The first failure stops the others; pieces already finished stay checkpointed.
    let failure: { err: unknown } | null = null;
    const running = Array.from({ length: Math.max(1, Math.min(options.concurrency, todo.length)) }, () =>
      worker().catch((err) => {
        failure ??= { err };
        stop.abort(err);
      }),
    );
    await Promise.all(running);
    if (failure) throw input.signal?.aborted ? abortReason(input.signal) : (failure as { err: unknown }).err;
  } finally {
    input.signal?.removeEventListener('abort', onAbort);
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  const segments = plan.flatMap((p) => finished.get(p.seq)?.segments ?? []);
  return { segments, recognised: todo.length, resumed };
}
