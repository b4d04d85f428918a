/**
 * Okapi BM25 over a small collection (the turns of one meeting): the lexical baseline that search
 * has to beat. Tokens come from the same `tokenize` as ROUGE; idf is Lucene's non-negative form
 * ln(1 + (N − df + 0.5) / (df + 0.5)).
 */
import { STOPWORDS } from '../../services/src/core/text/stopwords.ts';
import { tokenize } from './text.ts';

export interface Bm25Options {
  k1?: number;
  b?: number;
  /** Porter-stem tokens (default false). */
  stem?: boolean;
  /** Drop these tokens from documents and queries (default none). */
  stopwords?: ReadonlySet<string>;
}

export interface Bm25Hit {
  /** Index of the document in the collection. */
  index: number;
  score: number;
}

export class Bm25Index {
  private readonly k1: number;
  private readonly b: number;
  private readonly docs: Map<string, number>[];
  private readonly lengths: number[];
  private readonly avgLength: number;
  private readonly df = new Map<string, number>();

  constructor(
    documents: string[],
    private readonly options: Bm25Options = {},
  ) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.docs = documents.map((text) => {
      const tf = new Map<string, number>();
      for (const token of this.tokens(text)) tf.set(token, (tf.get(token) ?? 0) + 1);
      return tf;
    });
    this.lengths = this.docs.map((tf) => [...tf.values()].reduce((a, b) => a + b, 0));
    this.avgLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, this.lengths.length);
    for (const tf of this.docs) for (const token of tf.keys()) this.df.set(token, (this.df.get(token) ?? 0) + 1);
  }

  tokens(text: string): string[] {
    const tokens = tokenize(text, { stem: this.options.stem });
    const stop = this.options.stopwords;
    return stop ? tokens.filter((t) => !stop.has(t)) : tokens;
  }

  idf(token: string): number {
    const n = this.docs.length;
    const df = this.df.get(token) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  score(query: string, index: number): number {
    const tf = this.docs[index];
    const norm = this.k1 * (1 - this.b + (this.b * this.lengths[index]) / (this.avgLength || 1));
    let score = 0;
    for (const token of this.tokens(query)) {
      const f = tf.get(token) ?? 0;
      if (f > 0) score += (this.idf(token) * f * (this.k1 + 1)) / (f + norm);
    }
    return score;
  }

  /** Documents with a positive score, best first (ties: earlier document first); all of them unless `limit`. */
  search(query: string, limit?: number): Bm25Hit[] {
    const hits: Bm25Hit[] = [];
    for (let index = 0; index < this.docs.length; index++) {
      const score = this.score(query, index);
      if (score > 0) hits.push({ index, score });
    }
    hits.sort((a, b) => b.score - a.score || a.index - b.index);
    return limit === undefined ? hits : hits.slice(0, limit);
  }
}

/**
 * The baseline configuration: k1 1.2, b 0.75, stop words dropped, no stemming. It reproduces the
 * converter's QMSum baseline in ../shared/eval/README.md (see eval/README.md for the numbers).
 */
export const BASELINE_BM25: Bm25Options = { k1: 1.2, b: 0.75, stopwords: STOPWORDS.retrieval };
