import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_PARAMS, compact, train, type Example } from './logreg.ts';

const K = 3;
const BITS = 4;
const params = { ...DEFAULT_TRAIN_PARAMS, classes: K, featureBits: BITS, minCount: 1 };
const score = (w: Float64Array, features: number[]) => Array.from({ length: K }, (_, c) => features.reduce((s, f) => s + w[f * K + c], 0));
const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));

// Feature 0 is a bias every example has; features 1, 2, 3 each mark one class; 4 is noise.
const examples: Example[] = [];
for (let i = 0; i < 60; i++) examples.push({ features: [0, 1 + (i % 3), ...(i % 2 ? [4] : [])], label: i % 3 });

describe('logistic regression', () => {
  it('learns which feature marks which class', () => {
    const w = train(examples, params);
    for (let c = 0; c < K; c++) expect(argmax(score(w, [0, 1 + c]))).toBe(c);
  });

  it('gives the same weights for the same data', () => {
    expect(train(examples, params)).toEqual(train(examples, params));
  });

  it('lets a rare class win when its marker is present only with class weights', () => {
    // Class 2 is rare and its marker also appears on class 0 examples half the time.
    const rare: Example[] = [];
    for (let i = 0; i < 200; i++) rare.push({ features: [0, ...(i % 2 ? [3] : [])], label: 0 });
    for (let i = 0; i < 10; i++) rare.push({ features: [0, 3], label: 2 });
    const unweighted = train(rare, { ...params, classWeightPower: 0 });
    const balanced = train(rare, { ...params, classWeightPower: 1 });
    expect(argmax(score(unweighted, [0, 3]))).toBe(0);
    expect(argmax(score(balanced, [0, 3]))).toBe(2);
  });

  it('drops features seen fewer than minCount times', () => {
    const once: Example[] = [...examples, { features: [0, 5], label: 1 }];
    const w = train(once, { ...params, minCount: 2 });
    expect(Array.from({ length: K }, (_, c) => w[5 * K + c])).toEqual([0, 0, 0]);
  });

  it('stores only buckets with a weight worth keeping, in integer steps', () => {
    const w = new Float64Array(4 * K);
    w.set([0.5, -0.25, 0], 0);
    w.set([0.001, 0, -0.002], 2 * K);
    expect(compact(w, K, 0.01, 0.01)).toEqual({ buckets: [0], weights: [50, -25, 0] });
  });
});
