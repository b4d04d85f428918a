import { describe, expect, it } from 'vitest';
import { assignTopics, assignTopicsInOrder, consolidateTags, extractKeyphrases } from './topics.ts';

// Made-up texts; the tag vocabulary over 200 real AMI and ICSI statements is in services/test/ai/local/topics.test.ts.
describe('keyphrases', () => {
  it('finds the repeated, rare content words, lemmatised and lower-case', () => {
    const text =
      'The batteries are the weak point. Um, if the battery dies after a week, people will hate it, ' +
      'so I looked at rechargeable batteries and a small solar cell.';
    const phrases = extractKeyphrases(text, 3).map((k) => k.phrase);
    expect(phrases[0]).toBe('battery');
    for (const p of phrases) {
      expect(p).toBe(p.toLowerCase());
      expect(p.split(' ').length).toBeLessThanOrEqual(3);
    }
  });

  it('prefers a repeated multi-word phrase to its words', () => {
    const text = 'The remote control is too big. A smaller remote control would fit a pocket, and the remote control should float.';
    expect(extractKeyphrases(text, 1)[0].phrase).toBe('remote control');
  });

  it('never returns stopwords, fillers, numbers or vague words as phrases', () => {
    const text = 'Um, yeah, so I think that thing is, you know, kind of a big idea for the people, twenty five of them.';
    expect(extractKeyphrases(text)).toEqual([]);
  });

  it('keeps acronyms readable for titles', () => {
    const [k] = extractKeyphrases('The LCD screen costs more. Without the LCD screen we save four euros.', 1);
    expect(k.phrase).toBe('lcd screen');
    expect(k.display).toBe('LCD screen');
  });
});

describe('topic tags against existing tags', () => {
  it('reuses an existing tag for a plural, a stem variant or a longer phrase', () => {
    const existing = ['remote control', 'battery', 'pricing'];
    expect(assignTopics('Our remote controls are bulky. Remote controls get lost too.', existing)).toContain('remote control');
    expect(assignTopics('Rechargeable batteries cost more, but batteries run out.', existing)).toContain('battery');
    expect(assignTopics('The price is the question: a price of twenty euros is the maximum price.', existing)).toContain('pricing');
    expect(assignTopics('The remote control design should be curved. The remote control design matters.', existing)).toContain(
      'remote control',
    );
  });

  it('reuses a tag with a near spelling ("colour" for "colours")', () => {
    expect(assignTopics('Bright colours sell. Colours like yellow and red.', ['colour'])).toEqual(['colour']);
  });

  it('invents a new tag only when nothing existing fits', () => {
    const tags = assignTopics('The database index is missing. Without the database index every query scans the whole table.', [
      'remote control',
      'battery',
    ]);
    expect(tags[0]).toMatch(/database|index/);
    expect(tags).not.toContain('battery');
  });

  it('returns 1–3 lower-case tags for a statement with content, none for pure filler', () => {
    const tags = assignTopics('We measured the latency of the payment service under load; payment latency doubled.', []);
    expect(tags.length).toBeGreaterThanOrEqual(1);
    expect(tags.length).toBeLessThanOrEqual(3);
    for (const t of tags) expect(t).toBe(t.toLowerCase());
    expect(assignTopics('Yeah. Okay. Um, right, sure.', ['battery'])).toEqual([]);
  });

  it('in a contribution, a tag invented for one statement is reused by the next', () => {
    const [first, second] = assignTopicsInOrder(
      ['Echo cancellation helps. With echo cancellation the overlap errors drop.', 'Block echo cancellation is cheaper to run.'],
      [],
    );
    expect(first).toContain('echo cancellation');
    expect(second).toContain('echo cancellation');
  });

  it('consolidates near-duplicate tags of a conference into the most used one', () => {
    const moves = consolidateTags([
      { tag: 'battery', count: 10 },
      { tag: 'batteries', count: 2 },
      { tag: 'battery life', count: 1 },
      { tag: 'pricing', count: 3 },
      { tag: 'price', count: 1 },
      { tag: 'touch screen', count: 4 },
    ]);
    expect(Object.fromEntries(moves)).toEqual({ batteries: 'battery', 'battery life': 'battery', price: 'pricing' });
  });
});
