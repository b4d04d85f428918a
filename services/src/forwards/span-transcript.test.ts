import { describe, expect, it } from 'vitest';
import { spanTranscript } from './span-transcript.ts';

const span = { startMs: 10_000, endMs: 20_000, speaker: 'Ana', text: 'the statement itself' };

describe('spanTranscript', () => {
  it('keeps segments inside the span and only the inside words of one that straddles it', () => {
    const cues = spanTranscript(
      [
        { startMs: 0, endMs: 9_000, speaker: 'Bo', text: 'before the span' },
        {
          startMs: 8_000,
          endMs: 12_000,
          speaker: 'Ana',
          text: 'secret outside words inside',
          words: [
            { text: 'secret', startMs: 8_000, endMs: 8_500 },
            { text: 'outside', startMs: 8_600, endMs: 9_500 },
            { text: 'words', startMs: 10_100, endMs: 10_600 },
            { text: 'inside', startMs: 10_700, endMs: 11_900 },
          ],
        },
        { startMs: 12_000, endMs: 19_900, speaker: 'Ana', text: 'all of this is inside' },
        { startMs: 19_000, endMs: 25_000, speaker: 'Bo', text: 'straddles with no word times' },
        { startMs: 21_000, endMs: 22_000, speaker: 'Bo', text: 'after the span' },
      ],
      span,
    );
    expect(cues).toEqual([
      { startMs: 10_100, endMs: 11_900, speaker: 'Ana', text: 'words inside' },
      { startMs: 12_000, endMs: 19_900, speaker: 'Ana', text: 'all of this is inside' },
    ]);
  });

  it("falls back to the statement's own text when no segment lies inside", () => {
    expect(spanTranscript([{ startMs: 0, endMs: 30_000, speaker: 'Ana', text: 'one long turn' }], span)).toEqual([span]);
  });
});
