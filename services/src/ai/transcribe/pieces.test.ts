import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptSegment } from '../../core/transcript.ts';
import { wavHeader } from '../../media/wav.ts';
import { dropLeadIn, placeInRecording, transcribeInPieces } from './pieces.ts';
import type { FinishedPiece, PieceCheckpoints, TranscribeProgress } from './transcriber.ts';

const seg = (startMs: number, endMs: number, words: Array<[string, number, number]>): TranscriptSegment => ({
  startMs,
  endMs,
  speaker: null,
  text: words.map(([t]) => t).join(' '),
  words: words.map(([text, s, e]) => ({ text, startMs: s, endMs: e })),
});

describe('placing a piece in the recording', () => {
  it('shifts by the piece start and keeps every time inside the piece and the media', () => {
    const placed = placeInRecording(
      [
        seg(100, 900, [
          ['a', 100, 400],
          ['b', 500, 900],
        ]),
        seg(19_800, 21_500, [['late', 19_800, 21_500]]),
      ],
      { startMs: 40_000, endMs: 60_000 },
    );
    expect(placed.map((s) => [s.startMs, s.endMs])).toEqual([
      [40_100, 40_900],
      [59_800, 60_000],
    ]);
    expect(placed[1].words![0]).toMatchObject({ startMs: 59_800, endMs: 60_000 });
  });

  it('drops what was heard in the lead-in, keeping a word cut by the start when most of it is after', () => {
    const kept = dropLeadIn(
      [
        seg(0, 2_500, [
          ['before', 0, 1_000],
          ['across', 2_700, 3_600],
        ]),
        seg(3_200, 4_000, [['after', 3_200, 4_000]]),
        { startMs: 100, endMs: 900, speaker: null, text: 'no words' },
      ],
      3_000,
    );
    expect(kept.map((s) => s.text)).toEqual(['across', 'after']);
  });
});

describe('recognition in pieces', () => {
  let dir: string;
  let audio: string;
  const rate = 16000;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'colloquy-pieces-'));
    // 50 s: a tone with a 400 ms pause every 9.6 s, as a speaker pausing between sentences.
    const data = Buffer.alloc(rate * 50 * 2);
    for (let i = 0; i < rate * 50; i++) {
      const silent = (i / rate) % 10 >= 9.6;
      data.writeInt16LE(silent ? 0 : Math.round(6000 * Math.sin((2 * Math.PI * 300 * i) / rate)), i * 2);
    }
    audio = path.join(dir, 'audio.wav');
    await writeFile(
      audio,
      Buffer.concat([wavHeader({ audioFormat: 1, channels: 1, sampleRate: rate, bitsPerSample: 16, blockAlign: 2 }, data.length), data]),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Checkpoints in memory, as the database keeps them. */
  const memory = (): PieceCheckpoints & { stored: Map<number, FinishedPiece> } => {
    const stored = new Map<number, FinishedPiece>();
    return { stored, load: async () => [...stored.values()], save: async (p) => void stored.set(p.seq, p) };
  };

  // A recogniser that hears one word at 1 s into whatever file it is given.
  const oneWord = (calls: number[]) => async (_wav: string, piece: { seq: number }) => {
    calls.push(piece.seq);
    return [seg(1_000, 1_400, [[`w${piece.seq}`, 1_000, 1_400]])];
  };

  it('recognises each piece once, a few at a time, in order, with progress by audio time', async () => {
    const calls: number[] = [];
    const progress: TranscribeProgress[] = [];
    let running = 0;
    let most = 0;
    const result = await transcribeInPieces(
      { audioPath: audio, durationMs: 50_000, onProgress: (p) => progress.push(p) },
      { maxPieceMs: 12_000, concurrency: 2 },
      async (wav, piece) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return oneWord(calls)(wav, piece);
      },
    );
    expect(result.recognised).toBe(5);
    expect(most).toBe(2);
    expect([...calls].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(result.segments.map((s) => s.text)).toEqual(['w0', 'w1', 'w2', 'w3', 'w4']);
    // Each piece starts in a pause (9.8 s, 19.8 s…): its word is 1 s after that.
    expect(result.segments.map((s) => s.startMs)).toEqual([1_000, 10_800, 20_800, 30_800, 40_800]);
    expect(progress.map((p) => p.fraction)).toEqual([0, 0.196, 0.396, 0.596, 0.796, 1].map((f) => expect.closeTo(f, 2)));
    expect(progress.at(-1)!.etaSeconds).toBe(0);
  });

  it('with a lead-in, gives the recogniser audio from before the piece and keeps only what is in the piece', async () => {
    const result = await transcribeInPieces(
      { audioPath: audio, durationMs: 50_000 },
      { maxPieceMs: 12_000, concurrency: 1, leadInMs: 3_000 },
      // 1 s into each file: inside the lead-in for every piece but the first.
      oneWord([]),
    );
    expect(result.segments.map((s) => s.text)).toEqual(['w0']);
  });

  it('resumes from checkpoints: a second attempt recognises only the pieces the failed one did not finish', async () => {
    const checkpoints = memory();
    const first: number[] = [];
    await expect(
      transcribeInPieces(
        { audioPath: audio, durationMs: 50_000, checkpoints },
        { maxPieceMs: 12_000, concurrency: 1 },
        async (wav, piece) => {
          if (piece.seq === 2) throw new Error('recogniser crashed');
          return oneWord(first)(wav, piece);
        },
      ),
    ).rejects.toThrow('recogniser crashed');
    expect([...checkpoints.stored.keys()]).toEqual([0, 1]);

    const second: number[] = [];
    const result = await transcribeInPieces(
      { audioPath: audio, durationMs: 50_000, checkpoints },
      { maxPieceMs: 12_000, concurrency: 2 },
      oneWord(second),
    );
    expect([...second].sort()).toEqual([2, 3, 4]);
    expect(result).toMatchObject({ recognised: 3, resumed: 2 });
    expect(result.segments.map((s) => s.text)).toEqual(['w0', 'w1', 'w2', 'w3', 'w4']);
  });

  it('ignores checkpoints of another plan (a changed piece length)', async () => {
    const checkpoints = memory();
    await transcribeInPieces({ audioPath: audio, durationMs: 50_000, checkpoints }, { maxPieceMs: 12_000, concurrency: 2 }, oneWord([]));
    const again: number[] = [];
    const result = await transcribeInPieces(
      { audioPath: audio, durationMs: 50_000, checkpoints },
      { maxPieceMs: 25_000, concurrency: 2 },
      oneWord(again),
    );
    expect(result.resumed).toBe(0);
    expect(again.length).toBe(result.recognised);
    expect(result.segments.every((s) => s.endMs <= 50_000)).toBe(true);
  });

  it('never places anything past the media end, even when the probe is shorter than the audio', async () => {
    const result = await transcribeInPieces({ audioPath: audio, durationMs: 45_500 }, { maxPieceMs: 12_000, concurrency: 2 }, async () => [
      seg(0, 12_000, [['long', 0, 12_000]]),
    ]);
    expect(Math.max(...result.segments.map((s) => s.endMs))).toBeLessThanOrEqual(45_500);
  });
});
