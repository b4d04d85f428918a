/**
 * Keyphrases of a statement: the noun-phrase-ish runs of content words it is about.
 *
 * 1. Candidates: runs of content words between stopwords, fillers and punctuation ("the new remote
 *    control's battery" → "new remote control's battery" → sub-phrases of 1–3 words). Words are
 *    lemmatised for display ("batteries" → "battery") and stemmed for matching.
 * 2. Score: how often the phrase occurs in the statement (sublinear) × how rare its words are in
 *    general English (word-weights.ts), so "battery" beats "idea". Multi-word phrases need to
 *    repeat to beat their own words: a phrase said once is usually too specific to be a tag.
 *    A light part-of-speech cue from the word before a run: after a determiner or preposition it
 *    is a noun phrase ("the battery"), after a subject or modal a verb ("we prepare"), weighed less.
 */
import { splitSentences } from '../../core/text/sentences.ts';
import { singular } from '../../core/text/singular.ts';
import { stem } from '../../core/text/stem.ts';
import { FILLERS, STOPWORDS } from '../../core/text/stopwords.ts';
import { cleanTranscript } from '../../core/text/tokens.ts';
import { isCommonWord, wordIdf } from './word-weights.ts';

/** Discourse nouns that are never what a statement is about ("the idea", "a problem", "this part"). */
const GENERIC_NOUNS = new Set(
  `idea ideas problem problems question questions issue issues part parts number numbers example examples
  minute minutes second seconds hour hours week weeks month months year years day days moment time times
  person persons guy guys everybody anybody people man woman thing things stuff way ways lot lots bit bits
  kind sort type types sense fact reason reasons place area end side level step steps matter course term
  terms point points case cases stage word words sentence idea option options question answer answers
  today tomorrow yesterday morning afternoon evening start beginning half piece pieces group list set
  mind hand hands head job couple rest whole top bottom front back line lines name names version`.split(/\s+/),
);

/**
 * Common verbs and colloquialisms that are not in the keyphrase stopwords but never name a topic on their own.
 * General English, not tuned to any meeting.
 */
const NON_TOPIC_WORDS = new Set(
  `cuz coz cos dunno gotta lemme gimme ain't y'know consider considered choose chose chosen understand
  understood refer referred enter entered infer inferred differentiate decide decided agree agreed
  suggest suggested mention mentioned explain explained describe described discuss discussed happen
  happened happens seem appear appeared realize realise realized realised remember forget forgot
  imagine wonder wondering figure figured assume assumed expect expected hope hoped believe believed
  feel felt hear heard listen listening watch watched show showed shown bring brought carry carried
  change changed add added remove removed include included involve involved allow allowed require
  required provide provided produce produced create created continue continued finish finished
  stop stopped move moved turn turned leave left stay stayed wait waited sit sitting stand standing
  walk walked run ran read reading write writing written spend spent pay paid buy bought sell sold
  cost costs aim aiming adjust adjusting implement implementing handle handled basically anymore
  correct correctly exact especially extremely frequently particularly usually actually apparently
  certain certainly clear clearly different easy easier hard harder possible impossible simple
  important interesting difficult nice sure true wrong bad better best worse worst huge tiny whatever
  blah zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
  sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
  thousand million billion percent half quarter double per rid via smaller bigger larger cheaper
  easier harder faster slower longer shorter higher lower greater normal usual typical`.split(/\s+/),
);

/** Words shorter than this are rarely topics and often recognition noise. */
const MIN_WORD_LENGTH = 3;
/** A content word's general-English IDF must reach this: common words describe, rare ones name. */
const MIN_CONTENT_IDF = 3;
const MAX_PHRASE_WORDS = 3;
/** A phrase said once is discounted against its words; said twice or more, preferred to them. */
const SINGLE_PHRASE_FACTOR = 0.75;
const REPEATED_PHRASE_FACTOR = 1.25;

export interface Keyphrase {
  /** Lower-case lemmas, e.g. "remote control": the tag form. */
  phrase: string;
  /** The same with acronyms upper-case, for titles ("LCD screen"). */
  display: string;
  /** Stems joined by spaces: the matching key. */
  key: string;
  score: number;
  /** Times the phrase (by stems) occurs in the statement. */
  count: number;
}

interface Token {
  lemma: string;
  /** The lemma as it should be shown in a title: acronyms stay upper-case ("LCD screen"). */
  display: string;
  stem: string;
  idf: number;
  /** Capitalised mid-sentence (true), lower-case (false), or capitalised at a sentence start (null: unknown). */
  proper: boolean | null;
}

function isContentWord(word: string): boolean {
  return (
    word.length >= MIN_WORD_LENGTH &&
    !STOPWORDS.keyphrase.has(word) &&
    !FILLERS.has(word) &&
    !GENERIC_NOUNS.has(word) &&
    !GENERIC_NOUNS.has(singular(word)) &&
    !NON_TOPIC_WORDS.has(word) &&
    !NON_TOPIC_WORDS.has(singular(word)) &&
    /\p{L}/u.test(word) &&
    !/'/.test(word.replace(/'s$/, '')) &&
    !isInflectedForm(word) &&
    wordIdf(word) >= MIN_CONTENT_IDF
  );
}

/**
 * Past participles and adverbs ("collected", "handed", "frequently") describe an action or manner,
 * not a topic. Nouns that end the same way are short ("bed", "shed"), end in -eed ("speed") or,
 * for -ly, have no known base ("supply", "family").
 */
function isInflectedForm(word: string): boolean {
  if (word.length > 5 && word.endsWith('ed') && !word.endsWith('eed') && word !== 'hundred') return true;
  if (word.length > 5 && word.endsWith('ly')) {
    const base = word.slice(0, -2);
    return isCommonWord(base) || isCommonWord(`${base}le`) || (base.endsWith('i') && isCommonWord(`${base.slice(0, -1)}y`));
  }
  return false;
}

/** Seen only where a verb goes ("we prepare", "to identify"): rarely a topic. */
const VERB_CONTEXT_FACTOR = 0.5;
/** Never seen after a determiner or preposition, nor where a verb goes. */
const NO_CONTEXT_FACTOR = 0.8;

/**
 * A word only ever capitalised mid-sentence is a proper noun: usually a person ("Morgan"), who is
 * not what the talk is about, sometimes a product, which still wins when it is said often.
 */
const PROPER_NOUN_FACTOR = 0.6;

/** Adjective-looking single words are weak tags on their own ("robust", "interchangeable"). */
const ADJECTIVE_ENDING = /(?:able|ible|ous|ful|ive|ical|less)$/;
const ADJECTIVE_FACTOR = 0.5;

const CASED_WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;

/**
 * Short unknown words are mostly cut-off speech ("tha", "kee") unless written as an acronym
 * ("LCD", "XML").
 */
function looksLikeFragment(original: string, word: string): boolean {
  return word.length <= 3 && !isCommonWord(word) && original !== original.toUpperCase();
}

/** Singular of a plural, checked against general English ("bonuses" → "bonus", "cases" → "case"). */
function lemma(word: string): string {
  const guess = singular(word);
  if (guess === word || isCommonWord(guess)) return guess;
  for (const option of [word.slice(0, -1), word.slice(0, -2)]) if (isCommonWord(option)) return option;
  return guess;
}

/** A run of content words and what came right before it (a light part-of-speech cue). */
interface Run {
  tokens: Token[];
  /** Preceded by a determiner or preposition ("the battery", "about pricing"): a noun phrase. */
  nounContext: boolean;
  /** Preceded by a subject pronoun, modal or "to" ("we prepare", "to identify"): a verb. */
  verbContext: boolean;
}

const NOUN_CONTEXT = new Set(
  `the a an this that these those our your their my his her its some any no each every another other
  of for with about on in into from by at between without per than new main whole such`.split(/\s+/),
);
const VERB_CONTEXT = new Set(
  `to i we you they he she it will would can could should must might may shall i'll we'll you'll
  they'll i'd we'd you'd don't didn't doesn't won't can't let's just also really please gonna wanna`.split(/\s+/),
);

/** Runs of content words, split at anything else (stopwords, fillers, sentence and clause breaks). */
function contentRuns(text: string): Run[] {
  const runs: Run[] = [];
  for (const sentence of splitSentences(cleanTranscript(text))) {
    // Clause breaks and spaced dashes (restarts: "Pe - people"); a hyphen inside a word is a compound.
    let sentenceStart = true;
    for (const clause of sentence.text.split(/[,;:()"]+|\s[-–—]+\s|[—–]/)) {
      let run: Run = { tokens: [], nounContext: false, verbContext: false };
      let previous = '';
      for (const original of clause.match(CASED_WORD) ?? []) {
        const word = original.toLowerCase().replace(/'s$/, '');
        if (isContentWord(word) && !looksLikeFragment(original, word)) {
          if (run.tokens.length === 0)
            run = { tokens: [], nounContext: NOUN_CONTEXT.has(previous), verbContext: VERB_CONTEXT.has(previous) };
          const l = lemma(word);
          const acronym = original.length >= 2 && original === original.toUpperCase() && /\p{L}/u.test(original);
          const capitalised = !acronym && /^\p{Lu}/u.test(original);
          run.tokens.push({
            lemma: l,
            display: acronym ? l.toUpperCase() : l,
            stem: stem(word, 'light'),
            idf: Math.min(wordIdf(word), 8),
            // Capitalised where a sentence does not start: a name ("Morgan") or a product.
            proper: capitalised && !sentenceStart ? true : capitalised ? null : false,
          });
        } else if (run.tokens.length > 0) {
          runs.push(run);
          run = { tokens: [], nounContext: false, verbContext: false };
        }
        if (!FILLERS.has(word)) previous = word;
        sentenceStart = false;
      }
      if (run.tokens.length > 0) runs.push(run);
    }
  }
  return runs;
}

/** What is known about one candidate phrase of a statement. */
interface PhraseStats {
  phrase: string;
  display: string;
  size: number;
  count: number;
  idfSum: number;
  /** Occurrences after a determiner or preposition, or inside a run (noun-phrase evidence). */
  nouny: number;
  /** Occurrences right after a subject or modal (verb evidence). */
  verby: number;
  /** For single words: occurrences capitalised mid-sentence, and in lower case. */
  proper: number;
  lower: number;
}

/** Keyphrases of a statement, best first. */
export function extractKeyphrases(text: string, max = 5): Keyphrase[] {
  const found = new Map<string, PhraseStats>();
  for (const run of contentRuns(text)) {
    for (let size = 1; size <= MAX_PHRASE_WORDS; size++) {
      for (let i = 0; i + size <= run.tokens.length; i++) {
        const slice = run.tokens.slice(i, i + size);
        if (new Set(slice.map((t) => t.stem)).size < size) continue; // "data data"
        const key = slice.map((t) => t.stem).join(' ');
        let e = found.get(key);
        if (!e) {
          const phrase = slice.map((t) => t.lemma).join(' ');
          const display = slice.map((t) => t.display).join(' ');
          const idfSum = slice.reduce((sum, t) => sum + t.idf, 0);
          e = { phrase, display, size, count: 0, idfSum, nouny: 0, verby: 0, proper: 0, lower: 0 };
          found.set(key, e);
        }
        e.count++;
        // Only the run's first word follows the context word; later words follow content words.
        if (run.nounContext || i > 0) e.nouny++;
        else if (run.verbContext) e.verby++;
        if (size === 1 && slice[0].proper === true) e.proper++;
        if (size === 1 && slice[0].proper === false) e.lower++;
      }
    }
  }
  const scored: Keyphrase[] = [];
  for (const [key, e] of found) {
    const score = (1 + Math.log(e.count)) * (e.idfSum / e.size) * shapeFactor(e) * wordClassFactor(e);
    scored.push({ phrase: e.phrase, display: e.display, key, score, count: e.count });
  }
  scored.sort((a, b) => b.score - a.score || a.phrase.localeCompare(b.phrase));
  // A phrase and its own words are one candidate: keep the better-scored one.
  const chosen: Keyphrase[] = [];
  for (const candidate of scored) {
    if (chosen.some((c) => overlaps(c.key, candidate.key))) continue;
    chosen.push(candidate);
    if (chosen.length >= max) break;
  }
  return chosen;
}

/** Multi-word phrases must repeat to beat their words; adjective-like single words are weak. */
function shapeFactor(e: PhraseStats): number {
  if (e.size > 1) return e.count >= 2 ? REPEATED_PHRASE_FACTOR : SINGLE_PHRASE_FACTOR / (e.size - 1);
  return ADJECTIVE_ENDING.test(e.phrase) ? ADJECTIVE_FACTOR : 1;
}

/** Noun phrases over verbs, common nouns over names. */
function wordClassFactor(e: PhraseStats): number {
  const partOfSpeech = e.nouny > 0 ? 1 : e.verby > 0 ? VERB_CONTEXT_FACTOR : NO_CONTEXT_FACTOR;
  return partOfSpeech * (e.proper > 0 && e.lower === 0 ? PROPER_NOUN_FACTOR : 1);
}

function overlaps(a: string, b: string): boolean {
  const as = a.split(' ');
  const bs = new Set(b.split(' '));
  return as.some((s) => bs.has(s));
}

/** The statement's content words as stem → IDF (the highest of its forms). */
export function contentWordWeights(text: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const run of contentRuns(text)) for (const t of run.tokens) weights.set(t.stem, Math.max(weights.get(t.stem) ?? 0, t.idf));
  return weights;
}
