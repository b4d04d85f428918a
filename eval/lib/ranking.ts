/**
 * Scores of one ranked list against gold, and their means over queries: the retrieval table's
 * columns. Which result counts as relevant is the caller's business (time overlap for statements,
 * turn index for the BM25 baseline); this only counts.
 */
import { hitAtK, mean, ndcgAtK, reciprocalRank } from './metrics.ts';

export interface RankingInput {
  /** One flag per returned result, best first. */
  relevant: boolean[];
  /** How many relevant items the collection holds (for the ideal DCG; capped at 10 there). */
  relevantInCollection: number;
  /** Gold spans touched by at least one of the first 10 results, and all gold spans. */
  spansFoundIn10: number;
  spans: number;
}

export interface RankingScores {
  hit5: number;
  hit10: number;
  mrr10: number;
  ndcg10: number;
  spanRecall10: number;
}

export function rankingScores(r: RankingInput): RankingScores {
  const top10 = r.relevant.slice(0, 10);
  return {
    hit5: hitAtK(top10, 5),
    hit10: hitAtK(top10, 10),
    mrr10: reciprocalRank(top10),
    ndcg10: ndcgAtK(top10, 10, r.relevantInCollection),
    spanRecall10: r.spans === 0 ? 0 : r.spansFoundIn10 / r.spans,
  };
}

export function meanScores(all: RankingScores[]): RankingScores {
  return {
    hit5: mean(all.map((s) => s.hit5)),
    hit10: mean(all.map((s) => s.hit10)),
    mrr10: mean(all.map((s) => s.mrr10)),
    ndcg10: mean(all.map((s) => s.ndcg10)),
    spanRecall10: mean(all.map((s) => s.spanRecall10)),
  };
}
