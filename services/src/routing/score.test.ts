import { describe, expect, it } from 'vitest';
import { quote } from '../core/text/quote.ts';
import { DEFAULT_SCORING, dayOf, scoreCandidates, type CandidateEvidence, type ScoringOptions } from './score.ts';

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
  method: 'combsum',
  weights: { similarity: 1, activity: 0, bio: 0, tag: 0, reply: 0, floor: 0, exchange: 0, responsive: 0, load: 0 },
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

  it('above the background: only what each close statement has over the median of everyone’s counts', () => {
    const ranked = scoreCandidates(
      { tags: [] },
      [
        // says a lot, all of it loosely similar (shared common words)
        candidate({ id: 'talker', statements: [statement('a', 0.3), statement('b', 0.3), statement('c', 0.3)] }),
        candidate({ id: 'expert', statements: [statement('d', 0.7), statement('e', 0.3)] }),
        candidate({ id: 'quiet', statements: [statement('f', 0.3)] }),
      ],
      { ...contentOnly, method: 'combsum-above-background' },
    );
    // median of all the top-3 similarities is 0.3: only the expert's 0.7 stands out
    expect(ranked.map((c) => [c.id, c.score])).toEqual([
      ['expert', 0.4],
      ['quiet', 0],
      ['talker', 0],
    ]);
    // plain CombSUM counts a loose statement in full
    expect(scoreCandidates({ tags: [] }, [candidate({ id: 't', statements: [statement('a', 0.3)] })], contentOnly)[0].score).toBe(0.3);
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
      'said “We should raise the price of the basic plan to nine euros because support costs went up.” (3 statements on pricing)',
    );
    expect(c.reasons).toContain('tag: pricing');
    expect(c.reasons).toContain('answered 2 of 3 forwards');
    // the quoted evidence is what the reason counts, closest first; a statement below the threshold is not quoted
    expect(c.evidence.map((e) => e.id)).toEqual(['1', '2', '3']);
  });

  it('names an expert whose bio matches, load, the reply, and someone with nothing to show', () => {
    const ranked = scoreCandidates({ tags: [] }, [
      candidate({
        id: 'p',
        name: 'Pat',
        kind: 'expert',
        bio: 'Builds Android video apps.',
        bioSimilarity: 0.4,
        forwards: { received: 1, answered: 0, recent: 1 },
      }),
      candidate({ id: 'r', name: 'Rui', repliedTo: true }),
      candidate({ id: 'n', name: 'Noor' }),
      candidate({ id: 'm', name: 'Mo', statementCount: 1 }),
      candidate({ id: 'q', name: 'Quinn', kind: 'expert', bioSimilarity: 0.01 }),
      candidate({ id: 'x', name: 'Xi', kind: 'expert' }),
    ]);
    const why = Object.fromEntries(ranked.map((c) => [c.name, c.reasons]));
    expect(why.Pat).toEqual(['bio: “Builds Android video apps.”', 'answered 0 of 1 forward', '1 forward in the last 7 days']);
    expect(why.Rui).toEqual(['wrote what this replies to']);
    expect(why.Noor).toEqual(['no history yet']);
    expect(why.Mo).toEqual(['1 statement, none close to this one']);
    expect(why.Quinn).toEqual(['bio is about other subjects']);
    expect(why.Xi).toEqual(['no bio or replies yet']);
    expect(ranked[0].name).toBe('Rui');
  });

  it('quotes an answer with its day, and names the conversation in a meeting', () => {
    const ranked = scoreCandidates({ tags: [] }, [
      candidate({
        id: 'kim',
        name: 'Kim',
        statements: [
          {
            id: 's1',
            text: 'MediaCodec encoder leaks a surface when the camera restarts.',
            similarity: 0.6,
            saidAt: new Date('2026-03-12T10:00:00Z'),
            answered: true,
          },
        ],
        floorRank: 0,
        exchange: 0.5,
      }),
      candidate({ id: 'lu', name: 'Lu', repliedTo: true, floorRank: 1 }),
    ]);
    const why = Object.fromEntries(ranked.map((c) => [c.name, c.reasons]));
    expect(why.Kim).toEqual([
      'had the floor just before this',
      "took up 50% of the asker's turns in this meeting",
      `answered “MediaCodec encoder leaks a surface when the camera restarts.” on ${dayOf(new Date('2026-03-12T10:00:00Z'))}`,
    ]);
    expect(why.Lu).toEqual(['spoke just before this']);
  });

  it('names the day, with the year when it is not this one', () => {
    expect(dayOf(new Date('2026-03-12T10:00:00Z'), new Date('2026-12-03T00:00:00Z'))).toBe('12 March');
    expect(dayOf(new Date('2025-12-31T23:00:00Z'), new Date('2026-12-03T00:00:00Z'))).toBe('31 December 2025');
  });

  it('weighs the conversation: who had the floor and took up the asker outranks a busier person elsewhere', () => {
    const ranked = scoreCandidates({ tags: [] }, [
      candidate({ id: 'busy', statementCount: 200 }),
      candidate({ id: 'partner', statementCount: 5, floorRank: 0, exchange: 0.6 }),
    ]);
    expect(ranked.map((c) => c.id)).toEqual(['partner', 'busy']);
    expect(ranked[0].parts.floor).toBe(1);
    expect(scoreCandidates({ tags: [] }, [candidate({ id: 'x', floorRank: 2 })])[0].parts.floor).toBe(0.25);
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
