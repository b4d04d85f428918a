import { describe, expect, it } from 'vitest';
import {
  hitAtK,
  lcsLength,
  macroF1,
  ndcgAtK,
  prf,
  recallAtK,
  reciprocalRank,
  rouge,
  sumWerCounts,
  werCounts,
  werFromCounts,
  wordErrorRate,
} from './metrics.ts';
import { wordsToDigits } from './numbers.ts';
import { formatTable } from './table.ts';
import { normaliseForWer, splitSentences, tokenize } from './text.ts';

describe('normaliseForWer', () => {
  it('lowercases and strips punctuation, so mixed reference styles compare equal', () => {
    expect(normaliseForWer('And so, my fellow Americans: ask not!')).toEqual(['and', 'so', 'my', 'fellow', 'americans', 'ask', 'not']);
    expect(normaliseForWer('HE HOPED THERE WOULD BE STEW')).toEqual(normaliseForWer('He hoped there would be stew.'));
  });

  it('removes fillers and bracketed noise', () => {
    expect(normaliseForWer('Um, I uh think [NOISE] {vocalsound} so, hmm')).toEqual(['i', 'think', 'so']);
  });

  it('expands contractions, including ICSI tokenisation', () => {
    expect(normaliseForWer("we 're sure it won't, do n't you")).toEqual(['we', 'are', 'sure', 'it', 'will', 'not', 'do', 'not', 'you']);
    expect(normaliseForWer("can't")).toEqual(normaliseForWer('cannot'));
  });

  it('splits hyphenated words', () => {
    expect(normaliseForWer('user-friendly, flour-fattened')).toEqual(['user', 'friendly', 'flour', 'fattened']);
  });

  it('writes numbers as digits whichever way they were written', () => {
    expect(normaliseForWer('the fifteenth century')).toEqual(['the', '15th', 'century']);
    expect(normaliseForWer('in 1961')).toEqual(normaliseForWer('in nineteen sixty-one'));
    expect(normaliseForWer('twenty five Euros')).toEqual(['25', 'euros']);
    expect(normaliseForWer('1,000 people, 12.5%')).toEqual(['1000', 'people', '12.5', 'percent']);
    expect(normaliseForWer('twelve point five percent')).toEqual(['12.5', 'percent']);
  });
});

describe('wordsToDigits', () => {
  it('reads cardinals with scales and "and"', () => {
    expect(wordsToDigits('two thousand three hundred and five'.split(' '))).toEqual(['2305']);
    expect(wordsToDigits('one million two hundred thousand'.split(' '))).toEqual(['1200000']);
    expect(wordsToDigits('nineteen hundred'.split(' '))).toEqual(['1900']);
  });

  it('writes digit groups one after another when words do not form one cardinal', () => {
    expect(wordsToDigits('one two three'.split(' '))).toEqual(['123']);
    expect(wordsToDigits('twenty twenty'.split(' '))).toEqual(['2020']);
  });

  it('ends a number at an ordinal and keeps other words', () => {
    expect(wordsToDigits('the twenty first of may and then'.split(' '))).toEqual(['the', '21st', 'of', 'may', 'and', 'then']);
    expect(wordsToDigits(['eleventh', 'twelfth', 'third'])).toEqual(['11th', '12th', '3rd']);
  });
});

describe('word error rate', () => {
  it('counts substitutions, deletions and insertions of a minimal alignment', () => {
    // the cat sat on the mat → the cat sit on mat: 1 S (sat→sit), 1 D (the)
    expect(werCounts('the cat sat on the mat'.split(' '), 'the cat sit on mat'.split(' '))).toEqual({
      substitutions: 1,
      deletions: 1,
      insertions: 0,
      referenceWords: 6,
    });
    // ask not → ask not now: 1 I
    expect(werCounts(['ask', 'not'], ['ask', 'not', 'now'])).toEqual({ substitutions: 0, deletions: 0, insertions: 1, referenceWords: 2 });
    // the cat sat on the mat → the cat sit on mat today: 3 edits whichever way they are split
    const c = werCounts('the cat sat on the mat'.split(' '), 'the cat sit on mat today'.split(' '));
    expect(c.substitutions + c.deletions + c.insertions).toBe(3);
    expect(werFromCounts(c)).toBeCloseTo(0.5);
  });

  it('is 0 for texts equal after normalisation, and can exceed 1', () => {
    expect(wordErrorRate('Ask not what your country can do for you.', 'ask not, what your country can do for you')).toBe(0);
    expect(wordErrorRate('yes', 'no no no')).toBe(3);
    expect(wordErrorRate('', '')).toBe(0);
  });

  it('pools a corpus by words, not by clips', () => {
    const total = sumWerCounts([
      { substitutions: 1, deletions: 0, insertions: 0, referenceWords: 2 },
      { substitutions: 0, deletions: 0, insertions: 0, referenceWords: 8 },
    ]);
    expect(werFromCounts(total)).toBeCloseTo(0.1);
  });
});

describe('ranking metrics', () => {
  const ranked = [false, true, false, true, false];
  it('Hit@k, reciprocal rank, recall', () => {
    expect(hitAtK(ranked, 1)).toBe(0);
    expect(hitAtK(ranked, 2)).toBe(1);
    expect(reciprocalRank(ranked)).toBe(0.5);
    expect(reciprocalRank([false, false])).toBe(0);
    expect(recallAtK(2, 8)).toBe(0.25);
  });

  it('nDCG@k against a hand-computed value', () => {
    // DCG = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068 = 1.06161
    // ideal with 3 relevant: 1 + 0.63093 + 0.5 = 2.13093 → 0.49819
    expect(ndcgAtK(ranked, 5, 3)).toBeCloseTo(0.49819, 4);
    // ideal capped at k: only 2 slots
    expect(ndcgAtK([true, true], 2, 10)).toBeCloseTo(1);
    expect(ndcgAtK([false, false], 2, 0)).toBe(0);
  });
});

describe('ROUGE', () => {
  // The example from Lin (2004) and rouge-score's tests.
  it('ROUGE-1/2/L on "the cat was found under the bed" vs "the cat was under the bed"', () => {
    const s = rouge('the cat was under the bed', 'the cat was found under the bed');
    // unigrams: candidate 7, reference 6, overlap 6 → P 6/7, R 1, F 12/13
    expect(s.rouge1.precision).toBeCloseTo(6 / 7);
    expect(s.rouge1.recall).toBe(1);
    expect(s.rouge1.f1).toBeCloseTo(12 / 13);
    // bigrams: candidate 6, reference 5, overlap 4 (the cat, cat was, under the, the bed) → P 4/6, R 4/5
    expect(s.rouge2.precision).toBeCloseTo(4 / 6);
    expect(s.rouge2.recall).toBeCloseTo(4 / 5);
    expect(s.rouge2.f1).toBeCloseTo(8 / 11);
    // LCS = 6 → same as ROUGE-1 here
    expect(s.rougeL.f1).toBeCloseTo(12 / 13);
  });

  it('clips repeated n-grams and stems when asked', () => {
    expect(rouge('the cat', 'the the the').rouge1.precision).toBeCloseTo(1 / 3);
    expect(rouge('They discussed prices.', 'the discussion of price', { stem: true }).rouge1.recall).toBeCloseTo(2 / 3);
    expect(rouge('They discussed prices.', 'the discussion of price').rouge1.recall).toBe(0);
  });

  it('LCS length', () => {
    expect(lcsLength('a b c d e'.split(' '), 'a c e f'.split(' '))).toBe(3);
    expect(lcsLength([], ['a'])).toBe(0);
  });
});

describe('classification', () => {
  it('P/R/F1', () => {
    expect(prf(2, 4, 8)).toEqual({ precision: 0.5, recall: 0.25, f1: 1 / 3 });
    expect(prf(0, 0, 5).f1).toBe(0);
  });

  it('macro-F1 over the union of gold and predicted classes', () => {
    const gold = ['q', 'q', 'i', 'i', 'i', 'd'];
    const pred = ['q', 'i', 'i', 'i', 'p', 'd'];
    // q: P 1, R .5 → .667; i: P 2/3, R 2/3 → .667; d: 1; p: 0 (never gold) → mean 2.333/4
    const { macroF1: f, perClass } = macroF1(gold, pred);
    expect(perClass.map((c) => c.label)).toEqual(['d', 'i', 'p', 'q']);
    expect(f).toBeCloseTo((1 + 2 / 3 + 0 + 2 / 3) / 4);
  });

  it('treats labels that are not classes as misses', () => {
    // q: P 1 R .5 → 2/3; i: P 1 R 1 → 1; "none" is no class
    expect(macroF1(['q', 'q', 'i'], ['q', 'none', 'i'], { notClasses: ['none'] }).macroF1).toBeCloseTo((2 / 3 + 1) / 2);
  });
});

describe('text helpers', () => {
  it('tokenises as rouge-score does', () => {
    expect(tokenize("The PM's plan: 25 Euros!")).toEqual(['the', 'pm', 's', 'plan', '25', 'euros']);
  });
  it('splits sentences', () => {
    expect(splitSentences('Okay. So we start? Yes!  Fine')).toEqual(['Okay.', 'So we start?', 'Yes!', 'Fine']);
  });
});

describe('formatTable', () => {
  it('prints a metric column with fixed decimals even where a value is 0 or 1', () => {
    const out = formatTable(
      ['system', 'P'],
      [
        ['a', 0],
        ['b', 0.2857],
      ],
    );
    expect(out.split('\n').slice(2)).toEqual(['| a      | 0.000 |', '| b      | 0.286 |']);
  });

  it('aligns numbers right with fixed decimals and shows — for missing values', () => {
    const out = formatTable(
      ['system', 'Hit@10', 'n'],
      [
        ['bm25', 0.78912, 237],
        ['hybrid', null, 237],
      ],
    );
    expect(out).toBe(
      ['| system | Hit@10 |   n |', '|--------|-------:|----:|', '| bm25   |  0.789 | 237 |', '| hybrid |      — | 237 |'].join('\n'),
    );
  });
});
