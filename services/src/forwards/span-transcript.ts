import type { TranscriptSegment } from '../core/transcript.ts';

export interface SpanCue {
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}

/** Segments may start or end this far outside the span and still count as inside (rounding). */
const TOLERANCE_MS = 250;

/**
 * The transcript an expert link shows: what was said inside [startMs, endMs] and nothing else.
 * A segment inside the span is kept whole; one that straddles its edge keeps only its words that
 * lie inside (when it has word timings) and is dropped otherwise, so no text from outside the span
 * leaks. If nothing is left, the statement's own text stands for the span.
 */
export function spanTranscript(segments: TranscriptSegment[], span: SpanCue): SpanCue[] {
  const cues: SpanCue[] = [];
  for (const seg of segments) {
    if (seg.endMs <= span.startMs || seg.startMs >= span.endMs) continue;
    if (seg.startMs >= span.startMs - TOLERANCE_MS && seg.endMs <= span.endMs + TOLERANCE_MS) {
      cues.push({ startMs: seg.startMs, endMs: seg.endMs, speaker: seg.speaker, text: seg.text });
      continue;
    }
    const words = (seg.words ?? []).filter((w) => w.startMs >= span.startMs - TOLERANCE_MS && w.endMs <= span.endMs + TOLERANCE_MS);
    if (words.length === 0) continue;
    cues.push({
      startMs: words[0].startMs,
      endMs: words[words.length - 1].endMs,
      speaker: seg.speaker,
      text: words.map((w) => w.text).join(' '),
    });
  }
  return cues.length > 0 ? cues : [{ ...span }];
}

/** What a link to a whole contribution (a shared interview answer) shows: everything said in it, in order. */
export function wholeTranscript(segments: TranscriptSegment[]): SpanCue[] {
  return segments.map((seg) => ({ startMs: seg.startMs, endMs: seg.endMs, speaker: seg.speaker, text: seg.text }));
}
