// The dev splits in ../shared/eval load with the counts their READMEs give; the pure helpers are tested in eval/lib/datasets.test.ts.
import { describe, expect, it } from 'vitest';
import { loadAmiDev, loadAsrDev, loadIcsiDev, loadQmsumDev } from '../../../eval/lib/datasets.ts';

describe('dev splits (counts from ../shared/eval READMEs)', () => {
  it('QMSum: 35 meetings, 237 specific queries, spans inside the meeting', () => {
    const meetings = loadQmsumDev();
    expect(meetings).toHaveLength(35);
    expect(meetings.flatMap((m) => m.queries).filter((q) => q.type === 'specific')).toHaveLength(237);
    const spans = meetings.flatMap((m) => m.queries.flatMap((q) => q.relevantSpans.map(([a, b]) => ({ a, b, n: m.turns.length }))));
    expect(spans.every(({ a, b, n }) => a >= 0 && a <= b && b < n)).toBe(true);
  });

  it('AMI: 20 meetings with timed turns and acts; 197 decision-linked and 59 action-linked acts', () => {
    const meetings = loadAmiDev();
    expect(meetings).toHaveLength(20);
    const acts = meetings.flatMap((m) => m.dialogueActs);
    expect(acts).toHaveLength(18_149);
    expect(acts.filter((d) => d.linkedSections.includes('decisions'))).toHaveLength(197);
    expect(acts.filter((d) => d.linkedSections.includes('actions'))).toHaveLength(59);
    expect(acts[1].speaker).toMatch(/^(PM|ME|UI|ID) \([A-D]\)$/);
    expect(meetings.every((m) => m.turns.every((t) => t.endMs >= t.startMs))).toBe(true);
  });

  it('ICSI: 9 meetings, decisions but no action items', () => {
    const meetings = loadIcsiDev();
    expect(meetings).toHaveLength(9);
    expect(meetings.flatMap((m) => m.dialogueActs)).toHaveLength(12_421);
    expect(meetings.some((m) => m.summary.actions)).toBe(false);
  });

  it('ASR: 8 clips in three groups', () => {
    const clips = loadAsrDev();
    expect(clips).toHaveLength(8);
    expect(new Set(clips.map((c) => c.group))).toEqual(new Set(['JFK', 'LibriSpeech', 'LJ Speech']));
  });
});
