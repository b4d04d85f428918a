import { describe, expect, it } from 'vitest';
import { parseTimedWords } from './pocketsphinx.ts';

describe('parseTimedWords', () => {
  it('keeps words with their times and confidence, not markers, silences or noises', () => {
    const output = [
      'what your country can do for you',
      '<s> 5.300 5.340 0.999200',
      'what 5.350 5.600 0.285662',
      '<sil> 5.610 5.700 0.828680',
      'can(2) 6.430 6.670 0.028595',
      '[NOISE] 6.700 6.800 0.5',
      'country 5.860 6.420 1.000300',
      '</s> 7.680 7.950 1.000000',
    ].join('\n');
    expect(parseTimedWords(output)).toEqual([
      { text: 'what', startMs: 5350, endMs: 5600, confidence: 0.285662 },
      { text: 'can', startMs: 6430, endMs: 6670, confidence: 0.028595 },
      { text: 'country', startMs: 5860, endMs: 6420, confidence: 1 },
    ]);
  });
});
