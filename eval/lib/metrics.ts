/**
 * The quality metrics eval/ reports. Pure functions over plain arrays, each tested on hand-computed
 * examples in metrics.test.ts.
 */
import { normaliseForWer, tokenize } from './text.ts';

// ───────────────────────── word error rate ─────────────────────────

export interface WerCounts {
  substitutions: number;
  deletions: number;
  insertions: number;
  /** Reference words (the denominator). */
  referenceWords: number;
}

/** Minimum edit alignment of two word lists (Levenshtein), split into S, D, I. */
export function werCounts(reference: string[], hypothesis: string[]): WerCounts {
  const n = reference.length;
  const m = hypothesis.length;
  // cost[i][j] = edits to turn reference[0..i) into hypothesis[0..j); ties prefer substitutions.
  type Cell = { cost: number; s: number; d: number; i: number };
  let prev: Cell[] = Array.from({ length: m + 1 }, (_, j) => ({ cost: j, s: 0, d: 0, i: j }));
  for (let i = 1; i <= n; i++) {
    const row: Cell[] = [{ cost: i, s: 0, d: i, i: 0 }];
    for (let j = 1; j <= m; j++) {
      const same = reference[i - 1] === hypothesis[j - 1];
      const diag = prev[j - 1];
      const up = prev[j]; // deletion of a reference word
      const left = row[j - 1]; // insertion of a hypothesis word
      const candidates: Cell[] = [
        { cost: diag.cost + (same ? 0 : 1), s: diag.s + (same ? 0 : 1), d: diag.d, i: diag.i },
        { cost: up.cost + 1, s: up.s, d: up.d + 1, i: up.i },
        { cost: left.cost + 1, s: left.s, d: left.d, i: left.i + 1 },
      ];
      row.push(candidates.reduce((best, c) => (c.cost < best.cost ? c : best)));
    }
    prev = row;
  }
  const last = prev[m];
  return { substitutions: last.s, deletions: last.d, insertions: last.i, referenceWords: n };
}

/** WER of one pair of texts after the shared normaliser. */
export function wordErrorRate(reference: string, hypothesis: string): number {
  return werFromCounts(werCounts(normaliseForWer(reference), normaliseForWer(hypothesis)));
}

export function werFromCounts(c: WerCounts): number {
  const errors = c.substitutions + c.deletions + c.insertions;
  return c.referenceWords === 0 ? (errors === 0 ? 0 : 1) : errors / c.referenceWords;
}

/** Corpus WER: all errors over all reference words (not the mean of per-clip WERs). */
export function sumWerCounts(all: WerCounts[]): WerCounts {
  return all.reduce(
    (a, c) => ({
      substitutions: a.substitutions + c.substitutions,
      deletions: a.deletions + c.deletions,
      insertions: a.insertions + c.insertions,
      referenceWords: a.referenceWords + c.referenceWords,
    }),
    { substitutions: 0, deletions: 0, insertions: 0, referenceWords: 0 },
  );
}

// ───────────────────────── ranking ─────────────────────────
// `relevant` is one boolean per returned result, best first.

/** 1 if any of the first k results is relevant. */
export const hitAtK = (relevant: boolean[], k: number): number => (relevant.slice(0, k).some(Boolean) ? 1 : 0);

/** Share of the relevant items found in the first k: `found` = distinct relevant items retrieved there. */
export const recallAtK = (foundInTopK: number, totalRelevant: number): number =>
  totalRelevant === 0 ? 0 : Math.min(1, foundInTopK / totalRelevant);

/** 1 / rank of the first relevant result (0 when none is returned). */
export function reciprocalRank(relevant: boolean[]): number {
  const at = relevant.indexOf(true);
  return at < 0 ? 0 : 1 / (at + 1);
}

/**
 * Binary nDCG@k: gain 1 per relevant result at rank r, discounted by log2(r + 1); divided by the
 * DCG of an ideal list with min(k, idealRelevant) relevant results first.
 */
export function ndcgAtK(relevant: boolean[], k: number, idealRelevant: number): number {
  const dcg = relevant.slice(0, k).reduce((sum, rel, i) => sum + (rel ? 1 / Math.log2(i + 2) : 0), 0);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, idealRelevant); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : Math.min(1, dcg / ideal);
}

export const mean = (xs: number[]): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

// ───────────────────────── ROUGE ─────────────────────────

export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
}

export function prf(truePositives: number, predicted: number, actual: number): PrecisionRecallF1 {
  return withF1(predicted === 0 ? 0 : truePositives / predicted, actual === 0 ? 0 : truePositives / actual);
}

/** F1 from a precision and a recall measured on different units (e.g. statements vs gold items). */
export function withF1(precision: number, recall: number): PrecisionRecallF1 {
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N on token lists: clipped n-gram overlap. */
export function rougeN(reference: string[], candidate: string[], n: number): PrecisionRecallF1 {
  const ref = ngramCounts(reference, n);
  const cand = ngramCounts(candidate, n);
  let overlap = 0;
  for (const [gram, count] of cand) overlap += Math.min(count, ref.get(gram) ?? 0);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return prf(overlap, total(cand), total(ref));
}

/** Length of the longest common subsequence. */
export function lcsLength(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    prev = row;
  }
  return prev[b.length];
}

/** ROUGE-L (sentence-level, as rouge-score's `rougeL`): LCS over the whole token sequences. */
export function rougeL(reference: string[], candidate: string[]): PrecisionRecallF1 {
  return prf(lcsLength(reference, candidate), candidate.length, reference.length);
}

export interface RougeScores {
  rouge1: PrecisionRecallF1;
  rouge2: PrecisionRecallF1;
  rougeL: PrecisionRecallF1;
}

/** ROUGE-1/2/L of a candidate text against a reference text, rouge-score tokenisation. */
export function rouge(reference: string, candidate: string, options: { stem?: boolean } = {}): RougeScores {
  const ref = tokenize(reference, options);
  const cand = tokenize(candidate, options);
  return { rouge1: rougeN(ref, cand, 1), rouge2: rougeN(ref, cand, 2), rougeL: rougeL(ref, cand) };
}

// ───────────────────────── classification ─────────────────────────

export interface ClassScores extends PrecisionRecallF1 {
  label: string;
  support: number;
  predicted: number;
}

/**
 * Per-class P/R/F1 and their unweighted mean. Classes are the union of gold and predicted labels
 * (as scikit-learn does), so predicting a class that never occurs costs F1 = 0 for that class.
 * Labels in `notClasses` (e.g. a "no prediction" placeholder, or a class the gold cannot contain)
 * are never averaged as classes; predicting them still counts as a miss.
 */
export function macroF1(
  gold: string[],
  predicted: string[],
  options: { notClasses?: string[] } = {},
): { macroF1: number; perClass: ClassScores[] } {
  if (gold.length !== predicted.length) throw new Error('macroF1: gold and predicted differ in length');
  const excluded = new Set(options.notClasses ?? []);
  const labels = [...new Set([...gold, ...predicted])].filter((l) => !excluded.has(l)).sort();
  const perClass = labels.map((label) => {
    let tp = 0;
    let support = 0;
    let predictedCount = 0;
    for (let i = 0; i < gold.length; i++) {
      if (gold[i] === label) support++;
      if (predicted[i] === label) predictedCount++;
      if (gold[i] === label && predicted[i] === label) tp++;
    }
    return { label, support, predicted: predictedCount, ...prf(tp, predictedCount, support) };
  });
  return { macroF1: mean(perClass.map((c) => c.f1)), perClass };
}
