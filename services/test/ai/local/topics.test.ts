// The tag vocabulary over 200 real AMI and ICSI dev statements (../shared/eval); made-up texts are in services/src/ai/local/topics.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { segmentTranscript } from '../../../src/transcript/segment.ts';
import type { StatementInput } from '../../../src/ai/ports.ts';
import { LocalLabeler } from '../../../src/ai/local/labeler.ts';
import { assignTopics, consolidateTags } from '../../../src/ai/local/topics.ts';

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
