/**
 * Corpus-independent term weights. A word's IDF is derived from how common it is in general
 * English (word-surprisal.data.ts), not from the documents at hand, so a vector never changes once
 * computed and the same word weighs the same in every deployment.
 */
import { SURPRISAL_MAX_NATS, SURPRISAL_STEP_NATS, SURPRISAL_TABLE } from './word-surprisal.data.ts';
import { singular } from '../../core/text/singular.ts';
import { FILLERS } from '../../core/text/stopwords.ts';

/**
 * Words per "document" when turning a word probability into a document frequency: about one
 * statement's worth of speech (10–30 s).
 */
const WORDS_PER_DOCUMENT = 50;
/** Unlisted words are rarer than every listed one; names and jargon land here. */
const UNLISTED_SURPRISAL = SURPRISAL_MAX_NATS + 0.5;
/** Numbers are common as a class but specific as tokens ("twenty five" is listed, "25" is not). */
const NUMBER_SURPRISAL = 9;

let table: Map<string, number> | null = null;

function surprisalTable(): Map<string, number> {
  if (table) return table;
  table = new Map();
  for (const line of SURPRISAL_TABLE.split('\n')) {
    const [step, ...listed] = line.split(' ');
    if (!step || listed.length === 0) continue;
    const nats = Number(step) * SURPRISAL_STEP_NATS;
    for (const word of listed) table.set(word, nats);
  }
  return table;
}

/** −ln P(word) in general English, in nats; higher is rarer. */
export function wordSurprisal(word: string): number {
  const known = surprisalTable();
  const direct = known.get(word);
  if (direct !== undefined) return direct;
  if (/^\d/.test(word)) return NUMBER_SURPRISAL;
  const base = word.endsWith("'s") ? word.slice(0, -2) : singular(word);
  return known.get(base) ?? UNLISTED_SURPRISAL;
}

/** Whether general English knows the word (it is among the listed, reasonably common words). */
export function isCommonWord(word: string): boolean {
  return surprisalTable().has(word);
}

const idfCache = new Map<string, number>();

/**
 * IDF a word would have over a large collection of statement-sized documents: a word of
 * probability p appears in 1 − (1 − p)^L of them. "the" ≈ 0.16, "meeting" ≈ 5.6, unlisted ≈ 8.6.
 * Fillers ("um", "uh") weigh nothing.
 */
export function wordIdf(word: string): number {
  let idf = idfCache.get(word);
  if (idf !== undefined) return idf;
  if (FILLERS.has(word)) idf = 0;
  else {
    const p = Math.exp(-wordSurprisal(word));
    const documentFrequency = -Math.expm1(WORDS_PER_DOCUMENT * Math.log1p(-p));
    idf = -Math.log(documentFrequency);
  }
  if (idfCache.size > 200_000) idfCache.clear();
  idfCache.set(word, idf);
  return idf;
}
