import { describe, expect, it } from 'vitest';
import { parsePlainTranscript, parseTranscriptText } from './plain.ts';

describe('parsePlainTranscript', () => {
  it('reads "Name: text" lines with times, continuing the speaker on unnamed lines', () => {
    const turns = parsePlainTranscript(
      [
        '[00:00:05] Ana Host: We ship the beta on June 3.',
        'Everyone agrees?',
        '',
        '[00:00:12] Ben Reader: Yes, but who writes the notes?',
      ].join('\n'),
    );
    expect(turns).toEqual([
      { startMs: 5000, endMs: 12000, speaker: 'Ana Host', text: 'We ship the beta on June 3. Everyone agrees?' },
      { startMs: 12000, endMs: 14400, speaker: 'Ben Reader', text: 'Yes, but who writes the notes?' },
    ]);
  });

  it('reads a name-and-time header above what was said (Teams, Meet)', () => {
    const turns = parsePlainTranscript('Ana Host 0:03\nHello everyone.\n\nBen Reader 1:02:03\nHi.\n');
    expect(turns.map((t) => [t.speaker, t.startMs, t.text])).toEqual([
      ['Ana Host', 3000, 'Hello everyone.'],
      ['Ben Reader', 3_723_000, 'Hi.'],
    ]);
  });

  it('places turns without times one after another at speaking pace', () => {
    const turns = parsePlainTranscript('Ana: one two three four five.\nBen: six seven.\n\nA paragraph without a name.');
    expect(turns.map((t) => t.speaker)).toEqual(['Ana', 'Ben', 'Ben']);
    expect(turns[0].startMs).toBe(0);
    expect(turns[1].startMs).toBe(turns[0].endMs);
    expect(turns[2].startMs).toBeGreaterThan(turns[1].startMs);
  });

  it('refuses a transcript with no text', () => {
    expect(() => parsePlainTranscript('\n  \n[00:00:01]\n')).toThrow(/no text/);
  });
});

describe('parseTranscriptText', () => {
  it('reads a WebVTT file as captions, with its voices', () => {
    const turns = parseTranscriptText('WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana Host>Hello there.\n');
    expect(turns).toEqual([{ startMs: 1000, endMs: 4000, speaker: 'Ana Host', text: 'Hello there.' }]);
  });

  it('reads an SRT file as captions', () => {
    const turns = parseTranscriptText('1\n00:00:01,000 --> 00:00:02,500\nBen: Right.\n');
    expect(turns[0]).toMatchObject({ startMs: 1000, endMs: 2500, text: expect.stringContaining('Right.') });
  });
});
