import { describe, expect, it } from 'vitest';
import { anyOfWords, hardConstraints, highlightQuery } from './query-syntax.ts';

describe('hardConstraints', () => {
  it('keeps quoted phrases and exclusions, drops plain words', () => {
    expect(hardConstraints('android "payment flow" -ios')).toBe('"payment flow" -ios');
    expect(hardConstraints('why did we drop the android app')).toBe('');
    expect(hardConstraints('-budget pricing')).toBe('-budget');
  });

  it('does not mistake hyphenated words or a lone dash for exclusions', () => {
    expect(hardConstraints('follow-up on the e-mail - tomorrow')).toBe('');
  });
});

describe('anyOfWords', () => {
  it('turns the plain words into an OR query, leaving phrases and exclusions to hardConstraints', () => {
    expect(anyOfWords('why did we drop the Android app?')).toBe('why or did or we or drop or the or Android or app');
    expect(anyOfWords('android "payment flow" -ios')).toBe('android');
    expect(anyOfWords('"payment flow"')).toBe('');
    expect(anyOfWords('cats or dogs')).toBe('cats or dogs');
  });
});

describe('highlightQuery', () => {
  it('marks any plain word or phrase of the query, never an exclusion', () => {
    expect(highlightQuery('Gutenberg bible')).toBe('Gutenberg or bible');
    expect(highlightQuery('android "payment flow" -ios')).toBe('android or "payment flow"');
  });
});
