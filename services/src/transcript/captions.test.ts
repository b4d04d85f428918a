import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { clampToMedia, MAX_CAPTION_CUES, parseCaptions, toWebVtt } from './captions.ts';

function captionError(text: string): AppError {
  try {
    parseCaptions(text);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected parseCaptions to throw');
}

describe('parseCaptions: WebVTT', () => {
  it('reads voice spans, cue settings, short timestamps, tags and entities, and skips NOTE/STYLE/REGION', () => {
    const vtt = [
      'WEBVTT - a meeting',
      'Kind: captions',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'REGION',
      'id:fred width:40%',
      '',
      'NOTE this comment',
      'spans two lines',
      '',
      'intro',
      '00:01.000 --> 00:04.500 align:start position:10%',
      '<v Alice>Hello <i>everyone</i>, welcome</v>',
      '',
      '00:00:04.500 --> 00:00:08.000',
      '<v.loud Bob Smith>Thanks &amp; hi &lt;all&gt;',
      'second line</v>',
      '',
      '00:00:08.000 --> 00:00:09.000',
      '<c.yellow>no</c> <00:00:08.500>voice here',
    ].join('\n');
    expect(parseCaptions(vtt)).toEqual([
      { startMs: 1000, endMs: 4500, speaker: 'Alice', text: 'Hello everyone, welcome' },
      { startMs: 4500, endMs: 8000, speaker: 'Bob Smith', text: 'Thanks & hi <all> second line' },
      { startMs: 8000, endMs: 9000, speaker: null, text: 'no voice here' },
    ]);
  });

  it('splits a cue with two voices, sharing its time by text length', () => {
    const [a, b] = parseCaptions('WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Ann>Yes.</v> <v Ben>Good, yes.</v>\n');
    expect(a).toMatchObject({ speaker: 'Ann', text: 'Yes.', startMs: 0 });
    expect(b).toMatchObject({ speaker: 'Ben', text: 'Good, yes.', endMs: 4000 });
    expect(a.endMs).toBe(b.startMs);
    expect(a.endMs).toBeGreaterThan(0);
  });

  it('reads a Teams export (GUID cue ids, voice tags, hours)', () => {
    const vtt = [
      'WEBVTT',
      '',
      'b8c4e1f2-7a3d-4d1e-9a55-2f1c9d8e7b60/12-0',
      '01:02:03.040 --> 01:02:05.120',
      '<v Priya Natarajan>So the rollout starts on Monday.</v>',
      '',
      'b8c4e1f2-7a3d-4d1e-9a55-2f1c9d8e7b60/13-0',
      '01:02:05.400 --> 01:02:07.000',
      '<v Tom O&apos;Brien>Works for me.</v>',
      '',
    ].join('\r\n');
    expect(parseCaptions(vtt)).toEqual([
      { startMs: 3_723_040, endMs: 3_725_120, speaker: 'Priya Natarajan', text: 'So the rollout starts on Monday.' },
      { startMs: 3_725_400, endMs: 3_727_000, speaker: "Tom O'Brien", text: 'Works for me.' },
    ]);
  });

  it('reads "Name: text" speakers as Zoom writes them', () => {
    const vtt = [
      'WEBVTT',
      '',
      '1',
      '00:00:01.000 --> 00:00:03.000',
      'Maria Lopez: Can everyone see my screen?',
      '',
      '2',
      '00:00:03.500 --> 00:00:05.000',
      'Dev Patel: Yes, looks good.',
      '',
      '3',
      '00:00:05.000 --> 00:00:09.000',
      'Maria Lopez: Great. Note: the numbers are from March.',
      '',
      '4',
      '00:00:09.000 --> 00:00:11.000',
      'and they are not final yet.',
    ].join('\n');
    const segments = parseCaptions(vtt);
    expect(segments.map((s) => [s.speaker, s.text])).toEqual([
      ['Maria Lopez', 'Can everyone see my screen?'],
      ['Dev Patel', 'Yes, looks good.'],
      ['Maria Lopez', 'Great. Note: the numbers are from March.'],
      // Tools that name only the speaker change: an unnamed cue continues the last speaker.
      ['Maria Lopez', 'and they are not final yet.'],
    ]);
  });

  it('does not take sentence openers for speaker names', () => {
    const vtt = [
      'WEBVTT',
      '',
      '00:00:01.000 --> 00:00:03.000',
      'Note: this part was recorded later.',
      '',
      '00:00:03.000 --> 00:00:06.000',
      'The plan is simple: ship it on Friday.',
      '',
      '00:00:06.000 --> 00:00:08.000',
      'Second Attempt: we tried again.',
      '',
      '00:00:08.000 --> 00:00:10.000',
      'It worked at 10:30 this time.',
    ].join('\n');
    const segments = parseCaptions(vtt);
    expect(segments.every((s) => s.speaker === null)).toBe(true);
    expect(segments[0].text).toBe('Note: this part was recorded later.');
    expect(segments[2].text).toBe('Second Attempt: we tried again.');
  });

  it('reads ">> NAME:" broadcast style', () => {
    const vtt =
      'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n>> ANNA: Good evening.\n\n00:00:02.000 --> 00:00:04.000\n>> MARK: Thank you.\n\n00:00:04.000 --> 00:00:06.000\n>> ANNA: Now the weather.\n';
    expect(parseCaptions(vtt).map((s) => [s.speaker, s.text])).toEqual([
      ['ANNA', 'Good evening.'],
      ['MARK', 'Thank you.'],
      ['ANNA', 'Now the weather.'],
    ]);
  });

  it('keeps each line of rolling auto-captions once', () => {
    const vtt = [
      'WEBVTT',
      'Kind: captions',
      'Language: en',
      '',
      '00:00:00.030 --> 00:00:02.110 align:start position:0%',
      ' ',
      'in<00:00:00.179><c> this</c><00:00:00.450><c> video</c>',
      '',
      '00:00:02.110 --> 00:00:02.120 align:start position:0%',
      'in this video',
      ' ',
      '',
      '00:00:02.120 --> 00:00:05.450 align:start position:0%',
      'in this video',
      "we're<00:00:02.399><c> going</c><00:00:02.600><c> to</c><00:00:02.800><c> test</c>",
      '',
      '00:00:05.450 --> 00:00:05.460 align:start position:0%',
      "we're going to test",
      ' ',
      '',
      '00:00:05.460 --> 00:00:08.000 align:start position:0%',
      "we're going to test",
      'rolling captions',
      '',
    ].join('\n');
    const segments = parseCaptions(vtt);
    expect(segments.map((s) => s.text)).toEqual(['in this video', "we're going to test", 'rolling captions']);
    expect(segments[0]).toMatchObject({ startMs: 30, endMs: 2120 });
    expect(segments[1]).toMatchObject({ startMs: 2120, endMs: 5460 });
  });

  it('merges back-to-back identical cues', () => {
    const vtt =
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHold on.\n\n00:00:02.000 --> 00:00:03.000\nHold on.\n\n00:00:03.000 --> 00:00:04.000\nThere.\n';
    expect(parseCaptions(vtt)).toEqual([
      { startMs: 1000, endMs: 3000, speaker: null, text: 'Hold on.' },
      { startMs: 3000, endMs: 4000, speaker: null, text: 'There.' },
    ]);
  });
});

describe('parseCaptions: SRT', () => {
  it('reads SRT with BOM, CRLF, commas, multi-line cues and formatting', () => {
    const srt =
      '\uFEFF1\r\n00:00:01,000 --> 00:00:03,500\r\n<i>First line</i>\r\nsecond line\r\n\r\n' +
      '2\r\n00:00:04,250 --> 00:00:06,000 X1:40 X2:600 Y1:20 Y2:50\r\n{\\an8}<font color="#ff0">Top</font> text\r\n\r\n';
    expect(parseCaptions(srt)).toEqual([
      { startMs: 1000, endMs: 3500, speaker: null, text: 'First line second line' },
      { startMs: 4250, endMs: 6000, speaker: null, text: 'Top text' },
    ]);
  });

  it('copes with a missing blank line between cues and with speaker names', () => {
    const srt =
      '1\n00:00:00,000 --> 00:00:02,000\nJane: We start now.\n2\n00:00:02,000 --> 00:00:04,000\nOmar: Fine by me.\n\n3\n00:00:04,000 --> 00:00:05,000\nJane: Good.\n';
    expect(parseCaptions(srt).map((s) => [s.startMs, s.speaker, s.text])).toEqual([
      [0, 'Jane', 'We start now.'],
      [2000, 'Omar', 'Fine by me.'],
      [4000, 'Jane', 'Good.'],
    ]);
  });
});

describe('parseCaptions: errors', () => {
  it('rejects what is not a caption file, saying where', () => {
    const plain = captionError('Alice: hello there\nBob: hi\n');
    expect(plain.code).toBe('E_BAD_CAPTIONS');
    expect(plain.status).toBe(400);
    expect(plain.message).toMatch(/line 1/);
    expect(captionError('\n\n{"turns": []}').message).toMatch(/line 3/);
    expect(captionError('').message).toMatch(/empty/);
  });

  it('rejects a file without cues', () => {
    expect(captionError('WEBVTT\n\nNOTE nothing here\n').message).toMatch(/no cues/);
    expect(captionError('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n').message).toMatch(/no cues/);
  });

  it('rejects unreadable or backwards timings with the line number', () => {
    const bad = captionError('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:0x.000 --> 00:00:03.000\nbroken\n');
    expect(bad.message).toMatch(/line 6/);
    expect(bad.message).toMatch(/timestamp/);
    expect(captionError('1\n00:00:05,000 --> 00:00:02,000\nback\n').message).toMatch(/line 2: the cue ends/);
    expect(captionError('WEBVTT\n\n00:61.000 --> 00:62.000\nx\n').message).toMatch(/above 59/);
  });
});

describe('toWebVtt', () => {
  it('writes voice tags and escapes markup characters', () => {
    const vtt = toWebVtt([
      { startMs: 0, endMs: 2000, speaker: 'Q&A <host>', text: 'Is a<b & c>d? -->' },
      { startMs: 2000, endMs: 3000, speaker: null, text: 'No speaker.' },
    ]);
    expect(vtt).toBe(
      'WEBVTT\n\n' +
        '00:00:00.000 --> 00:00:02.000\n<v Q&amp;A &lt;host&gt;>Is a&lt;b &amp; c&gt;d? --&gt;</v>\n\n' +
        '00:00:02.000 --> 00:00:03.000\nNo speaker.\n',
    );
  });

  it('splits long segments into cues of at most 7 s and two lines', () => {
    const text = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const vtt = toWebVtt([{ startMs: 10_000, endMs: 40_000, speaker: 'Ann', text }]);
    const cues = vtt.split('\n\n').slice(1);
    expect(cues.length).toBeGreaterThan(4);
    for (const cue of cues) {
      const [timing, ...lines] = cue.trim().split('\n');
      const [start, end] = timing.split(' --> ').map(toMs);
      expect(end - start).toBeLessThanOrEqual(7_000);
      expect(lines.length).toBeLessThanOrEqual(2);
      for (const line of lines) expect(line.replace(/<\/?v[^>]*>/g, '').length).toBeLessThanOrEqual(42);
    }
  });

  it('uses word timings when present', () => {
    const vtt = toWebVtt([
      {
        startMs: 0,
        endMs: 20_000,
        speaker: null,
        text: 'one two three',
        words: [
          { text: 'one', startMs: 500, endMs: 900 },
          { text: 'two', startMs: 1000, endMs: 1400 },
          { text: 'three', startMs: 12_000, endMs: 12_600 },
        ],
      },
    ]);
    expect(vtt).toBe('WEBVTT\n\n00:00:00.500 --> 00:00:01.400\none two\n\n00:00:12.000 --> 00:00:12.600\nthree\n');
  });

  it('round-trips through parseCaptions keeping text, times and speakers', () => {
    const long =
      'We looked at three options for the storage layer and the cheapest one turned out to be the slowest, so we are going to run one more benchmark with the real data set before we decide anything at all.';
    const segments = [
      { startMs: 0, endMs: 2_500, speaker: 'Alice Chen', text: 'Shall we start? <This> & that.' },
      { startMs: 2_600, endMs: 18_000, speaker: 'Bob', text: long },
      { startMs: 18_500, endMs: 19_000, speaker: null, text: 'Mm-hmm.' },
      { startMs: 3_725_000, endMs: 3_726_000, speaker: 'Alice Chen', text: 'Note: later.' },
    ];
    const parsed = parseCaptions(toWebVtt(segments));
    for (const original of segments) {
      const pieces = parsed.filter((p) => p.startMs >= original.startMs && p.endMs <= original.endMs);
      expect(pieces.map((p) => p.text).join(' ')).toBe(original.text);
      expect(new Set(pieces.map((p) => p.speaker))).toEqual(new Set([original.speaker]));
      expect(pieces[0].startMs).toBe(original.startMs);
      expect(pieces[pieces.length - 1].endMs).toBe(original.endMs);
    }
    expect(parsed.length).toBeGreaterThan(segments.length);
  });
});

describe('clampToMedia', () => {
  const vtt = [
    'WEBVTT',
    '',
    '00:00:01.000 --> 00:00:04.000',
    'Opening.',
    '',
    '00:00:08.000 --> 00:00:12.500',
    'Runs past the end.',
    '',
    '00:00:15.000 --> 00:00:17.000',
    'After the end.',
    '',
  ].join('\n');

  it('keeps cues inside the media: one running past it ends there, one after it goes, with a warning saying so', () => {
    const { segments, warning } = clampToMedia(parseCaptions(vtt), 10_000);
    expect(segments.map((s) => [s.startMs, s.endMs, s.text])).toEqual([
      [1_000, 4_000, 'Opening.'],
      [8_000, 10_000, 'Runs past the end.'],
    ]);
    expect(warning).toBe(
      "the caption file runs to 17.0 s, past the media's end at 10.0 s: 1 cue(s) after the end dropped, 1 cut at the end",
    );
  });

  it('changes nothing and warns of nothing when the captions fit', () => {
    const parsed = parseCaptions(vtt);
    expect(clampToMedia(parsed, 17_000)).toEqual({ segments: parsed, warning: null });
  });
});

function toMs(timestamp: string): number {
  const [h, m, s] = timestamp.split(':');
  return (Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000;
}

describe('the cue limit', () => {
  const vtt = (cues: number) => {
    const ts = (ms: number) => new Date(ms).toISOString().slice(11, 23);
    const parts = ['WEBVTT', ''];
    for (let i = 0; i < cues; i++) parts.push(`${ts(i * 500)} --> ${ts(i * 500 + 400)}`, `cue ${i}`, '');
    return parts.join('\n');
  };

  it('refuses a file with more cues than the limit before parsing it (413 E_TOO_MANY_CUES)', () => {
    let caught: unknown;
    try {
      parseCaptions(vtt(MAX_CAPTION_CUES + 1));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ code: 'E_TOO_MANY_CUES', status: 413 });
  });

  it('accepts a file at the limit', () => {
    expect(parseCaptions(vtt(MAX_CAPTION_CUES))).toHaveLength(MAX_CAPTION_CUES);
  });
});
