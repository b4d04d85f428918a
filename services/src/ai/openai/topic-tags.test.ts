import { describe, expect, it } from 'vitest';
import { cleanTag, matchTopics } from './topic-tags.ts';

describe('topic tags', () => {
  it('cleans case, separators and decoration', () => {
    expect(cleanTag('  #Release_Date. ')).toBe('release date');
    expect(cleanTag('"Q3 roadmap"')).toBe('q3 roadmap');
  });

  it('reuses the conference spelling of a tag and drops duplicates', () => {
    expect(matchTopics(['Release-Date', 'release date', 'Pricing'], ['release date', 'pricing'])).toEqual({
      ok: true,
      topics: ['release date', 'pricing'],
    });
  });

  it('refuses none, more than three, or a sentence', () => {
    expect(matchTopics(['', '  '], [])).toMatchObject({ ok: false });
    expect(matchTopics(['a', 'b', 'c', 'd'], [])).toMatchObject({ ok: false, reason: expect.stringMatching(/4 topic tags/) });
    expect(matchTopics(['the statement discusses when the product launches'], [])).toMatchObject({ ok: false });
  });
});
