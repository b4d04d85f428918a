import { describe, expect, it } from 'vitest';
import { SurelySaid } from './surely-said.ts';

const heard = (pairs: [string, number][]) => ({
  text: pairs.map(([w]) => w).join(' '),
  words: pairs.map(([text, confidence], i) => ({ text, startMs: i * 300, endMs: i * 300 + 250, confidence })),
});

describe('SurelySaid', () => {
  it('allows a word said confidently at least twice, in any of its forms', () => {
    const said = SurelySaid.of([
      heard([
        ['the', 0.9],
        ['printed', 0.3],
        ['books', 0.95],
      ]),
      heard([
        ['block', 0.9],
        ['book', 0.8],
        ['printed', 0.96],
      ]),
    ]);
    expect(said.recognised).toBe(true);
    expect(said.allows('book')).toBe(true);
    // Said twice, but once the recogniser was unsure: one sure mention is not enough for a new tag…
    expect(said.allows('printed')).toBe(false);
    // …but enough for a tag the conference already uses.
    expect(said.allows('printed', true)).toBe(true);
    expect(said.allows('block book')).toBe(false);
  });

  it('never allows a word the recogniser was unsure of every time', () => {
    const said = SurelySaid.of([
      heard([
        ['arrow', 0.0007],
        ['arrow', 0.12],
      ]),
    ]);
    expect(said.allows('arrow')).toBe(false);
    expect(said.allows('arrow', true)).toBe(false);
  });

  it('counts every word of a typed transcript, which reports no confidence', () => {
    const said = SurelySaid.of([{ text: 'The batteries are flat.' }, { text: 'A new battery costs more.' }]);
    expect(said.recognised).toBe(false);
    expect(said.allows('battery')).toBe(true);
    expect(said.allows('cost')).toBe(false);
    expect(said.allows('')).toBe(false);
  });
});
