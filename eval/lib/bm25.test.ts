import { describe, expect, it } from 'vitest';
import { STOPWORDS } from '../../services/src/core/text/stopwords.ts';
import { Bm25Index } from './bm25.ts';

describe('Bm25Index', () => {
  const docs = ['a b', 'a c c', 'd'];

  it('scores a document by hand-computed BM25 (k1 1.2, b 0.75, Lucene idf)', () => {
    // N 3, df(c) 1 → idf ln(1 + 2.5/1.5) = 0.98083; |d| 3, avg 2 → norm 1.2·(0.25 + 0.75·1.5) = 1.65
    // score = 0.98083 · 2 · 2.2 / (2 + 1.65) = 1.18237
    expect(new Bm25Index(docs).score('c', 1)).toBeCloseTo(1.18237, 4);
  });

  it('ranks documents with a positive score, best first, ties in document order', () => {
    const index = new Bm25Index(docs);
    expect(index.search('a').map((h) => h.index)).toEqual([0, 1]);
    expect(index.search('c d').map((h) => h.index)).toEqual([2, 1]);
    expect(index.search('zzz')).toEqual([]);
    expect(index.search('a', 1)).toHaveLength(1);
  });

  it('drops stop words and can stem', () => {
    const index = new Bm25Index(['the budget was discussed', 'the the the'], { stopwords: STOPWORDS.retrieval, stem: true });
    expect(index.search('what was the discussion').map((h) => h.index)).toEqual([0]);
  });
});
