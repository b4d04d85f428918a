import { describe, expect, it } from 'vitest';
import { DEFAULT_SEGMENT_OPTIONS, segmentTranscript } from './segment.ts';
import type { StatementDraft, TranscriptSegment } from '../core/transcript.ts';
import { sentenceActOf } from '../ai/local/acts.ts';

// Made-up transcripts; property checks over the 20 AMI dev meetings are in services/test/transcript/segment.test.ts.
/** Sentences spoken one after another at ~150 words per minute, as one speaker's segments. */
function speak(sentences: string[], speaker: string | null = null, fromMs = 0, gapMs = 150): TranscriptSegment[] {
  let clock = fromMs;
  return sentences.map((text) => {
    const startMs = clock;
    const endMs = startMs + Math.round((text.split(/\s+/).length / 2.5) * 1000);
    clock = endMs + gapMs;
    return { startMs, endMs, speaker, text };
  });
}

const seconds = (s: StatementDraft) => (s.endMs - s.startMs) / 1000;

const GARDEN = [
  'This spring I finally rebuilt the raised beds in the garden behind the house.',
  'The old timber had rotted, so the garden beds needed new cedar boards and fresh soil.',
  'I mixed compost into the soil before planting tomatoes, beans and a row of lettuce.',
  'Tomatoes in the raised beds need full sun, so the beds face south along the garden fence.',
  'Watering the garden every morning keeps the soil moist and the lettuce from bolting.',
  'The beans climb a simple trellis of garden twine tied between two cedar posts.',
  'Slugs love lettuce, so I put copper tape around the edges of the raised beds.',
  'By July the tomatoes were heavy and the garden beds needed extra compost and water.',
  'Next year I want a fourth raised bed for herbs near the garden gate.',
  'Cedar lasts longer than pine, so the new garden beds should survive many seasons.',
  'Mulching the soil with straw keeps the beds cool and cuts down on watering.',
  'Overall the raised beds doubled what the garden produced compared with last year.',
];

const DATABASE = [
  'On the database side, the query planner kept choosing a sequential scan on the orders table.',
  'We added a composite index on customer id and created date, and the query dropped to milliseconds.',
  'Vacuum had not run for weeks, so table statistics were stale and the planner guessed badly.',
  'After analyze refreshed the statistics, the planner used the new index for every query.',
  'Connection pooling also mattered, because each request opened a fresh database connection.',
  'With the pool capped at twenty connections, latency under load became flat and predictable.',
  'Replication lag on the read replica stayed under a second even during the nightly batch.',
  'The migration to partitioned tables is next, starting with the largest orders partition.',
];

describe('segmentTranscript: basics', () => {
  it('returns nothing for nothing', () => {
    expect(segmentTranscript([])).toEqual([]);
    expect(segmentTranscript([{ startMs: 0, endMs: 1000, speaker: 'A', text: '   ' }])).toEqual([]);
  });

  it('keeps source text and punctuation, normalising whitespace, with source times', () => {
    const statements = segmentTranscript([
      { startMs: 1000, endMs: 4000, speaker: 'Ann', text: '  Well,   we tried\nthat. ' },
      { startMs: 4200, endMs: 9000, speaker: 'Ann', text: 'It failed — twice!' },
    ]);
    expect(statements).toEqual([{ startMs: 1000, endMs: 9000, speaker: 'Ann', text: 'Well, we tried that. It failed — twice!' }]);
  });

  it('a short contribution that is only "Okay." still gives a statement', () => {
    expect(segmentTranscript([{ startMs: 0, endMs: 600, speaker: null, text: 'Okay.' }])).toEqual([
      { startMs: 0, endMs: 600, speaker: null, text: 'Okay.' },
    ]);
  });

  it('is deterministic', () => {
    const input = speak([...GARDEN, ...DATABASE, ...GARDEN]);
    expect(segmentTranscript(input)).toEqual(segmentTranscript(input));
  });
});

describe('segmentTranscript: monologues', () => {
  it('a 2-minute monologue gives one to four statements', () => {
    const input = speak([...GARDEN, ...GARDEN.slice(0, 9)]);
    const span = (input[input.length - 1].endMs - input[0].startMs) / 1000;
    expect(span).toBeGreaterThan(110);
    expect(span).toBeLessThan(130);
    const statements = segmentTranscript(input);
    expect(statements.length).toBeGreaterThanOrEqual(1);
    expect(statements.length).toBeLessThanOrEqual(4);
    expect(statements.map((s) => s.text).join(' ')).toBe(input.map((s) => s.text).join(' '));
  });

  it('a single-topic monologue under maxMs stays one statement', () => {
    const input = speak(GARDEN.slice(0, 8));
    expect((input[input.length - 1].endMs - input[0].startMs) / 1000).toBeLessThan(90);
    expect(segmentTranscript(input)).toHaveLength(1);
  });

  it('splits a monologue near a topic shift', () => {
    const garden = speak(GARDEN.slice(0, 5));
    const shiftMs = garden[garden.length - 1].endMs + 150;
    const input = [...garden, ...speak(DATABASE.slice(0, 5), null, shiftMs)];
    expect((input[input.length - 1].endMs - input[0].startMs) / 1000).toBeLessThan(90);
    const statements = segmentTranscript(input);
    expect(statements).toHaveLength(2);
    expect(Math.abs(statements[1].startMs - shiftMs)).toBeLessThanOrEqual(1000);
    expect(statements[1].text.startsWith('On the database side')).toBe(true);
  });

  it('splits at a long pause', () => {
    const first = speak(GARDEN.slice(0, 3));
    const resumeMs = first[first.length - 1].endMs + 4_000;
    const statements = segmentTranscript([...first, ...speak(GARDEN.slice(3, 6), null, resumeMs)]);
    expect(statements).toHaveLength(2);
    expect(statements[1].startMs).toBe(resumeMs);
  });

  it('does not split off a fragment shorter than minMs at a pause', () => {
    const intro = speak(['Okay, hello.']);
    const body = speak(GARDEN.slice(0, 4), null, intro[0].endMs + 4_000);
    expect(segmentTranscript([...intro, ...body])).toHaveLength(1);
  });

  it('never exceeds maxMs, even in a ten-minute monologue', () => {
    const sentences = Array.from({ length: 10 }, () => [...GARDEN, ...DATABASE]).flat();
    const input = speak(sentences);
    expect((input[input.length - 1].endMs - input[0].startMs) / 1000).toBeGreaterThan(600);
    const statements = segmentTranscript(input);
    expect(statements.length).toBeGreaterThanOrEqual(7);
    expect(statements.length).toBeLessThanOrEqual(60);
    for (const s of statements) expect(seconds(s)).toBeLessThanOrEqual(90);
    for (let i = 1; i < statements.length; i++) expect(statements[i].startMs).toBeGreaterThanOrEqual(statements[i - 1].endMs);
  });

  it('splits a single sentence longer than maxMs at word boundaries', () => {
    const words = Array.from({ length: 500 }, (_, i) => `w${i}`);
    const input = [{ startMs: 0, endMs: 200_000, speaker: 'Lee', text: words.join(' ') }];
    const statements = segmentTranscript(input);
    expect(statements.length).toBeGreaterThanOrEqual(3);
    for (const s of statements) expect(seconds(s)).toBeLessThanOrEqual(90);
    expect(statements.map((s) => s.text).join(' ')).toBe(words.join(' '));
    expect(statements[0].startMs).toBe(0);
    expect(statements[statements.length - 1].endMs).toBe(200_000);
  });

  it('respects options', () => {
    const input = speak([...GARDEN, ...GARDEN]);
    const statements = segmentTranscript(input, { maxMs: 30_000, minMs: 5_000 });
    for (const s of statements) expect(seconds(s)).toBeLessThanOrEqual(30);
    expect(statements.length).toBeGreaterThan(segmentTranscript(input).length);
    expect(DEFAULT_SEGMENT_OPTIONS.maxMs).toBe(90_000);
  });
});

describe('segmentTranscript: recogniser output', () => {
  it('works from timed words without punctuation', () => {
    const utterance = (text: string, startMs: number): TranscriptSegment => {
      const words = text.split(' ').map((w, i) => ({ text: w, startMs: startMs + i * 400, endMs: startMs + i * 400 + 350 }));
      return { startMs, endMs: words[words.length - 1].endMs, speaker: null, text, words };
    };
    const phrase = 'so the plan for the raised garden beds is to use cedar boards and fresh compost this spring';
    const segments = [
      utterance(phrase, 0),
      utterance(phrase, 7_000),
      utterance(phrase, 14_000),
      // a long silence, then the speaker moves on
      utterance('the database index work is next and we will tune the query planner statistics after that', 30_000),
      utterance('the database index work is next and we will tune the query planner statistics after that', 37_000),
    ];
    const statements = segmentTranscript(segments);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatchObject({ startMs: 0, endMs: segments[2].endMs, speaker: null });
    expect(statements[1]).toMatchObject({ startMs: 30_000, endMs: segments[4].endMs });
    expect(statements[0].text).toBe([phrase, phrase, phrase].join(' '));
  });

  it('interpolates times by characters inside a segment without word timings', () => {
    const text = Array.from({ length: 300 }, (_, i) => (i % 10 === 9 ? 'stop.' : 'abcd')).join(' ');
    const statements = segmentTranscript([{ startMs: 10_000, endMs: 130_000, speaker: 'A', text }]);
    expect(statements.length).toBeGreaterThanOrEqual(2);
    expect(statements[0].startMs).toBe(10_000);
    expect(statements[statements.length - 1].endMs).toBe(130_000);
    for (let i = 1; i < statements.length; i++) {
      expect(statements[i].startMs).toBeGreaterThan(statements[i - 1].startMs);
      expect(statements[i].startMs).toBeGreaterThanOrEqual(statements[i - 1].endMs);
    }
  });
});

describe('segmentTranscript: meetings', () => {
  it('steps over backchannels but keeps a short question and a decision as statements', () => {
    const a1 = speak(GARDEN.slice(0, 3), 'A', 0);
    const mmhmm = { startMs: a1[1].startMs + 500, endMs: a1[1].startMs + 900, speaker: 'B', text: 'Mm-hmm.' };
    const a2 = speak(GARDEN.slice(3, 6), 'A', a1[2].endMs + 200);
    const question = speak(['Which one is my bar?'], 'B', a2[2].endMs + 300);
    const answer = speak(GARDEN.slice(6, 9), 'A', question[0].endMs + 300);
    const yeah = speak(['Yeah.'], 'C', answer[2].endMs + 200);
    const decision = speak(["Let's go with rubber."], 'C', yeah[0].endMs + 2_000);
    const okay = speak(['Okay.'], 'A', decision[0].endMs + 200);
    const statements = segmentTranscript([...a1, mmhmm, ...a2, ...question, ...answer, ...yeah, ...decision, ...okay]);
    expect(statements.map((s) => [s.speaker, s.text])).toEqual([
      ['A', [...GARDEN.slice(0, 6)].join(' ')],
      ['B', 'Which one is my bar?'],
      ['A', GARDEN.slice(6, 9).join(' ')],
      ['C', "Yeah. Let's go with rubber."],
    ]);
    expect(statements[0]).toMatchObject({ startMs: a1[0].startMs, endMs: a2[2].endMs });
    expect(statements.some((s) => s.text.includes('Mm-hmm'))).toBe(false);
  });

  it('treats a null speaker as one unknown speaker, distinct from named ones', () => {
    const statements = segmentTranscript([
      ...speak(GARDEN.slice(0, 2), null, 0),
      ...speak(DATABASE.slice(0, 2), 'Sam', 20_000),
      ...speak(GARDEN.slice(2, 4), null, 40_000),
    ]);
    expect(statements.map((s) => s.speaker)).toEqual([null, 'Sam', null]);
  });

  it('a substantive remark from another speaker stays a statement of its own', () => {
    const a1 = speak(GARDEN.slice(0, 3), 'A', 0);
    const remark = speak(['I used pine boards last time and they rotted quickly.'], 'B', a1[2].endMs + 200);
    const a2 = speak(GARDEN.slice(3, 6), 'A', remark[0].endMs + 200);
    const statements = segmentTranscript([...a1, ...remark, ...a2]);
    expect(statements.map((s) => s.speaker)).toEqual(['A', 'B', 'A']);
    expect(statements[1].text).toBe('I used pine boards last time and they rotted quickly.');
  });

  it('can treat longer interjections as minor when asked to', () => {
    const a1 = speak(GARDEN.slice(0, 3), 'A', 0);
    const remark = speak(['I used pine boards last time and they rotted quickly.'], 'B', a1[2].endMs + 200);
    const a2 = speak(GARDEN.slice(3, 6), 'A', remark[0].endMs + 200);
    const statements = segmentTranscript([...a1, ...remark, ...a2], { interjectionMaxWords: 20 });
    expect(statements).toHaveLength(1);
    expect(statements[0].speaker).toBe('A');
  });
});

describe('one act per statement', () => {
  const ANDROID_DECISION =
    'We decided to drop the Android tablet release from the March launch until the camera permission crash on Samsung devices is fixed.';
  const ANDROID_QUESTION = 'Who can look into why the Kotlin MediaCodec encoder leaks memory during long recordings on Android?';
  const android: TranscriptSegment = { startMs: 0, endMs: 14_000, speaker: 'Carol', text: `${ANDROID_DECISION} ${ANDROID_QUESTION}` };
  const acts = { sentenceAct: sentenceActOf };

  it('cuts a decision and a question of one speaker into two statements, each with its own time', () => {
    const statements = segmentTranscript([android], {}, acts);
    expect(statements.map((s) => s.text)).toEqual([ANDROID_DECISION, ANDROID_QUESTION]);
    // No word timings: the segment's time is shared out by characters.
    const share = ANDROID_DECISION.length / android.text.length;
    expect(statements[0].startMs).toBe(0);
    expect(Math.abs(statements[0].endMs - share * 14_000)).toBeLessThan(300);
    expect(statements[1].startMs).toBeGreaterThan(statements[0].endMs);
    expect(statements[1].endMs).toBe(14_000);
    // Without act information the two short sentences stay one statement, as before.
    expect(segmentTranscript([android])).toHaveLength(1);
  });

  it('uses word timings when the recogniser gives them', () => {
    const texts = android.text.split(' ');
    const words = texts.map((text, i) => ({ text, startMs: 1_000 + i * 400, endMs: 1_000 + i * 400 + 300 }));
    const statements = segmentTranscript([{ ...android, endMs: 1_000 + texts.length * 400, words }], {}, acts);
    const firstQuestionWord = ANDROID_DECISION.split(' ').length;
    expect(statements).toHaveLength(2);
    expect(statements[1].startMs).toBe(words[firstQuestionWord].startMs);
    expect(statements[0].endMs).toBe(words[firstQuestionWord - 1].endMs);
  });

  it('keeps sentences that carry the same act, or none, together', () => {
    const twoQuestions = 'Who can review the encoder patch this week? And who tests it on the Samsung tablets?';
    const context = 'The camera permission crash happens on every Samsung tablet we tried. Who can look into the crash this week?';
    expect(segmentTranscript([{ ...android, text: twoQuestions }], {}, acts)).toHaveLength(1);
    expect(segmentTranscript([{ ...android, text: context }], {}, acts)).toHaveLength(1);
    // A one-word reaction is no act of its own.
    expect(segmentTranscript([{ ...android, text: `${ANDROID_DECISION} Okay?` }], {}, acts)).toHaveLength(1);
  });
});
