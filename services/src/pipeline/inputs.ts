import type { StatementRow } from '../db/repos/contributions.repo.ts';
import type { StatementInput } from '../core/understanding.ts';
import type { TimedWord, TranscriptSegment } from '../core/transcript.ts';

/**
 * Statements as the models see them. With the transcript, each carries the recognised words said
 * within its time (by the word's midpoint), confidence included, so titles and tags can keep to
 * what was surely said; a transcript without word timings (typed, captions) adds none.
 */
export function toStatementInputs(rows: StatementRow[], transcript: readonly TranscriptSegment[] = []): StatementInput[] {
  const timed = transcript.flatMap((segment) => (segment.words ?? []).map((word) => ({ word, speaker: segment.speaker })));
  return rows.map((s) => {
    const input: StatementInput = { id: s.id, text: s.text, speaker: s.speaker, startMs: s.start_ms, endMs: s.end_ms };
    if (timed.length === 0) return input;
    const words: TimedWord[] = [];
    for (const { word, speaker } of timed) {
      const middle = (word.startMs + word.endMs) / 2;
      if (middle < s.start_ms || middle > s.end_ms) continue;
      if (speaker !== null && s.speaker !== null && speaker !== s.speaker) continue;
      words.push(word);
    }
    return words.length > 0 ? { ...input, words } : input;
  });
}
