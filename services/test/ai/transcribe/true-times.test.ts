// Times true to the media: the real PocketSphinx over near-continuous real speech built from the
// ASR dev clips with known boundaries. Recognised as one long file its clock drifts (a 66 s file
// came back 18 s late); in pieces cut at pauses each clip's first word is where the clip starts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimedWord, TranscriptSegment } from '../../../src/core/transcript.ts';
import { createLocalTranscriber } from '../../../src/ai/transcribe/local.ts';
import { readWavFormat } from '../../../src/media/wav.ts';
import { asrClips, concatClipsToLength, mediaDurationSeconds } from '../../fixtures/media.ts';

const GAP_MS = 100; // between clips: near-continuous speech
const RATE = 16_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'colloquy-true-times-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Boundary {
  clip: number;
  atMs: number;
}

/** Where each clip starts in concatClipsToLength's layout (the clips in turn, GAP_MS apart), up to `totalMs`. */
async function boundaries(totalMs: number): Promise<Boundary[]> {
  const clips = asrClips();
  const lengths = await Promise.all(clips.map(async (c) => Math.round((await mediaDurationSeconds(c.path)) * RATE) / (RATE / 1000)));
  const out: Boundary[] = [];
  for (let at = 0, i = 0; at < totalMs; i++) {
    out.push({ clip: i % clips.length, atMs: at });
    at += lengths[i % clips.length] + GAP_MS;
  }
  return out;
}

const wordsOf = (segments: TranscriptSegment[]) => segments.flatMap((s) => s.words ?? []);

/** The first word recognised from a boundary on (a word cut by the boundary counts from 250 ms before it). */
const firstWordFrom = (words: TimedWord[], atMs: number) => words.find((w) => w.startMs >= atMs - 250);

function expectInsideMedia(segments: TranscriptSegment[], mediaMs: number) {
  let previousEnd = 0;
  for (const s of segments) {
    expect(s.endMs).toBeLessThanOrEqual(mediaMs);
    expect(s.startMs).toBeGreaterThanOrEqual(previousEnd);
    for (const w of s.words ?? []) {
      expect(w.startMs).toBeGreaterThanOrEqual(previousEnd);
      expect(w.endMs).toBeLessThanOrEqual(mediaMs);
      previousEnd = w.endMs;
    }
  }
}

/** How late each clip's first recognised word is after the clip's boundary, ms. */
function latenesses(words: TimedWord[], marks: Boundary[]) {
  return marks.map((b, i) => {
    const first = firstWordFrom(words, b.atMs);
    const next = marks[i + 1]?.atMs ?? Infinity;
    return first && first.startMs < next ? first.startMs - b.atMs : Infinity;
  });
}

const vocabulary = (text: string) => new Set(text.toLowerCase().match(/[a-z']+/g) ?? []);

describe('times true to the media (local recogniser in pieces)', () => {
  const transcriber = createLocalTranscriber();

  it('puts each clip of a minute of near-continuous speech where it is said, and nothing past the end', {
    timeout: 1_800_000,
  }, async () => {
    const audio = await concatClipsToLength(
      asrClips().map((c) => c.path),
      path.join(dir, 'minute.wav'),
      62,
      { gapMs: GAP_MS },
    );
    const mediaMs = (await readWavFormat(audio)).durationMs;
    expect(mediaMs).toBeGreaterThanOrEqual(60_000);
    const marks = await boundaries(mediaMs);
    expect(marks.length).toBeGreaterThanOrEqual(7);

    const result = await transcriber.transcribe({ audioPath: audio, durationMs: mediaMs });
    expect(result.pieces!.recognised).toBeGreaterThanOrEqual(3);
    expectInsideMedia(result.segments, mediaMs);
    const words = wordsOf(result.segments);

    const late = latenesses(words, marks);
    for (const [i, ms] of late.entries()) {
      expect(ms, `clip ${marks[i].clip} at ${marks[i].atMs} ms: first word ${ms} ms after it`).toBeGreaterThanOrEqual(-250);
      expect(ms, `clip ${marks[i].clip} at ${marks[i].atMs} ms: first word ${ms} ms after it`).toBeLessThanOrEqual(1000);
    }

    // What is heard in a clip's span is that clip's speech, not another's (times are not just dense).
    const clips = asrClips();
    let ownBest = 0;
    for (const [i, b] of marks.entries()) {
      const end = marks[i + 1]?.atMs ?? mediaMs;
      const heard = vocabulary(
        words
          .filter((w) => w.startMs >= b.atMs && w.startMs < end)
          .map((w) => w.text)
          .join(' '),
      );
      const overlap = clips.map((c) => [...vocabulary(c.reference)].filter((w) => heard.has(w)).length / vocabulary(c.reference).size);
      if (overlap[b.clip] === Math.max(...overlap)) ownBest++;
    }
    expect(ownBest).toBeGreaterThanOrEqual(marks.length - 1);
  });

  it('stays true over a 20-minute recording, to its very end', { timeout: 3_600_000 }, async () => {
    const audio = await concatClipsToLength(
      asrClips().map((c) => c.path),
      path.join(dir, 'twenty.wav'),
      20 * 60,
      { gapMs: GAP_MS },
    );
    const mediaMs = (await readWavFormat(audio)).durationMs;
    const marks = await boundaries(mediaMs);
    const result = await transcriber.transcribe({ audioPath: audio, durationMs: mediaMs });
    expectInsideMedia(result.segments, mediaMs);
    const words = wordsOf(result.segments);
    // The last words are near the end of the media, not cut off nor pushed past it.
    expect(words.at(-1)!.endMs).toBeGreaterThan(mediaMs - 15_000);

    // Every clip boundary over the whole 20 minutes (a clip cut short by the end aside).
    const late = latenesses(words, marks).slice(0, -1);
    const bad = late.map((ms, i) => ({ ms, at: marks[i].atMs })).filter(({ ms }) => ms < -250 || ms > 1000);
    expect(bad, `${bad.length} of ${late.length} clips start elsewhere`).toEqual([]);
  });
});
