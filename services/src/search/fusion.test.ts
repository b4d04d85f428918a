import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from './fusion.ts';

describe('reciprocalRankFusion', () => {
  it('ranks an item found by both lists above items found by one', () => {
    const fused = reciprocalRankFusion(
      [
        { ids: ['a', 'b', 'c'], weight: 1 },
        { ids: ['d', 'b', 'e'], weight: 1 },
      ],
      60,
    );
    expect(fused[0].id).toBe('b');
    expect(fused.map((f) => f.id)).toHaveLength(5);
  });

  it('follows the weights: a zero-weight list changes nothing', () => {
    const fused = reciprocalRankFusion(
      [
        { ids: ['a', 'b'], weight: 1 },
        { ids: ['b', 'a'], weight: 0 },
      ],
      60,
    );
    expect(fused.map((f) => f.id)).toEqual(['a', 'b']);
    expect(fused[0].score).toBeCloseTo(1 / 61);
  });
});
