import { describe, expect, it } from 'vitest';
import type { TimedWord } from '../core/transcript.ts';
import { alignWords, realignWords, wordKey } from './realign.ts';

/** Words 500 ms apart, each 400 ms long, from 1 s on, with a confidence each. */
const heard = (text: string, confidence = 0.9): TimedWord[] =>
  text.split(' ').map((t, i) => ({ text: t, startMs: 1000 + i * 500, endMs: 1400 + i * 500, confidence }));
const span = (words: TimedWord[]) => ({ startMs: words[0].startMs, endMs: words[words.length - 1].endMs });

describe('realignWords', () => {
  it('keeps the times and confidence of unchanged words, and gives a replaced word its slot', () => {
    const old = heard('we should ask broccoli griffey about the poster', 0.3);
    const fixed = realignWords(old, 'we should ask brought calligraphy about the poster', span(old));
    expect(fixed.map((w) => w.text)).toEqual(['we', 'should', 'ask', 'brought', 'calligraphy', 'about', 'the', 'poster']);
    for (const i of [0, 1, 2, 5, 6, 7]) expect(fixed[i]).toEqual(old[i]);
    expect(fixed[3]).toEqual({ text: 'brought', startMs: old[3].startMs, endMs: old[3].endMs });
    expect(fixed[4]).toEqual({ text: 'calligraphy', startMs: old[4].startMs, endMs: old[4].endMs });
  });

  it('puts inserted words between their kept neighbours, in order', () => {
    const old = heard('the launch is in march');
    const fixed = realignWords(old, 'the big launch is early in march', span(old));
    expect(fixed.map((w) => w.text)).toEqual(['the', 'big', 'launch', 'is', 'early', 'in', 'march']);
    expect(fixed[0]).toEqual(old[0]);
    expect(fixed[2]).toEqual(old[1]);
    expect(fixed[1].startMs).toBeGreaterThanOrEqual(old[0].endMs);
    expect(fixed[1].endMs).toBeLessThanOrEqual(old[1].startMs);
    expect(fixed[4].startMs).toBeGreaterThanOrEqual(old[2].endMs);
    expect(fixed[4].endMs).toBeLessThanOrEqual(old[3].startMs);
    expect(fixed[1].confidence).toBeUndefined();
  });

  it('spreads a different number of written words over the replaced words’ time', () => {
    const old = heard('we need ice cream tomorrow');
    const fixed = realignWords(old, 'we need icecream tomorrow', span(old));
    expect(fixed[2]).toMatchObject({ text: 'icecream', startMs: old[2].startMs, endMs: old[3].endMs });
    const split = realignWords(heard('we need icecream tomorrow'), 'we need ice cream tomorrow', span(old));
    expect(split[2].startMs).toBe(2000);
    expect(split[3].endMs).toBe(2400);
    expect(split[2].endMs).toBeLessThanOrEqual(split[3].startMs);
  });

  it('drops deleted words and keeps the others’ times', () => {
    const old = heard('so um the budget is fine');
    const fixed = realignWords(old, 'so the budget is fine', span(old));
    expect(fixed).toEqual([old[0], old[2], old[3], old[4], old[5]]);
  });

  it('treats a change of case or punctuation as the same word, spelt anew', () => {
    const old = heard('ok lets ship it');
    const fixed = realignWords(old, 'OK, lets ship it.', span(old));
    expect(fixed[0]).toEqual({ ...old[0], text: 'OK,' });
    expect(fixed[3]).toEqual({ ...old[3], text: 'it.' });
  });

  it('spreads a wholly new text over the statement, and words with no timings over its span', () => {
    const old = heard('completely wrong words here');
    const fixed = realignWords(old, 'nothing in common', { startMs: 1000, endMs: 2900 });
    expect(fixed[0].startMs).toBe(1000);
    expect(fixed[2].endMs).toBe(2900);
    const untimed = realignWords([], 'a typed transcript', { startMs: 0, endMs: 1800 });
    expect(untimed.map((w) => [w.startMs, w.endMs])).toEqual([
      [0, 100],
      [200, 700],
      [800, 1800],
    ]);
  });

  it('gives times that never go backwards and stay inside the span', () => {
    const old = heard('one two three four five six seven eight');
    const s = span(old);
    for (const text of [
      'zero one two three',
      'one two two three four five six seven eight nine',
      'eight',
      'x one y three z five w seven v',
    ]) {
      const fixed = realignWords(old, text, s);
      expect(fixed).toHaveLength(text.split(' ').length);
      for (const [i, w] of fixed.entries()) {
        expect(w.startMs).toBeGreaterThanOrEqual(s.startMs);
        expect(w.endMs).toBeLessThanOrEqual(s.endMs);
        expect(w.endMs).toBeGreaterThanOrEqual(w.startMs);
        if (i > 0) expect(w.startMs).toBeGreaterThanOrEqual(fixed[i - 1].startMs);
      }
    }
  });
});

describe('alignWords', () => {
  it('pairs the words of a longest common subsequence', () => {
    expect(alignWords(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e'])).toEqual([
      { oldIndex: 0, newIndex: 0 },
      { oldIndex: 2, newIndex: 2 },
      { oldIndex: 3, newIndex: 3 },
    ]);
    expect(alignWords([], ['a'])).toEqual([]);
    expect(alignWords(['a', 'a'], ['a'])).toHaveLength(1);
  });

  it('compares words case- and punctuation-blind', () => {
    expect(wordKey('“Hello,”')).toBe('hello');
    expect(wordKey("don't")).toBe("don't");
    expect(wordKey('—')).toBe('');
  });
});
