/**
 * Extractive summaries: every line shown is a sentence someone said (fillers removed), so each
 * one can cite the statement it came from. No text is generated.
 *
 * - gist: the statement's most central sentence (TextRank over sentence similarity), ≤ ~120 chars;
 * - title: the contribution's top keyphrases when it has no title;
 * - summary: 2–4 central sentences of the whole contribution, picked with MMR so they do not
 *   repeat each other, in spoken order, each citing its statement;
 * - chapters: for media over ~5 minutes, 3–10 runs of statements split where the vocabulary of
 *   consecutive statements shifts most, titled by what is distinctive in each;
 * - answer: the sentences most similar to a question, MMR-diversified, each citing its statement.
 * Similarity is the cosine of hashed word + character n-gram vectors (embedder.ts).
 */
import type { Chapter, CitedSentence, StatementInput } from '../ports.ts';
import { HashingVectorizer, dot } from './embedder.ts';
import { extractKeyphrases, type Keyphrase } from './keyphrases.ts';
import { splitSentences } from '../../core/text/sentences.ts';
import { removeDisfluencies, trimAtWord } from '../../core/text/disfluency.ts';
import { SurelySaid } from '../../core/text/surely-said.ts';
import { cleanTranscript, words } from '../../core/text/tokens.ts';
import { wordIdf } from './word-weights.ts';

export const SUMMARISER_MODEL = 'textrank-v1';

const GIST_MAX_CHARS = 120;
/** Keyphrases considered for a title before keeping those surely said. */
const TITLE_CANDIDATES = 8;
const SUMMARY_SENTENCE_MAX_CHARS = 240;
/** Chapters only for media longer than this. */
export const CHAPTER_MIN_DURATION_MS = 5 * 60_000;
/** About one chapter per this much media, within 3–10. */
const CHAPTER_TARGET_MS = 4 * 60_000;
const MIN_CHAPTERS = 3;
const MAX_CHAPTERS = 10;
/** Statements on each side of a boundary compared for a topic shift. */
const SHIFT_WINDOW = 2;
/** A chapter title's second phrase must score at least this share of the first. */
const SECOND_TITLE_PHRASE_SHARE = 0.6;
/** MMR trade-off: relevance vs. novelty against what is already picked. */
const MMR_LAMBDA = 0.7;
const PAGERANK_DAMPING = 0.85;
const PAGERANK_ITERATIONS = 30;
const PAGERANK_MAX_UNITS = 250;
/** Words at or above this IDF carry content ("battery", "decide"); below it they are glue. */
const CONTENT_IDF = 3;
/**
 * Information (summed content-word IDF) at which a sentence counts fully; below it a sentence is
 * discounted ("Okay, so one more time." is never the gist when there is more). ≈ 4 content words.
 */
const FULL_INFORMATION = 22;
/**
 * An answer sentence must be at least this similar to the question, and at least
 * ANSWER_RELATIVE_FLOOR of the best sentence's similarity (no filler after a good match).
 */
const ANSWER_MIN_SIMILARITY = 0.12;
const ANSWER_RELATIVE_FLOOR = 0.5;
const ANSWER_MAX_SENTENCES = 3;

const vectorizer = new HashingVectorizer(1024);

interface Unit {
  /** A sentence of the statement, transcription conventions undone and fillers removed. */
  text: string;
  statementIndex: number;
  /** Position of the sentence in the whole contribution (spoken order). */
  order: number;
  vector: Float64Array;
  contentWords: number;
  /** Sum of the content words' IDF: how much the sentence says, not how long it is. */
  information: number;
}

/** Summed IDF of the content words: how much a sentence says, not how long it is. */
function informationOf(text: string): number {
  return words(text)
    .filter((w) => wordIdf(w) >= CONTENT_IDF)
    .reduce((sum, w) => sum + wordIdf(w), 0);
}

/** Sentences of statements, with vectors; `order` runs across statements. */
function unitsOf(statements: readonly StatementInput[]): Unit[] {
  const units: Unit[] = [];
  statements.forEach((statement, statementIndex) => {
    for (const sentence of splitSentences(statement.text)) {
      const text = removeDisfluencies(cleanTranscript(sentence.text));
      if (!text) continue;
      const content = words(text).filter((w) => wordIdf(w) >= CONTENT_IDF);
      units.push({
        text,
        statementIndex,
        order: units.length,
        vector: vectorizer.vector(text),
        contentWords: content.length,
        information: content.reduce((sum, w) => sum + wordIdf(w), 0),
      });
    }
  });
  return units;
}

// ---------------------------------------------------------------------------------------------
// Ranking

/**
 * PageRank over the cosine-similarity graph of the units: how central each sentence is. Past
 * PAGERANK_MAX_UNITS sentences (an hour-long meeting has ~1,500) the O(n²) graph is replaced by
 * weighted degree, the similarity to the sum of all sentences, which ranks nearly the same.
 */
function centrality(units: readonly Unit[]): number[] {
  const n = units.length;
  if (n === 0) return [];
  if (n === 1) return [1];
  if (n > PAGERANK_MAX_UNITS) {
    const total = new Float64Array(units[0].vector.length);
    for (const u of units) for (let i = 0; i < total.length; i++) total[i] += u.vector[i];
    return units.map((u) => Math.max(0, dot(u.vector, total) - 1) / (n - 1));
  }
  const weights = units.map((a, i) => units.map((b, j) => (i === j ? 0 : Math.max(0, dot(a.vector, b.vector)))));
  const outSum = weights.map((row) => row.reduce((s, w) => s + w, 0));
  let rank = new Array<number>(n).fill(1 / n);
  for (let iter = 0; iter < PAGERANK_ITERATIONS; iter++) {
    const next = new Array<number>(n).fill((1 - PAGERANK_DAMPING) / n);
    for (let j = 0; j < n; j++) {
      if (outSum[j] === 0) {
        for (let i = 0; i < n; i++) next[i] += (PAGERANK_DAMPING * rank[j]) / n; // dangling: spread evenly
        continue;
      }
      for (let i = 0; i < n; i++) if (weights[j][i] > 0) next[i] += (PAGERANK_DAMPING * rank[j] * weights[j][i]) / outSum[j];
    }
    rank = next;
  }
  return rank;
}

/** Central and informative: a short "Okay, right." is never the gist when there is more. */
function salience(units: readonly Unit[]): number[] {
  const rank = centrality(units);
  return units.map((u, i) => rank[i] * Math.min(1, (u.information + 1) / FULL_INFORMATION));
}

/** Maximal marginal relevance: picks up to `k` units, trading relevance against redundancy. */
function mmr(units: readonly Unit[], relevance: readonly number[], k: number, minRelevance = -Infinity): Unit[] {
  const picked: Unit[] = [];
  const max = Math.max(...relevance, 1e-12);
  const remaining = new Set(units.map((_, i) => i));
  while (picked.length < k && remaining.size > 0) {
    let best = -1;
    let bestScore = -Infinity;
    for (const i of remaining) {
      if (relevance[i] < minRelevance) continue;
      const redundancy = picked.reduce((m, p) => Math.max(m, dot(units[i].vector, p.vector)), 0);
      const score = MMR_LAMBDA * (relevance[i] / max) - (1 - MMR_LAMBDA) * redundancy;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best < 0) break;
    picked.push(units[best]);
    remaining.delete(best);
  }
  return picked;
}

// ---------------------------------------------------------------------------------------------
// Gists, titles, summaries

/**
 * One line per statement: its most informative sentence as shown (disfluencies removed, cut at a
 * word boundary to ≤ ~120 characters), the earliest on a tie. Centrality, which ranks the sentences
 * of a whole contribution, adds nothing inside one statement (eval gists: within ±0.002 ROUGE-1).
 */
export function gistOf(text: string): string {
  const lines = unitsOf([{ id: '', text, speaker: null, startMs: 0, endMs: 0 }]).map((u) => trimAtWord(u.text, GIST_MAX_CHARS));
  if (lines.length === 0) return trimAtWord(text.trim(), GIST_MAX_CHARS);
  const scores = lines.map(informationOf);
  let best = 0;
  for (let i = 1; i < lines.length; i++) if (scores[i] > scores[best]) best = i;
  return lines[best];
}

/**
 * A short title from the contribution's keyphrases, e.g. "Battery, scroll wheel and colour", made
 * only of what was surely said (recurring, and confidently recognised when a recogniser made the
 * transcript). With no such phrase, a typed transcript is titled by its gist; recognised speech is
 * left untitled, since a title made of one-off guesses ("Innate, rack and tide") misleads.
 */
export function titleFrom(statements: readonly StatementInput[]): string {
  const said = SurelySaid.of(statements);
  const text = statements.map((s) => s.text).join('\n');
  const phrases = extractKeyphrases(text, TITLE_CANDIDATES)
    .filter((k) => said.allows(k.phrase))
    .slice(0, 3)
    .map((k) => k.display);
  if (phrases.length === 0) return said.recognised ? '' : trimAtWord(gistOf(text), 60);
  const title = phrases.length === 1 ? phrases[0] : `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}`;
  return trimAtWord(title.charAt(0).toUpperCase() + title.slice(1), 60);
}

/** 2–4 sentences (fewer only if the contribution has fewer), each citing its statement. */
export function summaryOf(statements: readonly StatementInput[]): CitedSentence[] {
  const units = unitsOf(statements);
  if (units.length === 0) return [];
  const wanted = Math.min(4, Math.max(2, Math.ceil(Math.sqrt(statements.length))));
  const picked = mmr(units, salience(units), wanted);
  return picked
    .sort((a, b) => a.order - b.order)
    .map((u) => ({ text: trimAtWord(u.text, SUMMARY_SENTENCE_MAX_CHARS), statementIds: [statements[u.statementIndex].id] }));
}

// ---------------------------------------------------------------------------------------------
// Chapters

/**
 * Chapters for long media: boundaries at the largest vocabulary shifts between the statements
 * before and after each gap (SHIFT_WINDOW on each side), one chapter per ~4 minutes, 3–10.
 */
export function chaptersOf(statements: readonly StatementInput[], durationMs: number): Chapter[] {
  if (durationMs <= CHAPTER_MIN_DURATION_MS || statements.length < MIN_CHAPTERS) return [];
  const count = Math.min(statements.length, MAX_CHAPTERS, Math.max(MIN_CHAPTERS, Math.round(durationMs / CHAPTER_TARGET_MS)));
  const vectors = statements.map((s) => vectorizer.vector(s.text));
  const shift = (gap: number) => {
    // gap g lies between statement g-1 and g
    const before = mean(vectors.slice(Math.max(0, gap - SHIFT_WINDOW), gap));
    const after = mean(vectors.slice(gap, Math.min(vectors.length, gap + SHIFT_WINDOW)));
    return 1 - dot(before, after);
  };
  const gaps = Array.from({ length: statements.length - 1 }, (_, i) => ({ gap: i + 1, shift: shift(i + 1) }));
  // Boundaries from the biggest shift down; no chapter is shorter than a fifth of an even share.
  const minGapMs = durationMs / count / 5;
  const chosen: number[] = [];
  for (const { gap } of gaps.sort((a, b) => b.shift - a.shift || a.gap - b.gap)) {
    if (chosen.length >= count - 1) break;
    const startMs = statements[gap].startMs;
    const tooClose = [0, ...chosen].some((g) => Math.abs(statements[g].startMs - startMs) < minGapMs);
    if (!tooClose) chosen.push(gap);
  }
  // Fill up evenly when the shifts alone could not place enough boundaries apart.
  for (let k = 1; chosen.length < count - 1 && k < count; k++) {
    const gap = Math.round((k * statements.length) / count);
    if (gap > 0 && gap < statements.length && !chosen.includes(gap)) chosen.push(gap);
  }
  const starts = [0, ...chosen.sort((a, b) => a - b)];
  const groups = starts.map((start, i) => statements.slice(start, starts[i + 1] ?? statements.length));
  // Chapter titles, like the contribution's, are made of what was surely said in it.
  const said = SurelySaid.of(statements);
  const phrases = groups.map((group) => extractKeyphrases(group.map((s) => s.text).join('\n'), 8).filter((k) => said.allows(k.phrase)));
  const chaptersWith = new Map<string, number>();
  for (const list of phrases) for (const k of list) chaptersWith.set(k.key, (chaptersWith.get(k.key) ?? 0) + 1);
  return groups.map((group, i) => ({
    title:
      chapterTitle(group, phrases[i], (key) => Math.log(1 + groups.length / (chaptersWith.get(key) ?? 1)), said.recognised) ||
      `Part ${i + 1}`,
    startMs: group[0].startMs,
    statementIds: group.map((s) => s.id),
  }));
}

/**
 * A chapter's title: the keyphrases it repeats, weighted by how much they are its own rather than
 * every chapter's (an IDF over chapters); its most informative sentence when it repeats nothing
 * and was typed; empty for recognised speech with nothing surely said (the caller numbers it). A
 * second phrase joins only when it is nearly as strong as the first.
 */
function chapterTitle(
  group: readonly StatementInput[],
  phrases: readonly Keyphrase[],
  distinctiveness: (key: string) => number,
  recognised: boolean,
): string {
  const repeated = phrases.filter((k) => k.count >= 2);
  const pool = repeated.length > 0 ? repeated : phrases.slice(0, 1);
  if (pool.length === 0) return recognised ? '' : trimAtWord(gistOf(group.map((s) => s.text).join('\n')), 60);
  const ranked = pool.map((k) => ({ phrase: k.display, score: k.score * distinctiveness(k.key) })).sort((a, b) => b.score - a.score);
  const chosen = ranked
    .filter((k, i) => i === 0 || (i === 1 && k.score >= ranked[0].score * SECOND_TITLE_PHRASE_SHARE))
    .map((k) => k.phrase);
  const title = chosen.join(' and ');
  return trimAtWord(title.charAt(0).toUpperCase() + title.slice(1), 60);
}

function mean(vectors: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(vectors[0]?.length ?? 0);
  for (const v of vectors) for (let i = 0; i < v.length; i++) out[i] += v[i];
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += out[i] * out[i];
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < out.length; i++) out[i] *= inv;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Answers

/**
 * An extractive answer: the sentences of `statements` most similar to the question, without
 * repeats, most relevant first, each citing its statement. Empty when nothing is relevant.
 */
export function answerFrom(question: string, statements: readonly StatementInput[]): CitedSentence[] {
  const units = unitsOf(statements).filter((u) => u.contentWords > 0);
  if (units.length === 0) return [];
  const q = vectorizer.vector(question);
  // A sentence inside a statement that is about the question counts a little more.
  const statementFit = statements.map((s) => dot(q, vectorizer.vector(s.text)));
  const relevance = units.map((u) => 0.8 * dot(q, u.vector) + 0.2 * statementFit[u.statementIndex]);
  const floor = Math.max(ANSWER_MIN_SIMILARITY, ANSWER_RELATIVE_FLOOR * Math.max(...relevance));
  const picked = mmr(units, relevance, ANSWER_MAX_SENTENCES, floor);
  return picked.map((u) => ({ text: trimAtWord(u.text, SUMMARY_SENTENCE_MAX_CHARS), statementIds: [statements[u.statementIndex].id] }));
}
