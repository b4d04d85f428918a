/**
 * Multinomial logistic regression over binary hashed features, trained with AdaGrad on the
 * cross-entropy plus an L2 penalty. Plain TypeScript and deterministic: the examples are visited
 * in an order drawn from a seeded generator, so the same data gives the same weights.
 */

export interface Example {
  /** Distinct feature buckets (binary features). */
  features: number[];
  /** Index of the gold class. */
  label: number;
}

export interface TrainParams {
  classes: number;
  featureBits: number;
  /** L2 strength per example visit (λ / N of the usual objective, applied lazily to seen buckets). */
  l2: number;
  epochs: number;
  learningRate: number;
  /**
   * Class weights are (N / (K · n_c))^power: 0 treats every example alike, 1 balances the classes
   * fully. Rare acts (decisions, action items) otherwise never win the argmax.
   */
  classWeightPower: number;
  seed: number;
  /** Features seen in fewer training examples are dropped: one occurrence says nothing general. */
  minCount: number;
}

export const DEFAULT_TRAIN_PARAMS: Omit<TrainParams, 'classes' | 'featureBits'> = {
  l2: 1e-2,
  epochs: 8,
  learningRate: 0.2,
  classWeightPower: 0.5,
  seed: 1,
  minCount: 2,
};

/** Dense weights: bucket b, class c at b * classes + c. */
export function train(all: Example[], params: TrainParams): Float64Array {
  const k = params.classes;
  const size = 1 << params.featureBits;
  const seen = new Uint32Array(size);
  for (const e of all) for (const f of e.features) seen[f]++;
  const examples = all.map((e) => ({ label: e.label, features: e.features.filter((f) => seen[f] >= params.minCount) }));
  const w = new Float64Array(size * k);
  const g2 = new Float64Array(size * k).fill(1e-8);
  const counts = new Array<number>(k).fill(0);
  for (const e of examples) counts[e.label]++;
  const present = counts.filter((c) => c > 0).length;
  const classWeight = counts.map((c) => (c > 0 ? (examples.length / (present * c)) ** params.classWeightPower : 0));

  const order = examples.map((_, i) => i);
  const random = mulberry32(params.seed);
  const scores = new Float64Array(k);
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { features, label } = examples[i];
      scores.fill(0);
      for (const f of features) for (let c = 0; c < k; c++) scores[c] += w[f * k + c];
      const p = softmaxInPlace(scores);
      const weight = classWeight[label];
      for (const f of features) {
        for (let c = 0; c < k; c++) {
          const j = f * k + c;
          const grad = weight * (p[c] - (c === label ? 1 : 0)) + params.l2 * w[j];
          g2[j] += grad * grad;
          w[j] -= (params.learningRate * grad) / Math.sqrt(g2[j]);
        }
      }
    }
  }
  return w;
}

function softmaxInPlace(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp(scores[c] - max);
    sum += scores[c];
  }
  for (let c = 0; c < scores.length; c++) scores[c] /= sum;
  return scores;
}

function shuffle(xs: number[], random: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The stored form: buckets whose largest weight is at least `minWeight` in magnitude, weights as
 * integers in units of `scale`. Dropping tiny weights changes scores by far less than the
 * regularisation does, and keeps the file a few hundred kB.
 */
export function compact(w: Float64Array, classes: number, minWeight: number, scale: number): { buckets: number[]; weights: number[] } {
  const buckets: number[] = [];
  const weights: number[] = [];
  for (let b = 0; b < w.length / classes; b++) {
    let max = 0;
    for (let c = 0; c < classes; c++) max = Math.max(max, Math.abs(w[b * classes + c]));
    if (max < minWeight) continue;
    buckets.push(b);
    for (let c = 0; c < classes; c++) weights.push(Math.round(w[b * classes + c] / scale));
  }
  return { buckets, weights };
}
