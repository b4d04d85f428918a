import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.ts';

describe('splitSentences', () => {
  it('cuts verbatim slices with their offsets', () => {
    const text = 'We ship on Monday.  Is that fine? Yes!';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['We ship on Monday.', 'Is that fine?', 'Yes!']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('does not break after abbreviations or initials, and drops punctuation-only pieces', () => {
    expect(splitSentences('Dr. Smith and J. Doe agreed. ... Done').map((s) => s.text)).toEqual(['Dr. Smith and J. Doe agreed.', 'Done']);
  });
});
