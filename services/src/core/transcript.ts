/** A timed word, as a recogniser reports it (ms from the start of the media). */
export interface TimedWord {
  text: string;
  startMs: number;
  endMs: number;
  /** The recogniser's confidence in the word, 0–1, when it says (PocketSphinx does; captions don't). */
  confidence?: number;
}

/**
 * One piece of a transcript as it came from its source: a recogniser utterance, a caption cue or
 * an imported meeting turn. Speaker is null when the source does not say.
 */
export interface TranscriptSegment {
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
  words?: TimedWord[];
}

/** A statement before it is stored: the atom search, labels, digests and routing point at. */
export interface StatementDraft {
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}
