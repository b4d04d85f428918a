import { describe, expect, it } from 'vitest';
import { quote } from '../core/text/quote.ts';
import { DEFAULT_SCORING, scoreCandidates, type CandidateEvidence, type ScoringOptions } from './score.ts';

const statement = (id: string, similarity: number, text = `statement ${id}`, tags: string[] = []) => ({ id, text, similarity, tags });

const candidate = (over: Partial<CandidateEvidence> & { id: string }): CandidateEvidence => ({
  kind: 'member',
  name: over.id,
  statements: [],
  statementCount: 0,
  tags: [],
  ...over,
});

/** Only the similarity term, so hand-computed sums can be checked. */
const contentOnly: ScoringOptions = {
  ...DEFAULT_SCORING,
  weights: { similarity: 1, activity: 0, bio: 0, tag: 0, reply: 0, responsive: 0, load: 0 },
};

describe('scoreCandidates', () => {
  it('sums the k closest statements (CombSUM), so several close statements beat one', () => {
    const ranked = scoreCandidates(
      { tags: [] },
      [
        candidate({ id: 'one-hit', statements: [statement('a', 0.6), statement('b', 0.05)] }),
        candidate({ id: 'steady', statements: [statement('c', 0.4), statement('d', 0.35), statement('e', 0.3), statement('f', 0.29)] }),
      ],
      contentOnly,
    );
    expect(ranked.map((c) => c.id)).toEqual(['steady', 'one-hit']);
    expect(ranked[0].score).toBeCloseTo(0.4 + 0.35 + 0.3, 6); // k = 3: the fourth does not count
    expect(ranked[1].score).toBeCloseTo(0.65, 6);
  });

  it('can score by the best statement alone or by the mean profile vector', () => {
    const c = candidate({ id: 'x', statements: [statement('a', 0.2), statement('b', 0.5)], profileSimilarity: 0.31 });
    expect(scoreCandidates({ tags: [] }, [c], { ...contentOnly, method: 'max' })[0].score).toBeCloseTo(0.5, 6);
    expect(scoreCandidates({ tags: [] }, [c], { ...contentOnly, method: 'mean-vector' })[0].score).toBeCloseTo(0.31, 6);
  });

  it('adds the activity prior, tags, bio, reply and responsiveness, and subtracts recent load', () => {
    const w = DEFAULT_SCORING.weights;
    const [c] = scoreCandidates({ tags: ['Pricing', 'onboarding'] }, [
      candidate({
        id: 'e',
        kind: 'expert',
        statementCount: 4,
        tags: ['pricing', 'hiring'],
        bioSimilarity: 0.5,
        repliedTo: true,
        forwards: { received: 3, answered: 2, recent: 1 },
      }),
    ]);
    const expected = w.activity * Math.log(5) + w.tag * 1 + w.bio * 0.5 + w.reply + w.responsive * (3 / 5 - 0.5) - w.load * Math.log(2);
    expect(c.score).toBeCloseTo(expected, 5);
    expect(c.parts.tag).toBe(1);
  });

  it('never scores negative similarity and caps the tag term at three', () => {
    const [c] = scoreCandidates({ tags: ['a', 'b', 'c', 'd'] }, [
      candidate({ id: 'n', statements: [statement('s', -0.4)], tags: ['a', 'b', 'c', 'd'] }),
    ]);
    expect(c.parts.similarity).toBe(0);
    expect(c.parts.tag).toBe(3);
  });

  it('says why in words a host can read', () => {
    const [c] = scoreCandidates({ tags: ['pricing'] }, [
      candidate({
        id: 'ana',
        name: 'Ana',
        statements: [
          statement('1', 0.5, 'We should raise the price of the basic plan to nine euros because support costs went up.', ['pricing']),
          statement('2', 0.4, 'Annual plans get two months free.', ['pricing', 'plans']),
          statement('3', 0.3, 'The discount for schools stays.', []),
          statement('4', 0.01, 'Unrelated chatter.', []),
        ],
        tags: ['pricing'],
        forwards: { received: 3, answered: 2, recent: 0 },
      }),
    ]);
    expect(c.reasons[0]).toBe(
      '3 statements on pricing, e.g. “We should raise the price of the basic plan to nine euros because support costs went up.”',
    );
    expect(c.reasons).toContain('tag: pricing');
    expect(c.reasons).toContain('answered 2 of 3 forwards');
    // the quoted evidence is what the reason counts, closest first; a statement below the threshold is not quoted
    expect(c.evidence.map((e) => e.id)).toEqual(['1', '2', '3']);
  });

  it('names an expert whose bio matches, load, the reply, and someone with nothing to show', () => {
    const ranked = scoreCandidates({ tags: [] }, [
      candidate({ id: 'p', name: 'Pat', kind: 'expert', bioSimilarity: 0.4, forwards: { received: 1, answered: 0, recent: 1 } }),
      candidate({ id: 'r', name: 'Rui', repliedTo: true }),
      candidate({ id: 'n', name: 'Noor' }),
      candidate({ id: 'm', name: 'Mo', statementCount: 1 }),
      candidate({ id: 'q', name: 'Quinn', kind: 'expert', bioSimilarity: 0.01 }),
      candidate({ id: 'x', name: 'Xi', kind: 'expert' }),
    ]);
    const why = Object.fromEntries(ranked.map((c) => [c.name, c.reasons]));
    expect(why.Pat).toEqual(['bio matches the subject', 'answered 0 of 1 forward', '1 forward in the last 7 days']);
    expect(why.Rui).toEqual(['wrote what this replies to']);
    expect(why.Noor).toEqual(['no history yet']);
    expect(why.Mo).toEqual(['1 statement, none close to this one']);
    expect(why.Quinn).toEqual(['bio is about other subjects']);
    expect(why.Xi).toEqual(['no bio or replies yet']);
    expect(ranked[0].name).toBe('Rui');
  });

  it('orders ties by name then id, so the same evidence always gives the same list', () => {
    const ranked = scoreCandidates({ tags: [] }, [
      candidate({ id: '2', name: 'Bo' }),
      candidate({ id: '1', name: 'Al' }),
      candidate({ id: '0', name: 'Bo' }),
    ]);
    expect(ranked.map((c) => c.id)).toEqual(['1', '0', '2']);
  });
});

describe('quote', () => {
  it('cuts long text at a word boundary with an ellipsis', () => {
    expect(quote('short one')).toBe('short one');
    const q = quote('word '.repeat(40), 30);
    expect(q.length).toBeLessThanOrEqual(31);
    expect(q.endsWith('word…')).toBe(true);
  });
});
