import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAME_MS, planPieces, planWavPieces, silenceThreshold, wavFrameEnergies } from './pauses.ts';
import { wavHeader } from './wav.ts';

// Energies (dB per 10 ms frame) laid out by hand: "speech" at 70 dB with small wobble, pauses at 10 dB.
const SPEECH_DB = 70;
const PAUSE_DB = 10;

/** Spans of [ms, loud?] in order, as frame energies. */
function energies(spans: Array<[number, boolean]>): Float32Array {
  const out: number[] = [];
  for (const [ms, loud] of spans) {
    for (let i = 0; i < ms / FRAME_MS; i++) out.push(loud ? SPEECH_DB + ((i * 7) % 5) : PAUSE_DB + (i % 3));
  }
  return Float32Array.from(out);
}

const lengths = (pieces: { startMs: number; endMs: number }[]) => pieces.map((p) => p.endMs - p.startMs);

describe('the pause cutter', () => {
  it('keeps a recording shorter than the limit whole', () => {
    const pieces = planPieces(energies([[8_000, true]]), { maxMs: 20_000 });
    expect(pieces).toEqual([{ seq: 0, startMs: 0, endMs: 8_000, silent: false }]);
  });

  it('cuts in the middle of a pause, never mid-speech, and covers the recording without gaps', () => {
    // 12 s speech, 400 ms pause, 12 s speech, 600 ms pause, 10 s speech.
    const db = energies([
      [12_000, true],
      [400, false],
      [12_000, true],
      [600, false],
      [10_000, true],
    ]);
    const pieces = planPieces(db, { maxMs: 20_000 });
    expect(pieces.map((p) => [p.startMs, p.endMs])).toEqual([
      [0, 12_200],
      [12_200, 24_700],
      [24_700, 35_000],
    ]);
    expect(pieces.every((p, i) => i === 0 || p.startMs === pieces[i - 1].endMs)).toBe(true);
  });

  it('prefers the longest pause of the second half of the allowed span', () => {
    // Pauses at 3 s (long), 14 s (short) and 17 s (long): with a 20 s limit the cut goes at 17 s,
    // not at the long early one (pieces stay long) nor the short late one.
    const db = energies([
      [3_000, true],
      [800, false],
      [10_200, true],
      [200, false],
      [2_800, true],
      [800, false],
      [10_000, true],
    ]);
    const [first] = planPieces(db, { maxMs: 20_000 });
    expect(first.endMs).toBe(17_400);
  });

  it('cuts continuous sound at its quietest moment within the limit', () => {
    // 50 s of loud sound with one dip at 18 s (no pause long enough): the first cut is the dip.
    const db = energies([[50_000, true]]);
    db[1800] = 40;
    const pieces = planPieces(db, { maxMs: 20_000 });
    expect(pieces[0].endMs).toBe(18_000);
    expect(Math.max(...lengths(pieces))).toBeLessThanOrEqual(20_000);
    expect(pieces.at(-1)!.endMs).toBe(50_000);
  });

  it('bounds every piece for an hour of speech with pauses at random places', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const spans: Array<[number, boolean]> = [];
    for (let ms = 0; ms < 3_600_000; ) {
      const speech = Math.round(1_000 + random() * 40_000);
      const pause = Math.round(100 + random() * 900);
      spans.push([speech - (speech % 10), true], [pause - (pause % 10), false]);
      ms += speech - (speech % 10) + pause - (pause % 10);
    }
    const db = energies(spans);
    const pieces = planPieces(db, { maxMs: 25_000 });
    expect(Math.max(...lengths(pieces))).toBeLessThanOrEqual(25_000);
    expect(pieces[0].startMs).toBe(0);
    expect(pieces.at(-1)!.endMs).toBe(db.length * FRAME_MS);
    // Most cuts land in a pause: the frame at the cut is quiet.
    const threshold = silenceThreshold(db);
    const inPause = pieces.slice(1).filter((p) => db[p.startMs / FRAME_MS] < threshold).length;
    expect(inPause / (pieces.length - 1)).toBeGreaterThan(0.6);
  });

  it('never leaves a sliver at the end', () => {
    const pieces = planPieces(energies([[20_100, true]]), { maxMs: 20_000, minMs: 2_000 });
    expect(Math.min(...lengths(pieces))).toBeGreaterThanOrEqual(2_000);
  });

  it('marks pieces with nothing above the silence threshold as silent', () => {
    const db = energies([
      [10_000, true],
      [30_000, false],
      [10_000, true],
    ]);
    const pieces = planPieces(db, { maxMs: 20_000 });
    expect(pieces.some((p) => p.silent)).toBe(true);
    expect(pieces[0].silent).toBe(false);
    expect(pieces.at(-1)!.silent).toBe(false);
  });

  it('finds no pause in a signal without dynamic range', () => {
    expect(silenceThreshold(Float32Array.from({ length: 1000 }, () => 50))).toBe(-Infinity);
  });
});

describe('WAV energies', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'colloquy-pauses-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('measures a tone and its silence and plans pieces that end at the last sample', async () => {
    const rate = 16000;
    const seconds = 30.005; // a partial last frame
    const samples = Math.round(rate * seconds);
    const data = Buffer.alloc(samples * 2);
    for (let i = 0; i < samples; i++) {
      const silent = i >= rate * 14 && i < rate * 14.5;
      data.writeInt16LE(silent ? 0 : Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
    }
    const file = path.join(dir, 'tone.wav');
    await writeFile(
      file,
      Buffer.concat([wavHeader({ audioFormat: 1, channels: 1, sampleRate: rate, bitsPerSample: 16, blockAlign: 2 }, data.length), data]),
    );
    const db = await wavFrameEnergies(file);
    expect(db.length).toBe(Math.ceil(samples / 160));
    expect(db[1420]).toBeLessThan(1);
    expect(db[100]).toBeGreaterThan(60);
    const pieces = await planWavPieces(file, { maxMs: 20_000 });
    expect(pieces.map((p) => [p.startMs, p.endMs])).toEqual([
      [0, 14_250],
      [14_250, 30_005],
    ]);
  });
});
