/**
 * Stemming: the form under which different words count as one. Stems are keys, never shown.
 *
 * Three strengths, each kept where it was measured (changing one moves that task's numbers):
 * - `porter`: the full Porter (1980) algorithm, as ROUGE with stemming (rouge-score) and BM25 use it.
 *   "generalizations" → "gener": strong conflation, right for scoring overlap against references.
 * - `light`: inflections plus a few derivational suffixes (-ation, -ment, -ness, -ful, -ly), so
 *   "price", "prices", "pricing" or "drop", "dropping", "dropped" meet, while "general" and
 *   "generation" stay apart. Keys for keyphrases, tag matching and the hashed embedder.
 * - `inflection`: only -ing, -ies, -ed and plural -s, with no clean-up: the cheapest, for the
 *   lexical similarity of neighbouring windows in segmentation, whose thresholds were calibrated on it.
 */
import { porterStem } from './porter.ts';

export type Stemmer = 'porter' | 'light' | 'inflection';

export function stem(word: string, stemmer: Stemmer): string {
  switch (stemmer) {
    case 'porter':
      return porterStem(word);
    case 'light':
      return lightStem(word);
    case 'inflection':
      return inflectionStem(word);
  }
}

const VOWEL = /[aeiouy]/;
const DOUBLE_END = /([bdfgmnprt])\1$/;
const LIGHT_SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ments', 'ment', 'ness', 'ful', 'ly'];

function lightStem(word: string): string {
  let w = word;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is|ys)$/.test(w)) w = w.slice(0, -1);
  for (const suffix of LIGHT_SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && VOWEL.test(w.slice(0, -suffix.length))) {
      if (suffix === 'ed' && w.endsWith('eed')) break; // need, speed: not a past tense
      w = w.slice(0, -suffix.length);
      if (DOUBLE_END.test(w)) w = w.slice(0, -1);
      break;
    }
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('y')) w = `${w.slice(0, -1)}i`;
  return w;
}

function inflectionStem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
