import { describe, expect, it } from 'vitest';
import { quote } from './quote.ts';

describe('quote', () => {
  it('keeps a short text whole, with its whitespace collapsed', () => {
    expect(quote('  We ship\n on Monday. ')).toBe('We ship on Monday.');
  });

  it('cuts a long text at a word boundary, without trailing punctuation', () => {
    expect(quote('The payment flow needs two more weeks, of testing before launch', 40)).toBe('The payment flow needs two more weeks…');
  });

  it('cuts mid-word when the last space is too early', () => {
    expect(quote('Supercalifragilistic expialidocious', 15)).toBe('Supercalifragil…');
  });
});
