import { describe, expect, it } from 'vitest';
import type { AnnotatedMeeting } from '../lib/datasets.ts';
import { firstWords, statementsWithGold } from './gists.ts';

const act = (id: string, speaker: string, startMs: number, endMs: number) => ({
  id,
  speaker,
  startMs,
  endMs,
  text: '',
  tag: 'inf',
  linkedSections: [],
  answeredBy: [],
  isAnswer: false,
});

describe('gists gold', () => {
  it("links a statement to the summary sentences of its own speaker's overlapping acts only", () => {
    const meeting: AnnotatedMeeting = {
      id: 'M1',
      corpus: 'AMI',
      turns: [
        { index: 0, speaker: 'PM (A)', text: 'We decided to use a rubber case for the remote.', startMs: 0, endMs: 4000 },
        {
          index: 1,
          speaker: 'ID (B)',
          text: 'The battery will be a kinetic one, that is the plan for now.',
          startMs: 30_000,
          endMs: 36_000,
        },
      ],
      dialogueActs: [act('a1', 'PM (A)', 0, 4000), act('b1', 'ID (B)', 1000, 3000), act('b2', 'ID (B)', 30_000, 36_000)],
      summary: {
        decisions: [{ id: 's1', text: 'The team decided on a rubber case.', dialogueActIds: ['a1'] }],
        abstract: [{ id: 's2', text: 'The designer presented the energy source.', dialogueActIds: ['b1'] }],
      },
    };
    const [pm, id] = statementsWithGold(meeting);
    expect(pm.gold).toEqual([{ section: 'decisions', text: 'The team decided on a rubber case.' }]);
    expect(id.gold).toEqual([]);
  });

  it('the baseline is the first 20 words', () => {
    const text = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    expect(firstWords(text).split(' ')).toHaveLength(20);
  });
});
