/**
 * Spoken text made readable: what a person would write down from what was said. Hesitations,
 * discourse fillers, stutters, false starts and the markers that open or close a turn ("Okay, so",
 * "… yeah.") are removed; every word left was said, in the order it was said.
 *
 * Input is one sentence whose transcription conventions are already undone (`cleanTranscript`).
 */
import { FILLERS, STOPWORDS } from './stopwords.ts';

/** "kind of" / "sort of" are fillers unless they name a kind: "what kind of battery". */
const HEDGE =
  /(?<!\b(?:what|which|this|that|the|a|any|some|one|same|every|each|no|other|another|these|those|all)\s+)\b(?:kind|sort) of\b/gi;
/** "you know" / "I mean" are fillers unless they are the clause's verb: "do you know the price", "what I mean is". */
const DISCOURSE_FILLER =
  /(?:^|(?<=[\s,]))(?<!\b(?:do|does|did|don't|didn't|if|whether|what|how|as|would|could|will|can|to|that)\s+)(?:like you know|you know|i mean)\b,?/gi;

/**
 * Words of one or two letters that are words; anything else that short is a cut-off word
 * ("th your mike", "S so any questions").
 */
const SHORT_WORDS = new Set(
  `a i am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we tv pc id uk eu ai ux ui pm`.split(' '),
);

/** A restarted phrase of up to this many words is said once ("I don't see anything I don't see anything"). */
const MAX_REPEAT_WORDS = 4;
/**
 * A restart mid-sentence counts only when at least MIN_RESTARTED_WORDS follow it and at most
 * MAX_ABANDONED_WORDS were abandoned: a longer start is a thought of its own (eval gists: cutting
 * any length lost 0.004 ROUGE-1 on ICSI).
 */
const MIN_RESTARTED_WORDS = 4;
const MAX_ABANDONED_WORDS = 6;
/** A word cut off and said again in full is at most this long ("targ target"). */
const MAX_RESTART_LENGTH = 5;

/** Opening markers: they hold the floor, and say nothing about what follows. */
const OPENERS = new Set([
  "'kay",
  'kay',
  'okay',
  'ok',
  'so',
  'well',
  'yeah',
  'yep',
  'alright',
  'oh',
  'anyway',
  'anyways',
  'and',
  'but',
  'um',
  'uh',
]);
/** Openers only when a comma follows ("Right, the battery" but "right now"; "Now, the plan" but "now we"). */
const COMMA_OPENERS = new Set(['right', 'now', 'yes', 'actually', 'basically', 'so', 'and']);
/** Closing markers a sentence trails off with ("Technical requirements and something, yeah."). */
const TRAILERS =
  /(?:[\s,]+(?:yeah|okay|ok|yep|um|uh|you know|or something|and something|and stuff|or whatever|and so on|and everything|and things)|,\s*(?:right|so|and|or|but))+\s*([.!]*)$/i;
/** Words a cut sentence must not end on: the thought would hang ("we should move the…"). */
const DANGLING = new Set(
  `a an the and or but so to of for with at by from in on into about as than that which who whose whom if because
  my our your their his her its this these those we i you they he she it is are was were be been will would can
  could should shall may might must do does did have has had not very really just also like then when where while`.split(/\s+/),
);

const bare = (token: string) => token.toLowerCase().replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, '');
const endsClause = (token: string) => /[.?!,;:]$/.test(token);

/**
 * Removes hesitations ("um", "uh"), discourse fillers ("you know", "I mean"), hedges ("sort of"),
 * stutters ("the the", "I think I think"), false starts ("S so", "wi- with") and the opening and
 * closing markers of a turn, and tidies the punctuation they leave behind. Empty when nothing but
 * those was said.
 */
export function removeDisfluencies(sentence: string): string {
  let out = sentence.replace(/[’‘`]/g, "'");
  out = out.replace(DISCOURSE_FILLER, ' ').replace(HEDGE, ' ');
  const tokens = out.split(/\s+/).filter(Boolean);
  const cased = /\p{Lu}/u.test(out);
  let kept: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const word = bare(token);
    // The words after this one, skipping dashes and hesitations ("doe h he doesn't", "Anyth - any").
    const following = tokens
      .slice(i + 1, i + 6)
      .filter((t) => {
        const w = bare(t);
        return w && !FILLERS.has(w);
      })
      .slice(0, 3);
    const beforeDash = /^[-–—]+$/.test(tokens[i + 1] ?? '');
    if (!word || FILLERS.has(word) || isFalseStart(token, word, following, { cased, beforeDash })) {
      // Keep the punctuation a dropped token carried ("um," ends a clause as much as it hesitates).
      const trailing = token.match(/[.?!]+$/)?.[0];
      if (trailing && kept.length > 0 && !/[.?!]$/.test(kept[kept.length - 1])) kept[kept.length - 1] += trailing;
      continue;
    }
    kept.push(token);
  }
  if (cased) kept = fromLastRestart(kept);
  kept = withoutRepeats(kept);
  kept = withoutOpeners(kept);
  out = tidy(kept.join(' '));
  out = out.replace(TRAILERS, '$1');
  out = tidy(out);
  if (!/[\p{L}\p{N}]/u.test(out)) return '';
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/**
 * A word cut off and restarted: a hyphen-cut token ("wi-"), a stray letter pair that is no word
 * ("th your"), or a short non-word that the next words restart ("Pe people", "sh so").
 */
function isFalseStart(token: string, word: string, next: readonly string[], at: { cased: boolean; beforeDash: boolean }): boolean {
  if (next.length === 0) return /\p{L}-$/u.test(token) || (word.length <= 2 && /^\p{L}+$/u.test(word) && !SHORT_WORDS.has(word));
  if (/\p{L}-$/u.test(token)) return true;
  if (word.length <= 2 && !SHORT_WORDS.has(word) && /^\p{L}+$/u.test(word)) return true;
  // A lower-case "i" in cased text is a cut word ("I think i in the beginning"); the pronoun is "I".
  if (token === 'i' && at.cased) return true;
  if (STOPWORDS.keyphrase.has(word) || endsClause(token) || !/^\p{L}+$/u.test(word)) return false;
  // Restarted: the next word begins with this one ("targ target", "co costs"), or, for a short
  // cut, one of the next two does ("Pe - people").
  const restarts = (n: string) => {
    const w = bare(n);
    return w.length > word.length && w.startsWith(word);
  };
  if (word.length <= MAX_RESTART_LENGTH && restarts(next[0])) return true;
  // Cut off at a dash and begun again with the same sound ("Anyth - any other").
  if (at.beforeDash && word.length <= MAX_RESTART_LENGTH && next[0] && bare(next[0]).startsWith(word[0])) return true;
  return word.length <= 3 && next.some(restarts);
}

/**
 * Cased transcripts (AMI, ICSI) mark where a speaker abandons a sentence and starts again with a
 * capital mid-sentence: "That's the kind of thing That's the level at which…", "Then So, it's…".
 * What follows the last such restart near the start is what the speaker meant.
 */
function fromLastRestart(tokens: readonly string[]): string[] {
  for (let j = Math.min(tokens.length - MIN_RESTARTED_WORDS, MAX_ABANDONED_WORDS); j > 0; j--) {
    const token = tokens[j];
    const word = bare(token);
    const capitalised = /^\p{Lu}/u.test(token) && token !== token.toUpperCase();
    if (!capitalised || !STOPWORDS.keyphrase.has(word) || /^i(?:'|$)/.test(word)) continue;
    if (/[.?!:;"]$/.test(tokens[j - 1])) continue;
    return tokens.slice(j);
  }
  return [...tokens];
}

/** Drops a word or phrase of up to MAX_REPEAT_WORDS words said twice in a row ("the the", "on a on a"). */
function withoutRepeats(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let repeated = false;
    for (let n = MAX_REPEAT_WORDS; n >= 1 && !repeated; n--) {
      if (out.length < n || i + n > tokens.length) continue;
      const before = out.slice(-n);
      const now = tokens.slice(i, i + n);
      // A clause break between the two ("No, no") is emphasis the speaker meant.
      if (endsClause(before[n - 1])) continue;
      if (before.every((t, k) => bare(t) === bare(now[k]) && bare(t) !== '')) {
        // Keep the later copy's punctuation: it is where the speaker went on.
        out.splice(out.length - n, n, ...now);
        i += n - 1;
        repeated = true;
      }
    }
    if (!repeated) out.push(tokens[i]);
  }
  return out;
}

/** Drops the markers that open a turn ("Okay, so, um, the battery" → "the battery") when more follows. */
function withoutOpeners(tokens: readonly string[]): string[] {
  let start = 0;
  while (start < tokens.length - 1) {
    const token = tokens[start];
    const word = bare(token);
    const pair = `${word} ${bare(tokens[start + 1])}`;
    if (pair === 'all right' && tokens.length - start > 3) {
      start += 2;
      continue;
    }
    const opener = OPENERS.has(word) || (COMMA_OPENERS.has(word) && /,$/.test(token));
    // "So" or "and" lead into the thought; stripping them leaves it whole. A sentence that is only
    // "Okay, so yeah." is left to the caller (it is empty after this).
    if (!opener || /[.?!]$/.test(token)) break;
    start++;
  }
  return tokens.slice(start);
}

function tidy(text: string): string {
  return text
    .replace(/\s+([,.?!;:])/g, '$1')
    .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
    .replace(/^[\s,;:.\-–—]+/, '')
    .replace(/[,;:]\s*([.?!])/g, '$1')
    .replace(/\s+[-–—]+\s*$/, '')
    .replace(/[,;:\-–—]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Backchannels and acknowledgements: a turn made only of these says nothing on its own. */
const BACKCHANNEL_WORDS = new Set(
  `yeah yes yep yup no nope okay ok right alright sure oh ah wow cool great good fine nice true exactly indeed
  absolutely definitely totally really well so and thanks thank you hi hello bye mm mhm hmm huh uh um
  i see guess know think agree got it that that's fair enough makes sense me too`.split(/\s+/),
);

/** True when a text has no word beyond fillers and backchannels ("Mm-hmm.", "Yeah, okay, right.", "I see."). */
export function isBackchannel(text: string): boolean {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+(?:['-][\p{L}]+)*/gu) ?? [];
  return words.every((w) => FILLERS.has(w) || BACKCHANNEL_WORDS.has(w) || w === 'all');
}

/** True when a text opens with a hesitation, filler or turn-opening marker (what a gist must not do). */
export function startsWithFiller(text: string): boolean {
  const first = text.trim().split(/\s+/, 1)[0] ?? '';
  const word = bare(first);
  if (!word) return false;
  if (FILLERS.has(word)) return true;
  // "And", "but" and "so" lead into a thought; with a comma ("So, um") they only hold the floor.
  if (OPENERS.has(word) && !['and', 'but', 'so'].includes(word)) return true;
  if (COMMA_OPENERS.has(word) && /,$/.test(first)) return true;
  return /^(you know|i mean)\b/i.test(text.trim());
}

/**
 * Cuts at a word boundary to at most `max` characters, marking the cut with an ellipsis: at the last
 * clause break when there is one in the second half, else at the last word, never after a word the
 * thought would hang on ("the", "and").
 */
export function trimAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const clause = Math.max(cut.lastIndexOf(', '), cut.lastIndexOf('; '));
  let head = clause > max * 0.6 ? cut.slice(0, clause) : cut.slice(0, Math.max(cut.lastIndexOf(' '), 0)) || cut;
  let words = head.split(' ');
  while (words.length > 3 && DANGLING.has(bare(words[words.length - 1]))) words = words.slice(0, -1);
  head = words.join(' ').replace(/[\s,;:.\-–—]+$/, '');
  return `${head}…`;
}
