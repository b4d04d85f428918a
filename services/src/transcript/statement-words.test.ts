import { describe, expect, it } from 'vitest';
import type { TranscriptSegment } from '../core/transcript.ts';
import { segmentTranscript } from './segment.ts';
import { correctedTranscript, wordsOfStatements } from './statement-words.ts';

/** A recogniser-like transcript: timed words with confidences, two speakers taking turns. */
function timed(speaker: string, text: string, startMs: number): TranscriptSegment {
  const words = text
    .split(' ')
    .map((t, i) => ({ text: t, startMs: startMs + i * 400, endMs: startMs + i * 400 + 300, confidence: (i % 3) / 2 }));
  return { startMs, endMs: words.at(-1)!.endMs, speaker, text, words };
}

const transcript: TranscriptSegment[] = [
  timed('Ana', 'we decided to move the launch to march because the payment flow needs more testing', 0),
  timed('Ben', 'mm-hmm', 6500),
  timed('Ana', 'and the android tablet release waits until the camera crash is fixed', 7000),
  timed('Ben', 'who can look into the memory leak in the encoder during long recordings on android', 40_000),
];

describe('wordsOfStatements', () => {
  it('gives each statement the transcript words it was made of, with their times and confidence', () => {
    const statements = segmentTranscript(transcript);
    const words = wordsOfStatements(statements, transcript);
    for (const [i, s] of statements.entries()) {
      expect(words[i].map((w) => w.text).join(' ')).toBe(s.text);
      expect(words[i][0].startMs).toBe(s.startMs);
      expect(words[i].at(-1)!.endMs).toBe(s.endMs);
    }
    expect(words.flat().some((w) => w.confidence === 0)).toBe(true);
  });

  it('uses a statement’s stored words, and spreads its span over its text when the transcript does not spell it', () => {
    const s = { startMs: 0, endMs: 1000, speaker: 'Ana', text: 'something else entirely' };
    expect(wordsOfStatements([s], transcript)[0].map((w) => w.text)).toEqual(['something', 'else', 'entirely']);
    const stored = [{ text: 'x', startMs: 5, endMs: 6 }];
    expect(wordsOfStatements([{ ...s, words: stored }], transcript)[0]).toBe(stored);
  });
});

describe('correctedTranscript', () => {
  it('replaces the words a corrected statement covered, keeps everyone else’s, and changes nothing without corrections', () => {
    expect(correctedTranscript(transcript, [])).toBe(transcript);
    const [first] = segmentTranscript(transcript);
    const words = wordsOfStatements([first], transcript)[0].map((w) => (w.text === 'march' ? { ...w, text: 'May' } : w));
    const fixed = correctedTranscript(transcript, [{ ...first, speaker: 'Ana Lima', words, heardSpeaker: 'Ana' }]);
    const text = fixed.map((s) => `${s.speaker}: ${s.text}`).join('\n');
    expect(text).toContain('Ana Lima: we decided to move the launch to May');
    expect(text).not.toContain('march');
    expect(text).toContain('Ben: mm-hmm');
    expect(text).toContain('Ben: who can look into the memory leak');
    expect(fixed.map((s) => s.startMs)).toEqual([...fixed.map((s) => s.startMs)].sort((a, b) => a - b));
  });
});
