/**
 * Text normalisation and tokenisation shared by every metric, so WER, ROUGE and BM25 all see words
 * the same way.
 *
 * - `normaliseForWer`: in the spirit of Whisper's English normaliser. References come in mixed
 *   styles (UPPERCASE LibriSpeech, punctuated LJ Speech, ICSI's "we 're"), so both sides are
 *   lowercased, stripped of punctuation, bracketed noise and fillers, contractions are expanded,
 *   hyphens split words, and numbers are written as digits.
 * - `tokenize`: the tokenisation of Google's rouge-score (lowercase, runs of [a-z0-9]), with
 *   optional Porter stemming of tokens longer than 3 characters, as rouge-score does.
 */
import { wordsToDigits } from './numbers.ts';
import { stem } from '../../services/src/core/text/stem.ts';
import { HESITATIONS } from '../../services/src/core/text/stopwords.ts';

/** Contractions expanded on both sides, so "can't" and "can not" match. "'s" is left alone: is / has / possessive. */
const CONTRACTIONS: [RegExp, string][] = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bain't\b/g, 'is not'],
  [/\blet's\b/g, 'let us'],
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'m\b/g, ' am'],
  [/'d\b/g, ' would'],
];

/** Common spelling variants mapped to one form (a small slice of Whisper's British→American list). */
const SPELLINGS: Record<string, string> = {
  okay: 'ok',
  colour: 'color',
  favourite: 'favorite',
  centre: 'center',
  realise: 'realize',
  recognise: 'recognize',
  organise: 'organize',
  mr: 'mister',
  mrs: 'missus',
  dr: 'doctor',
};

/** Lowercased words ready for WER: no punctuation, fillers, bracketed noise; digits for numbers. */
export function normaliseForWer(text: string): string[] {
  let s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  s = s.replace(/[‘’ʼ`]/g, "'");
  s = s.replace(/\[[^\]]*\]|\{[^}]*\}|<[^>]*>|\([^)]*\)/g, ' '); // [noise], {vocalsound}, <tags>, (asides)
  s = s.replace(/\s+'(re|ve|ll|m|d|s)\b/g, "'$1").replace(/\s+n't\b/g, "n't"); // ICSI tokenisation: "we 're", "do n't"
  for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
  s = s.replace(/(\d),(?=\d{3}\b)/g, '$1'); // 1,000 → 1000
  s = s.replace(/\$(\d+(?:\.\d+)?)/g, '$1 dollars').replace(/(\d+(?:\.\d+)?)\s*%/g, '$1 percent');
  s = s.replace(/(\d)\.(?=\d)/g, '$1xpointx'); // keep decimal points through punctuation removal
  s = s.replace(/[^\p{L}\p{N}\s']/gu, ' ').replace(/'/g, ' ');
  s = s.replace(/(\d)xpointx(?=\d)/g, '$1.');
  const words = s
    .split(/\s+/)
    .filter((w) => w && !HESITATIONS.has(w))
    .map((w) => SPELLINGS[w] ?? w);
  return joinDecimals(wordsToDigits(words));
}

/** "3 point 5" → "3.5" after numbers were turned into digits. */
function joinDecimals(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const prev = out[out.length - 1];
    if (words[i] === 'point' && prev !== undefined && /^\d+$/.test(prev) && /^\d+$/.test(words[i + 1] ?? '')) {
      out[out.length - 1] = `${prev}.${words[i + 1]}`;
      i++;
    } else out.push(words[i]);
  }
  return out;
}

/** rouge-score tokenisation: lowercase, non-alphanumerics become spaces; stemming is optional. */
export function tokenize(text: string, options: { stem?: boolean } = {}): string[] {
  const tokens = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter(Boolean);
  return options.stem ? tokens.map((t) => (t.length > 3 ? stem(t, 'porter') : t)) : tokens;
}

/** Sentences of a transcript or summary: breaks after . ! ? followed by a space. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const wordCount = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
