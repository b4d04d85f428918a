import { describe, expect, it } from 'vitest';
import { scrubPayload } from '../moderation/moderation.ts';
import { cutSpans, withoutStatements } from './moderated-views.ts';

const seg = (speaker: string, words: [string, number, number][]) => ({
  startMs: words[0][1],
  endMs: words[words.length - 1][2],
  speaker,
  text: words.map((w) => w[0]).join(' '),
  words: words.map(([text, startMs, endMs]) => ({ text, startMs, endMs })),
});

describe('what members read once statements are hidden or deleted', () => {
  it('cuts only the words inside a span, and only that speaker’s', () => {
    const transcript = [
      seg('Ana', [
        ['keep', 0, 400],
        ['this', 400, 800],
        ['secret', 1000, 1400],
        ['plan', 1400, 1800],
        ['too', 2000, 2400],
      ]),
      seg('Bo', [['overlap', 1100, 1500]]),
    ];
    const cut = cutSpans(transcript, [{ startMs: 900, endMs: 1900, speaker: 'Ana' }]);
    expect(cut.map((s) => `${s.speaker}: ${s.text}`)).toEqual(['Ana: keep this', 'Bo: overlap', 'Ana: too']);
    expect(cutSpans(transcript, [])).toBe(transcript);
  });

  it('drops the summary sentences citing a removed statement and its place in chapters', () => {
    const summary = {
      title: 'T',
      sentences: [
        { text: 'One.', statementIds: ['a'] },
        { text: 'Two.', statementIds: ['b', 'c'] },
      ],
      chapters: [
        { title: 'A', startMs: 0, statementIds: ['a', 'b'] },
        { title: 'B', startMs: 10, statementIds: ['c'] },
      ],
    };
    expect(withoutStatements(summary, new Set(['c']))).toEqual({
      title: 'T',
      sentences: [{ text: 'One.', statementIds: ['a'] }],
      chapters: [{ title: 'A', startMs: 0, statementIds: ['a', 'b'] }],
    });
  });

  it('keeps a notification but strips what it quoted about a deleted thing, in a burst too', () => {
    const gone = { contributionId: 'x', title: 'Secret plan', excerpt: 'we will', conferenceId: 'k' };
    const kept = { contributionId: 'y', title: 'Other', excerpt: 'fine', conferenceId: 'k' };
    expect(scrubPayload({ ...gone, items: [gone, kept] }, new Set(['x']))).toEqual({
      contributionId: 'x',
      conferenceId: 'k',
      removed: true,
      items: [{ contributionId: 'x', conferenceId: 'k', removed: true }, kept],
    });
    expect(scrubPayload({ ...kept }, new Set(['x']))).toEqual(kept);
  });
});
