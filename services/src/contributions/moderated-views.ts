/**
 * What members read of a contribution once statements are hidden or deleted: the transcript
 * without their words, the summary without the sentences that cite them. Pure functions.
 */
import type { Chapter, CitedSentence } from '@colloquy/contract';
import type { TranscriptSegment } from '../core/transcript.ts';
import { correctedTranscript } from '../transcript/statement-words.ts';

export interface Span {
  startMs: number;
  endMs: number;
  /** The speaker the transcript gives these words. */
  speaker: string | null;
}

/** The transcript without the words the spans cover (each span takes only its own speaker's words). */
export function cutSpans(transcript: TranscriptSegment[], spans: Span[]): TranscriptSegment[] {
  if (spans.length === 0) return transcript;
  return correctedTranscript(
    transcript,
    spans.map((x) => ({ startMs: x.startMs, endMs: x.endMs, speaker: x.speaker, text: '', words: [], heardSpeaker: x.speaker })),
  );
}

/** A summary without the sentences citing any of `ids`; chapters keep their other statements (none left: gone). */
export function withoutStatements<T extends { sentences: CitedSentence[]; chapters: Chapter[] }>(summary: T, ids: Set<string>): T {
  if (ids.size === 0) return summary;
  return {
    ...summary,
    sentences: summary.sentences.filter((s) => !s.statementIds.some((id) => ids.has(id))),
    chapters: summary.chapters
      .map((ch) => ({ ...ch, statementIds: ch.statementIds.filter((id) => !ids.has(id)) }))
      .filter((ch) => ch.statementIds.length > 0),
  };
}
