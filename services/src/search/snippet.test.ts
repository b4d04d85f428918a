import { describe, expect, it } from 'vitest';
import { closestSentences, sentencesOf } from './snippet.ts';

describe('closestSentences', () => {
  it('picks the sentence of a statement most similar to the query, escaped, rather than its opening words', async () => {
    // A toy embedding of two axes: how much a sentence is about budgets, how much about travel.
    const embed = async (texts: string[]) => texts.map((t) => [/budget/.test(t) ? 1 : 0, /train|flight/.test(t) ? 1 : 0]);
    const [snippet, single] = await closestSentences(
      ['We met at nine. The train was late. Budget <later>.', 'One sentence & no more'],
      [0, 1],
      embed,
    );
    expect(snippet).toBe('The train was late.');
    expect(single).toBe('One sentence &amp; no more');
  });

  it('splits sentences after . ? ! and clips long ones', async () => {
    expect(sentencesOf('Why? Because. Fine!')).toEqual(['Why?', 'Because.', 'Fine!']);
    const long = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
    expect(await closestSentences([long], [1], async (t) => t.map(() => [1]))).toEqual([`${long.split(' ').slice(0, 35).join(' ')} …`]);
  });
});
