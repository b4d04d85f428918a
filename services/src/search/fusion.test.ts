import { describe, expect, it } from 'vitest';
import { aboveFloor, boostSpeakers, fuse, spread, withNeighbours, type Seat, type TextCandidate } from './fusion.ts';

const text = (id: string, seq: number, bm25: number): TextCandidate => ({ id, contributionId: 'c', seq, speaker: null, bm25 });
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
    const seats = new Map<string, Seat>([
      ['a', { contributionId: 'c', seq: 10, speaker: null }],
      ['b', { contributionId: 'c', seq: 11, speaker: null }],
      ['c', { contributionId: 'c', seq: 40, speaker: null }],
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

describe('boostSpeakers', () => {
  const seats = new Map<string, Seat>([
    ['ana', { contributionId: 'c', seq: 1, speaker: 'Ana' }],
    ['ben', { contributionId: 'c', seq: 2, speaker: 'Ben' }],
    ['ana-loose', { contributionId: 'c', seq: 3, speaker: 'Ana' }],
  ]);
  const ranked = [
    { id: 'ben', score: 1, textMatch: true },
    { id: 'ana', score: 0.8, textMatch: true },
    { id: 'ana-loose', score: 0.2, textMatch: false },
  ];

  it('puts what the named speaker said first, keeping scores within 1', () => {
    const boosted = boostSpeakers(ranked, seats, new Set(['Ana']), 0.5);
    expect(boosted.map((r) => r.id)).toEqual(['ana', 'ben', 'ana-loose']);
    expect(boosted[0].score).toBe(1);
    expect(boosted[1].score).toBeCloseTo(1 / 1.2);
  });

  it('is a preference, not a filter: a loose statement of the named speaker stays below a strong one of another', () => {
    expect(boostSpeakers(ranked, seats, new Set(['Ana']), 0.5).at(-1)?.id).toBe('ana-loose');
  });

  it('changes nothing when nobody is named or the boost is off', () => {
    expect(boostSpeakers(ranked, seats, new Set(), 0.5)).toEqual(ranked);
    expect(boostSpeakers(ranked, seats, new Set(['Ana']), 0)).toEqual(ranked);
  });
});
