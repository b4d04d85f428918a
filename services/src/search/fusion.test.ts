import { describe, expect, it } from 'vitest';
import { aboveFloor, fuse, spread, withNeighbours, type TextCandidate } from './fusion.ts';

const text = (id: string, seq: number, bm25: number): TextCandidate => ({ id, contributionId: 'c', seq, bm25 });
const settings = { textShare: 0.7, neighbourWeight: 0 };

describe('fuse', () => {
  it('keeps a strong text match above loose vector neighbours', () => {
    // The text match is also the least similar vector: BM25 still carries it.
    const fused = fuse(
      [text('rare', 1, 9), text('weak', 5, 1)],
      new Map([
        ['rare', 0.1],
        ['weak', 0.2],
        ['v1', 0.3],
        ['v2', 0.28],
      ]),
      settings,
    );
    expect(fused[0].id).toBe('rare');
    expect(fused[0].textMatch).toBe(true);
    expect(fused.find((f) => f.id === 'v1')!.textMatch).toBe(false);
  });

  it('ranks by the vector side alone when there is no text match, and by text alone without vectors', () => {
    expect(
      fuse(
        [],
        new Map([
          ['a', 0.2],
          ['b', 0.6],
        ]),
        settings,
      ).map((f) => [f.id, f.score]),
    ).toEqual([
      ['b', 1],
      ['a', 0],
    ]);
    expect(fuse([text('a', 1, 2), text('b', 2, 4)], new Map(), settings).map((f) => [f.id, f.score])).toEqual([
      ['b', 1],
      ['a', 0.5],
    ]);
  });
});

describe('withNeighbours', () => {
  it("adds a share of the adjacent statements' mean score, within one contribution", () => {
    const scores = withNeighbours(
      [text('a', 1, 2), text('b', 2, 0.5), text('c', 3, 4), { ...text('d', 4, 1), contributionId: 'other' }],
      0.5,
    );
    expect(scores.get('b')).toBeCloseTo(0.5 + (0.5 * (2 + 4)) / 2);
    expect(scores.get('c')).toBeCloseTo(4 + (0.5 * 0.5) / 2); // d sits in another contribution
    expect(scores.get('d')).toBe(1);
  });
});

describe('aboveFloor', () => {
  it('drops results below a share of the best score; a zero floor keeps them all', () => {
    const ranked = [{ score: 1 }, { score: 0.5 }, { score: 0.2 }, { score: 0 }];
    expect(aboveFloor(ranked, 0.3)).toEqual([{ score: 1 }, { score: 0.5 }]);
    expect(aboveFloor(ranked, 0)).toHaveLength(4);
  });
});

describe('spread', () => {
  it('moves a result next to a better one below a result from elsewhere, keeping the scores', () => {
    const seats = new Map([
      ['a', { contributionId: 'c', seq: 10 }],
      ['b', { contributionId: 'c', seq: 11 }],
      ['c', { contributionId: 'c', seq: 40 }],
    ]);
    const ranked = [
      { id: 'a', score: 1, textMatch: true },
      { id: 'b', score: 0.9, textMatch: true },
      { id: 'c', score: 0.7, textMatch: true },
    ];
    expect(spread(ranked, seats, { window: 3, penalty: 0.5 }).map((r) => [r.id, r.score])).toEqual([
      ['a', 1],
      ['c', 0.7],
      ['b', 0.9],
    ]);
    expect(spread(ranked, seats, { window: 3, penalty: 0 }).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});
