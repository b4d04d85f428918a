/**
 * Which transcript words a statement is made of, and the captions once statements are corrected.
 *
 * Segmentation (segment.ts) makes a statement from one speaker's consecutive words, and one
 * speaker's statements never overlap; so a statement's words are that speaker's transcript words
 * whose middle lies in its span. A corrected statement stores its own words; the captions then
 * use them in place of the transcript words it covered (as heard: the speaker before any rename).
 */
import type { TimedWord, TranscriptSegment } from '../core/transcript.ts';
import { splitWords, spread } from './realign.ts';

export interface StatementSpan {
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}

/** A corrected statement: its words now, and the speaker the transcript gave it. */
export interface CorrectedStatement extends StatementSpan {
  words: TimedWord[];
  heardSpeaker: string | null;
}

interface SpeakerWord extends TimedWord {
  speaker: string | null;
}

const speakerKey = (speaker: string | null | undefined) => speaker?.trim() || null;
const middle = (w: TimedWord) => (w.startMs + Math.max(w.startMs, w.endMs)) / 2;
const covers = (s: { startMs: number; endMs: number }, w: TimedWord) => middle(w) >= s.startMs && middle(w) <= s.endMs;

/** A segment's words with times: its own timings (with the text's spelling), else its span spread by characters. */
export function segmentWords(segment: TranscriptSegment): TimedWord[] {
  const texts = splitWords(segment.text);
  const words = (segment.words ?? []).filter((w) => w.text.trim() !== '');
  if (words.length > 0 && (texts.length === 0 || texts.length === words.length)) {
    return words.map((w, i) => ({ ...w, text: texts[i] ?? w.text.trim(), endMs: Math.max(w.startMs, w.endMs) }));
  }
  return spread(texts, segment.startMs, Math.max(segment.startMs, segment.endMs));
}

/**
 * Each statement's timed words, in order: its stored (corrected) words, else the transcript words
 * it is made of. When those do not spell its text (a transcript changed since), its span is
 * spread over its text instead.
 */
export function wordsOfStatements(
  statements: (StatementSpan & { words?: TimedWord[] | null })[],
  transcript: TranscriptSegment[],
): TimedWord[][] {
  const bySpeaker = new Map<string | null, SpeakerWord[]>();
  for (const segment of transcript) {
    const key = speakerKey(segment.speaker);
    const list = bySpeaker.get(key) ?? [];
    for (const w of segmentWords(segment)) list.push({ ...w, speaker: key });
    bySpeaker.set(key, list);
  }
  for (const list of bySpeaker.values()) list.sort((a, b) => middle(a) - middle(b));
  return statements.map((s) => {
    if (s.words && s.words.length > 0) return s.words;
    const texts = splitWords(s.text);
    const covered = wordsIn(bySpeaker.get(speakerKey(s.speaker)) ?? [], s);
    if (covered.length === texts.length) return covered.map(({ speaker: _, ...w }, i) => ({ ...w, text: texts[i] }));
    return spread(texts, s.startMs, s.endMs);
  });
}

/** The words (sorted by middle) whose middle lies in the span: a binary search, then a scan. */
function wordsIn(words: SpeakerWord[], span: { startMs: number; endMs: number }): SpeakerWord[] {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (middle(words[mid]) < span.startMs) lo = mid + 1;
    else hi = mid;
  }
  const out: SpeakerWord[] = [];
  for (let i = lo; i < words.length && middle(words[i]) <= span.endMs; i++) out.push(words[i]);
  return out;
}

/**
 * The transcript as captions should show it: every transcript word that a corrected statement
 * covers gives way to that statement's words (with its speaker now). Nothing changes without
 * corrections.
 */
export function correctedTranscript(transcript: TranscriptSegment[], corrected: CorrectedStatement[]): TranscriptSegment[] {
  if (corrected.length === 0) return transcript;
  const isCovered = (w: TimedWord, speaker: string | null) => corrected.some((s) => speakerKey(s.heardSpeaker) === speaker && covers(s, w));
  const kept: TranscriptSegment[] = [];
  for (const segment of transcript) {
    const speaker = speakerKey(segment.speaker);
    let run: TimedWord[] = [];
    const close = () => {
      if (run.length === 0) return;
      kept.push({
        startMs: run[0].startMs,
        endMs: run[run.length - 1].endMs,
        speaker: segment.speaker,
        text: run.map((w) => w.text).join(' '),
        words: run,
      });
      run = [];
    };
    for (const w of segmentWords(segment)) {
      if (isCovered(w, speaker)) close();
      else run.push(w);
    }
    close();
  }
  const replacements: TranscriptSegment[] = corrected
    .filter((s) => s.words.length > 0)
    .map((s) => ({ startMs: s.startMs, endMs: s.endMs, speaker: s.speaker, text: s.words.map((w) => w.text).join(' '), words: s.words }));
  return [...kept, ...replacements].sort((a, b) => a.startMs - b.startMs);
}
