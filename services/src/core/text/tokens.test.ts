import { describe, expect, it } from 'vitest';
import { cleanTranscript, words } from './tokens.ts';

describe('cleanTranscript', () => {
  it('undoes transcription conventions', () => {
    expect(cleanTranscript("We ’re sure it do n't , the L_C_D_ screen .")).toBe("We're sure it don't, the LCD screen.");
    expect(cleanTranscript('  two\n  lines ')).toBe('two lines');
  });
});

describe('words', () => {
  it('lower-cases word tokens and keeps apostrophes inside words', () => {
    expect(words("The remote control's battery, 25 Euros — don't!")).toEqual([
      'the',
      'remote',
      "control's",
      'battery',
      '25',
      'euros',
      "don't",
    ]);
    expect(words('Café über')).toEqual(['café', 'über']);
    expect(words('...')).toEqual([]);
  });
});
