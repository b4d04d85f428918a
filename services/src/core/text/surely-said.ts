/**
 * What was surely said in a contribution: the words a title, chapter title or tag may be made of.
 *
 * An offline recogniser gets about one word in two wrong, and a wrong word is rarely wrong the same
 * way twice, while what a talk is about comes back. So a word is surely said when it was said at
 * least twice, each time counted only if the recogniser was confident about it (the confidence it
 * reports, 0–1). Typed transcripts and captions report no confidence: every word of theirs counts.
 * A tag the conference already uses has recurred before, so once surely said here is enough.
 */
import type { TimedWord } from '../transcript.ts';
import { singular } from './singular.ts';
import { stem } from './stem.ts';
import { cleanTranscript, words } from './tokens.ts';

/** An occurrence counts when the recogniser's confidence in it is at least this (PocketSphinx posteriors). */
export const SURE_CONFIDENCE = 0.5;
/** Times a word must be surely said before it may name what a contribution is about. */
export const MIN_SURE_MENTIONS = 2;

/** What is needed of a statement: its text, and the recognised words when a recogniser made it. */
export interface SpokenText {
  text: string;
  words?: readonly Pick<TimedWord, 'text' | 'confidence'>[];
}

/** One key for a word's forms: a tag's lemma ("box") and the word as said ("boxes") meet. */
const keyOf = (word: string) => stem(singular(word.toLowerCase()), 'light');

export class SurelySaid {
  private constructor(
    /** Stem → occurrences the recogniser was sure of (all of them when it reported no confidence). */
    private readonly sure: ReadonlyMap<string, number>,
    /** Whether any word carried a recogniser confidence. */
    readonly recognised: boolean,
  ) {}

  static of(statements: readonly SpokenText[]): SurelySaid {
    const sure = new Map<string, number>();
    let recognised = false;
    for (const s of statements) {
      const tokens = s.words?.length
        ? s.words.flatMap((w) => words(cleanTranscript(w.text)).map((text) => ({ text, confidence: w.confidence })))
        : words(cleanTranscript(s.text)).map((text) => ({ text, confidence: undefined }));
      for (const t of tokens) {
        if (t.confidence !== undefined) recognised = true;
        if (t.confidence !== undefined && !(t.confidence >= SURE_CONFIDENCE)) continue;
        const key = keyOf(t.text);
        sure.set(key, (sure.get(key) ?? 0) + 1);
      }
    }
    return new SurelySaid(sure, recognised);
  }

  /** Times the word was surely said. */
  mentions(word: string): number {
    return this.sure.get(keyOf(word)) ?? 0;
  }

  /**
   * Every word of the phrase was surely said at least MIN_SURE_MENTIONS times, or at least once
   * when the phrase is already part of the conference's vocabulary (`known`).
   */
  allows(phrase: string, known = false): boolean {
    const parts = words(cleanTranscript(phrase));
    const needed = known ? 1 : MIN_SURE_MENTIONS;
    return parts.length > 0 && parts.every((w) => this.mentions(w) >= needed);
  }
}
