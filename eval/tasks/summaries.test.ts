import { describe, expect, it } from 'vitest';
import { cutToWords, leadText } from './summaries.ts';

describe('summary baselines', () => {
  it('cuts texts after n words, keeping punctuation tokens', () => {
    expect(cutToWords(['we need a', 'rubber case .', 'and more'], 5)).toBe('we need a rubber case .');
    expect(cutToWords(['short'], 10)).toBe('short');
  });

  it('lead skips sentences under four words', () => {
    const meeting = {
      id: 'm',
      turns: [
        { index: 0, speaker: 'A', text: 'Okay. Hi all.', startMs: 0, endMs: 1 },
        { index: 1, speaker: 'B', text: 'Today we choose the case material. Yes.', startMs: 1, endMs: 2 },
      ],
    };
    expect(leadText(meeting, 4)).toBe('Today we choose the');
  });
});
