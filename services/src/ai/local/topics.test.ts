import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { segmentTranscript } from '../../transcript/segment.ts';
import type { StatementInput } from '../ports.ts';
import { LocalLabeler } from './labeler.ts';
import { assignTopics, assignTopicsInOrder, consolidateTags, extractKeyphrases } from './topics.ts';

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

// ---------------------------------------------------------------------------------------------
// No tag sprawl: 200 real statements on 5 topics, labelled contribution by contribution.

const evalRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/eval');
const haveData =
  existsSync(resolve(evalRoot, 'ami/dev/ami_meetings_dev.jsonl')) && existsSync(resolve(evalRoot, 'icsi/dev/icsi_meetings_dev.jsonl'));

/** Five topics from the annotated topic segments of the AMI and ICSI dev meetings. */
const TOPICS: [dataset: 'ami' | 'icsi', label: string][] = [
  ['ami', 'components, materials and energy sources'],
  ['ami', 'costing'],
  ['ami', 'look and usability'],
  ['icsi', 'status of data collection, transcriptions'],
  ['icsi', 'inferring intentions from features in context'],
];
const PER_TOPIC = 40;
const PER_CONTRIBUTION = 5;

const readJsonl = (path: string) =>
  readFileSync(resolve(evalRoot, path), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

/**
 * Statements as the pipeline makes them (segmentTranscript over the meeting turns) that lie inside
 * a topic's annotated spans and have at least 25 words, 40 spread evenly over the dev meetings.
 */
function statementsOnTopic(dataset: 'ami' | 'icsi', label: string): string[] {
  const turnsById = new Map<string, { speaker: string; text: string; start: number; end: number }[]>(
    readJsonl(`${dataset}/dev/${dataset}_normalized_dev.jsonl`).map((m: { id: string; turns: never }) => [m.id, m.turns]),
  );
  const found: string[] = [];
  for (const meeting of readJsonl(`${dataset}/dev/${dataset}_meetings_dev.jsonl`)) {
    const spans = (meeting.topics as { label: string; start: number; end: number }[]).filter((t) => t.label === label);
    if (spans.length === 0) continue;
    const statements = segmentTranscript(
      (turnsById.get(meeting.id) ?? []).map((t) => ({ startMs: t.start * 1000, endMs: t.end * 1000, speaker: t.speaker, text: t.text })),
    );
    for (const s of statements) {
      const inside = spans.some((span) => s.startMs >= span.start * 1000 && s.endMs <= span.end * 1000);
      if (inside && s.text.split(/\s+/).length >= 25) found.push(s.text);
    }
  }
  const step = found.length / PER_TOPIC;
  return Array.from({ length: PER_TOPIC }, (_, i) => found[Math.floor(i * step)]);
}

describe.skipIf(!haveData)('no tag sprawl: 200 statements on 5 topics', () => {
  it('keeps a small, reused tag vocabulary when tags are fed back as existing tags', async () => {
    const groups = TOPICS.map(([dataset, label]) => statementsOnTopic(dataset, label));
    for (const g of groups) expect(g.filter(Boolean)).toHaveLength(PER_TOPIC);

    const labeler = new LocalLabeler();
    const uses = new Map<string, number>();
    const byTopic = groups.map(() => new Map<string, number>());
    let statementsSeen = 0;
    let untagged = 0;
    // Contributions of 5 statements, the topics taking turns, as in a conference over weeks.
    for (let round = 0; round < PER_TOPIC / PER_CONTRIBUTION; round++) {
      for (let topic = 0; topic < groups.length; topic++) {
        const texts = groups[topic].slice(round * PER_CONTRIBUTION, (round + 1) * PER_CONTRIBUTION);
        const statements: StatementInput[] = texts.map((text, i) => ({
          id: `t${topic}-${round}-${i}`,
          text,
          speaker: 'A',
          startMs: i * 30_000,
          endMs: (i + 1) * 30_000,
        }));
        const existingTags = [...uses.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag);
        const labels = await labeler.label(statements, { existingTags });
        for (const l of labels) {
          statementsSeen++;
          if (l.topics.length === 0) untagged++;
          expect(l.topics.length).toBeLessThanOrEqual(3);
          for (const tag of l.topics) {
            expect(tag).toBe(tag.toLowerCase());
            uses.set(tag, (uses.get(tag) ?? 0) + 1);
            byTopic[topic].set(tag, (byTopic[topic].get(tag) ?? 0) + 1);
          }
        }
      }
    }
    expect(statementsSeen).toBe(200);
    // Only talk with no content word at all goes untagged.
    expect(untagged).toBeLessThanOrEqual(4);

    // The same extractor with no existing tags to reuse: what sprawl would look like.
    const unnormalised = new Set(groups.flat().flatMap((text) => assignTopics(text, [])));
    const counts = [...uses.values()].sort((a, b) => b - a);
    const totalUses = counts.reduce((a, b) => a + b, 0);
    const topTenShare = counts.slice(0, 10).reduce((a, b) => a + b, 0) / totalUses;

    // Measured on the dev data: 25 tags (vs 131 without reuse), the top 10 carry 75% of uses, and
    // each topic's most used tag is on 11–23 of its 40 statements.
    expect(uses.size).toBeLessThanOrEqual(35);
    expect(uses.size).toBeLessThanOrEqual(0.3 * unnormalised.size);
    expect(topTenShare).toBeGreaterThanOrEqual(0.65);
    // No near-duplicates survive ("battery" / "batteries", "remote" / "remote control").
    expect(consolidateTags([...uses.entries()].map(([tag, count]) => ({ tag, count })))).toEqual(new Map());
    // Each topic has a tag of its own that most of its statements share.
    for (const tags of byTopic) expect(Math.max(...tags.values())).toBeGreaterThanOrEqual(0.25 * PER_TOPIC);
  });
});
