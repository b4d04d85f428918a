import { describe, expect, it } from 'vitest';
import { parsePocketsphinxOutput } from './local.ts';

describe('pocketsphinx output parsing', () => {
  it('makes one segment per utterance and drops markers, silences, noises and fillers, keeping each word’s confidence', () => {
    const output = [
      'and not',
      '<s> 3.170 3.280 1.000300',
      'and(2) 3.290 3.730 0.985603',
      '<sil> 3.740 3.980 0.828680',
      '[NOISE] 3.990 4.000 0.5',
      '++UH++ 4.000 4.050 0.5',
      'not 4.060 4.300 0.817730',
      '</s> 4.310 4.760 1.000000',
      '',
      '<s> 5.000 5.100 1.0',
      '</s> 5.100 5.200 1.0',
      'what your',
      '<s> 5.300 5.340 0.999200',
      'what 5.350 5.600 0.285662',
      "your's(3) 5.610 5.850 0.709042",
      '</s> 7.680 7.950 1.000000',
    ].join('\n');
    expect(parsePocketsphinxOutput(output)).toEqual([
      {
        startMs: 3290,
        endMs: 4300,
        speaker: null,
        text: 'and not',
        words: [
          { text: 'and', startMs: 3290, endMs: 3730, confidence: 0.986 },
          { text: 'not', startMs: 4060, endMs: 4300, confidence: 0.818 },
        ],
      },
      {
        startMs: 5350,
        endMs: 5850,
        speaker: null,
        text: "what your's",
        words: [
          { text: 'what', startMs: 5350, endMs: 5600, confidence: 0.286 },
          { text: "your's", startMs: 5610, endMs: 5850, confidence: 0.709 },
        ],
      },
    ]);
  });
});
