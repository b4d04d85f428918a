import { describe, expect, it } from 'vitest';
import type { GoldDialogueAct } from './datasets.ts';
import { goldActOf, majorityAct, mrdaAct } from './gold-acts.ts';
import { cueAct } from './cue-acts.ts';

const da = (tag: string, extra: Partial<GoldDialogueAct> = {}): GoldDialogueAct => ({
  id: 'x',
  speaker: 'PM (A)',
  startMs: 0,
  endMs: 1,
  text: 'x',
  tag,
  linkedSections: [],
  answeredBy: [],
  isAnswer: false,
  ...extra,
});

describe('gold acts', () => {
  it('maps AMI types', () => {
    expect(goldActOf(da('el.inf'), 'AMI')).toBe('question');
    expect(goldActOf(da('sug'), 'AMI')).toBe('proposal');
    expect(goldActOf(da('be.neg'), 'AMI')).toBe('concern');
    expect(goldActOf(da('ass'), 'AMI')).toBe('information');
    expect(goldActOf(da('inf', { isAnswer: true }), 'AMI')).toBe('answer');
    expect(goldActOf(da('bck'), 'AMI')).toBeNull();
    expect(goldActOf(da('inf', { linkedSections: ['abstract', 'decisions'] }), 'AMI')).toBe('decision');
    expect(goldActOf(da('sug', { linkedSections: ['actions'] }), 'AMI')).toBe('action_item');
  });

  it('maps MRDA labels segment by segment', () => {
    expect(mrdaAct('qy^d^rt')).toBe('question');
    expect(mrdaAct('fh|s^cs')).toBe('proposal');
    expect(mrdaAct('s^ng')).toBe('answer');
    expect(mrdaAct('s^ar.%-')).toBe('concern');
    expect(mrdaAct('s|qy')).toBe('question');
    expect(mrdaAct('b')).toBeNull();
    expect(mrdaAct('z')).toBeNull();
  });

  it('takes the act with the most words, ties to the rarer act', () => {
    expect(
      majorityAct([
        { act: 'information', words: 20 },
        { act: 'question', words: 5 },
      ]),
    ).toBe('information');
    expect(
      majorityAct([
        { act: 'information', words: 5 },
        { act: 'decision', words: 5 },
      ]),
    ).toBe('decision');
    expect(majorityAct([{ act: null, words: 30 }])).toBeNull();
  });

  it('cue-phrase baseline', () => {
    expect(cueAct("I 'll send you the specs by next meeting .")).toBe('action_item');
    expect(cueAct('So we decided on the rubber case.')).toBe('decision');
    expect(cueAct('What do you think?')).toBe('question');
    expect(cueAct('The buttons are blue.')).toBe('information');
  });
});
