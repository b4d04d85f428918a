import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { cosine, rankStatements, reactionStrength, recencyDecay, scoreItem, wilsonLowerBound, type RankItem } from './ranking.ts';

const ranking = loadConfig({}).ranking; // the shipped defaults
const weights = ranking.reactionWeights;
const now = new Date('2025-03-01T12:00:00Z');
const DAY = 86_400_000;

/** A unit vector along axis `i` (of 8): items on different axes are unrelated. */
const axis = (i: number, dims = 8) => Array.from({ length: dims }, (_, j) => (j === i % dims ? 1 : 0));

let n = 0;
const item = (over: Partial<RankItem> = {}): RankItem => ({
  id: `s${++n}`,
  contributionId: `c${n}`,
  createdAt: now,
  relevance: 0.5,
  reactions: {},
  viewers: 0,
  embedding: axis(n),
  ...over,
});

describe('reactionStrength', () => {
  it('is 0 when nobody reacted, whatever the audience', () => {
    expect(reactionStrength({}, 0, weights)).toBe(0);
    expect(reactionStrength({}, 100, weights)).toBe(0);
    expect(reactionStrength({ agree: 0 }, 10, weights)).toBe(0);
  });

  it('is confidence-bounded: 1 of 1 does not beat 40 of 50, for every kind', () => {
    for (const kind of Object.keys(weights)) {
      if (weights[kind] === 0) continue;
      expect(reactionStrength({ [kind]: 40 }, 50, weights)).toBeGreaterThan(reactionStrength({ [kind]: 1 }, 1, weights));
    }
    expect(reactionStrength({ important: 1 }, 1, weights)).toBeCloseTo(0.2065, 3);
    expect(reactionStrength({ important: 40 }, 50, weights)).toBeCloseTo(0.6696, 3);
  });

  it('is normalised by how many saw it', () => {
    expect(reactionStrength({ insightful: 5 }, 10, weights)).toBeGreaterThan(reactionStrength({ insightful: 5 }, 100, weights));
  });

  it('weighs kinds: heavier kinds count more, unknown kinds nothing', () => {
    expect(reactionStrength({ important: 10 }, 50, weights)).toBeGreaterThan(reactionStrength({ agree: 10 }, 50, weights));
    expect(reactionStrength({ agree: 10 }, 50, weights)).toBeGreaterThan(reactionStrength({ question: 10 }, 50, weights));
    expect(reactionStrength({ shrug: 10, constructor: 3 }, 50, weights)).toBe(0);
    expect(reactionStrength({ agree: 3 }, 10, {})).toBe(0);
  });

  it('grows with more reactions from the same audience and stays within 0..1', () => {
    let previous = 0;
    for (let k = 1; k <= 14; k++) {
      const s = reactionStrength({ agree: k, important: k }, 20, weights);
      expect(s).toBeGreaterThan(previous);
      previous = s;
    }
    // everyone reacted with every kind: the share is capped at 1, the bound stays below it
    const all = reactionStrength({ agree: 20, important: 20, insightful: 20, question: 20 }, 20, weights);
    expect(all).toBeGreaterThanOrEqual(previous);
    expect(all).toBeLessThan(1);
  });

  it('counts reactors as viewers when views were not recorded', () => {
    expect(reactionStrength({ important: 3 }, 0, weights)).toBeCloseTo(wilsonLowerBound(3, 3), 10);
  });
});

describe('recencyDecay', () => {
  it('halves every half-life and treats the future as now', () => {
    expect(recencyDecay(0, 7)).toBe(1);
    expect(recencyDecay(7 * DAY, 7)).toBeCloseTo(0.5, 10);
    expect(recencyDecay(14 * DAY, 7)).toBeCloseTo(0.25, 10);
    expect(recencyDecay(-DAY, 7)).toBe(1);
    expect(recencyDecay(3 * DAY, 7)).toBeGreaterThan(recencyDecay(4 * DAY, 7));
  });
});

describe('cosine', () => {
  it('is 1 for the same direction, 0 for unrelated or missing vectors', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 10);
    expect(cosine(axis(0), axis(1))).toBe(0);
    expect(cosine([1, 0], [-1, 0])).toBeCloseTo(-1, 10);
    expect(cosine(null, [1])).toBe(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(cosine([1, 2], [1, 2, 3])).toBe(0);
  });
});

describe('rankStatements', () => {
  const opts = { now, ranking, limit: 10 };

  it('ranks 40 of 50 above 1 of 1, all else equal', () => {
    const lucky = item({ reactions: { important: 1 }, viewers: 1 });
    const liked = item({ reactions: { important: 40 }, viewers: 50 });
    expect(rankStatements([lucky, liked], opts).map((r) => r.id)).toEqual([liked.id, lucky.id]);
  });

  it('ranks older statements lower, all else equal', () => {
    const old = item({ createdAt: new Date(now.getTime() - 10 * DAY), reactions: { agree: 3 }, viewers: 5 });
    const fresh = item({ createdAt: new Date(now.getTime() - DAY), reactions: { agree: 3 }, viewers: 5 });
    const ranked = rankStatements([old, fresh], opts);
    expect(ranked.map((r) => r.id)).toEqual([fresh.id, old.id]);
    expect(ranked[1].parts.recency).toBeLessThan(ranked[0].parts.recency);
    expect(ranked[1].parts.reactions).toBe(ranked[0].parts.reactions);
  });

  it('ranks the more relevant statement higher, all else equal', () => {
    const a = item({ relevance: 0.2 });
    const b = item({ relevance: 0.9 });
    expect(rankStatements([a, b], opts)[0].id).toBe(b.id);
  });

  it('keeps one long contribution from filling the page (MMR)', () => {
    // One long contribution whose statements all score a little higher than five short ones.
    const long = Array.from({ length: 12 }, (_, i) => item({ contributionId: 'long', relevance: 0.9, embedding: axis(i) }));
    const others = Array.from({ length: 5 }, (_, i) => item({ contributionId: `short${i}`, relevance: 0.7, embedding: axis(i + 3) }));
    const page = rankStatements([...long, ...others], { ...opts, limit: 5 });
    const fromLong = page.filter((r) => long.some((l) => l.id === r.id)).length;
    expect(page).toHaveLength(5);
    expect(long.map((l) => l.id)).toContain(page[0].id); // the best still leads
    expect(fromLong).toBeLessThanOrEqual(2);

    // Without diversification (λ = 1) the long contribution would have taken the whole page.
    const plain = rankStatements([...long, ...others], { ...opts, limit: 5, ranking: { ...ranking, mmrLambda: 1 } });
    expect(plain.every((r) => long.some((l) => l.id === r.id))).toBe(true);
  });

  it('skips near-duplicates from different contributions in favour of something new', () => {
    const a = item({ relevance: 0.9, embedding: [1, 0, 0] });
    const echo = item({ relevance: 0.88, embedding: [0.99, 0.05, 0] });
    const other = item({ relevance: 0.7, embedding: [0, 0, 1] });
    expect(rankStatements([a, echo, other], opts).map((r) => r.id)).toEqual([a.id, other.id, echo.id]);
  });

  it('returns each item at most once, up to the limit, with the score it was given', () => {
    const items = Array.from({ length: 40 }, (_, i) =>
      item({
        contributionId: `c${i % 4}`,
        relevance: ((i * 37) % 100) / 100,
        reactions: { agree: i % 5 },
        viewers: 10,
        embedding: i % 3 ? axis(i) : null,
      }),
    );
    for (const limit of [0, 1, 7, 40, 100]) {
      const ranked = rankStatements(items, { ...opts, limit });
      expect(ranked).toHaveLength(Math.min(limit, items.length));
      expect(new Set(ranked.map((r) => r.id)).size).toBe(ranked.length);
      for (const r of ranked) expect(r.score).toBeCloseTo(scoreItem(items.find((i) => i.id === r.id)!, opts).score, 12);
    }
    expect(rankStatements([], opts)).toEqual([]);
  });

  it('with λ = 1 is plain score order', () => {
    const items = Array.from({ length: 20 }, (_, i) => item({ contributionId: 'same', relevance: ((i * 7) % 20) / 20 }));
    const ranked = rankStatements(items, { ...opts, limit: 20, ranking: { ...ranking, mmrLambda: 1 } });
    const scores = ranked.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it('follows the configured weights', () => {
    const relevant = item({ relevance: 1 });
    const liked = item({ relevance: 0, reactions: { important: 40 }, viewers: 50 });
    const byRelevance = rankStatements([relevant, liked], { ...opts, ranking: { ...ranking, reactionWeight: 0 } });
    const byReactions = rankStatements([relevant, liked], { ...opts, ranking: { ...ranking, relevanceWeight: 0 } });
    expect(byRelevance[0].id).toBe(relevant.id);
    expect(byReactions[0].id).toBe(liked.id);
  });
});
