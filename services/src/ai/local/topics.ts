/**
 * Topic tags for a statement: keyphrases (keyphrases.ts) normalised against the conference's
 * existing tags, so that a conference keeps a small, stable vocabulary instead of one new tag per
 * statement.
 *
 * - A candidate that matches an existing tag by stem, containment ("remote" ⊂ "remote control")
 *   or character-trigram similarity becomes that tag. Existing tags whose words all occur in the
 *   statement are candidates too, so a conference's tags keep being reused.
 * - A new tag is invented only from a strong candidate that recurs (in another statement of the
 *   contribution, or three times in this one) and that nothing existing covers, at most one per
 *   statement.
 * - A statement with no topic of its own continues the topic of the one before it.
 */
import { contentWordWeights, extractKeyphrases, type Keyphrase } from './keyphrases.ts';
import { stem } from '../../core/text/stem.ts';
import { cleanTranscript, words } from '../../core/text/tokens.ts';
import { isCommonWord } from './word-weights.ts';

export type { Keyphrase } from './keyphrases.ts';
export { extractKeyphrases } from './keyphrases.ts';

export const TOPICS_MODEL = 'keyphrase-v1';

// ---------------------------------------------------------------------------------------------
// Matching a phrase to a tag

/** A tag as the matcher sees it: stems for containment, trigrams for fuzzy similarity. */
interface TagForm {
  tag: string;
  stems: string[];
  trigrams: Set<string>;
}

const tagForms = new Map<string, TagForm>();

function tagForm(tag: string): TagForm {
  let form = tagForms.get(tag);
  if (form) return form;
  const stems = words(cleanTranscript(tag)).map((w) => stem(w.replace(/'s$/, ''), 'light'));
  form = { tag, stems, trigrams: trigramsOf(stems.join(' ')) };
  // A conference's tags recur in every call: computing their forms once keeps labelling linear.
  if (tagForms.size >= 50_000) tagForms.clear();
  tagForms.set(tag, form);
  return form;
}

function trigramsOf(text: string): Set<string> {
  const padded = `  ${text} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Character-trigram Dice at or above this counts as the same tag ("colour" / "colours scheme"). */
const FUZZY_MATCH = 0.72;

/**
 * How well a candidate phrase fits an existing tag, 0..1: 1 for the same stems, 0.9 when one
 * contains the other ("remote" / "remote control"), trigram similarity when close, else 0.
 */
function fit(candidate: TagForm, existing: TagForm): number {
  const a = candidate.stems.join(' ');
  const b = existing.stems.join(' ');
  if (a === b) return 1;
  const aSet = new Set(candidate.stems);
  const bSet = new Set(existing.stems);
  if (existing.stems.every((s) => aSet.has(s)) || candidate.stems.every((s) => bSet.has(s))) return 0.9;
  const similarity = dice(candidate.trigrams, existing.trigrams);
  return similarity >= FUZZY_MATCH ? similarity : 0;
}

// ---------------------------------------------------------------------------------------------
// Tags for a statement

export interface TopicOptions {
  /** At most this many tags (the port asks for 1–3). */
  max?: number;
  /**
   * In how many statements of the same contribution each candidate key (stems) occurs. A phrase
   * that recurs across statements is a topic even when each says it once.
   */
  support?: ReadonlyMap<string, number>;
}

/**
 * A topic carries over to at most this many weak statements in a row: beyond that the talk has
 * likely moved on, and a guess is better than a stale topic.
 */
const MAX_CARRIED_TOPIC = 2;
/** Only this many of the most used existing tags are compared: the long tail is rarely reused. */
const MAX_EXISTING_TAGS = 1000;
/** Reusing an existing tag is worth this much more than inventing one of equal score. */
const REUSE_BONUS = 1.6;
/** A more used existing tag wins ties: rank r (0 = most used) scales its score by 1 / (1 + r·this). */
const RANK_DECAY = 0.01;
/**
 * A new tag needs at least this score (≈ a rare word said twice, or a very rare one once), and
 * must beat the best reusable tag of the statement by NEW_TAG_MARGIN when there is one.
 */
const NEW_TAG_MIN_SCORE = 9;
/**
 * A new tag must be said at least this often, in the statement or in other statements of the same
 * contribution: what it is about, not a passing word.
 */
const MIN_NEW_TAG_MENTIONS = 2;
const NEW_TAG_MARGIN = 1.5;
/**
 * When a statement has no strong phrase, a weak tag word is this much less likely to become its
 * tag: words general English does not know ("spongy", names) and lone -ing forms ("walking")
 * rarely come back.
 */
const WEAK_WORD_FALLBACK_FACTOR = 0.6;
const isWeakTagWord = (phrase: string) => !phrase.split(' ').every(isCommonWord) || /^\S+ing$/.test(phrase);
/** Tags other than the first must score at least this share of the first. */
const SECONDARY_TAG_SHARE = 0.45;

/**
 * 1–3 lower-case topic tags for one statement, reusing `existingTags` (most used first) wherever
 * they fit. Always returns at least one tag when the statement has any content word.
 */
export function assignTopics(text: string, existingTags: readonly string[], options: TopicOptions = {}): string[] {
  return topicsOf(text, existingTags, options).tags;
}

/** Times a candidate was said: in this statement, plus once for every other statement of the contribution. */
function mentions(candidate: Keyphrase, support: ReadonlyMap<string, number> | undefined): number {
  return candidate.count + (support?.get(candidate.key) ?? 1) - 1;
}

/**
 * A new tag must come back: in another statement of the contribution, or three times in this one.
 * A word said twice in one breath ("very robust … very robust") is emphasis, not a topic.
 */
function recurs(candidate: Keyphrase, support: ReadonlyMap<string, number> | undefined): boolean {
  return (support?.get(candidate.key) ?? 1) >= 2 || candidate.count >= 3;
}

interface TopicChoice {
  tags: string[];
  /** Nothing strong and nothing to reuse: the tag is the statement's best guess. */
  weak: boolean;
}

function topicsOf(text: string, existingTags: readonly string[], options: TopicOptions): TopicChoice {
  const max = Math.max(1, Math.min(3, options.max ?? 3));
  const candidates = extractKeyphrases(text, 8);
  if (candidates.length === 0) return { tags: [], weak: true };
  const existing = existingTags
    .slice(0, MAX_EXISTING_TAGS)
    .map(tagForm)
    .filter((t) => t.stems.length > 0);
  const statementStems = contentWordWeights(text);

  // Every option is a tag with a score: existing tags that fit a candidate or occur in the text,
  // and candidates that fit nothing (new tags).
  const reuse = new Map<string, number>();
  const fresh = new Map<string, number>();
  const addReuse = (tag: string, score: number) => reuse.set(tag, Math.max(reuse.get(tag) ?? 0, score));

  for (const candidate of candidates) {
    const form = tagForm(candidate.phrase);
    let bestFit = 0;
    let bestTag: string | null = null;
    existing.forEach((t, rank) => {
      const f = fit(form, t) / (1 + rank * RANK_DECAY);
      if (f > bestFit) {
        bestFit = f;
        bestTag = t.tag;
      }
    });
    if (bestTag !== null) addReuse(bestTag, candidate.score * bestFit * REUSE_BONUS);
    else if (mentions(candidate, options.support) >= MIN_NEW_TAG_MENTIONS && recurs(candidate, options.support)) {
      fresh.set(candidate.phrase, Math.max(fresh.get(candidate.phrase) ?? 0, candidate.score));
    }
  }
  const statementWords = [...statementStems.entries()].map(([s, idf]) => ({ trigrams: trigramsOf(s), idf }));
  existing.forEach((t, rank) => {
    // An existing tag whose words all occur in the statement fits it, even if no candidate came
    // out on top for it ("battery" mentioned once in a statement about costs); so does a one-word
    // tag spelled nearly like one of the statement's words ("transcription" / "transcribers").
    let rarity = 0;
    if (t.stems.every((s) => statementStems.has(s))) {
      rarity = t.stems.reduce((sum, s) => sum + (statementStems.get(s) ?? 0), 0) / t.stems.length;
    } else if (t.stems.length === 1) {
      for (const w of statementWords) if (dice(w.trigrams, t.trigrams) >= FUZZY_MATCH) rarity = Math.max(rarity, w.idf * 0.9);
    }
    if (rarity > 0) addReuse(t.tag, (rarity * REUSE_BONUS * 0.8) / (1 + rank * RANK_DECAY));
  });

  const ranked = [...reuse.entries()].map(([tag, score]) => ({ tag, score, isNew: false }));
  const bestReuse = ranked.reduce((m, r) => Math.max(m, r.score), 0);
  for (const [tag, score] of fresh) {
    const strongEnough = score >= NEW_TAG_MIN_SCORE && (bestReuse === 0 || score >= bestReuse * NEW_TAG_MARGIN);
    if (strongEnough) ranked.push({ tag, score, isNew: true });
  }
  if (ranked.length === 0) {
    // Nothing said twice and no existing tag present: still one tag, the phrase most likely to be
    // reused later. A word general English does not know ("spongy", a name) rarely comes back.
    const reusable = (k: Keyphrase) => k.score * (isWeakTagWord(k.phrase) ? WEAK_WORD_FALLBACK_FACTOR : 1);
    const best = candidates.reduce((a, b) => (reusable(b) > reusable(a) ? b : a));
    return { tags: [best.phrase], weak: true };
  }
  ranked.sort((a, b) => b.score - a.score || Number(a.isNew) - Number(b.isNew) || a.tag.localeCompare(b.tag));
  const top = ranked[0].score;
  const tags: string[] = [];
  let invented = 0;
  for (const r of ranked) {
    if (tags.length >= max || r.score < top * SECONDARY_TAG_SHARE) break;
    if (r.isNew && invented >= 1) continue; // at most one new tag per statement
    if (tags.some((t) => fit(tagForm(t), tagForm(r.tag)) > 0)) continue;
    tags.push(r.tag);
    if (r.isNew) invented++;
  }
  return { tags, weak: false };
}

/**
 * Tags for a contribution's statements in order, as the pipeline labels them:
 * - candidates that recur across the statements count as supported;
 * - a tag invented for one statement is an existing tag for the next, so one contribution does
 *   not invent "echo" after "echo cancellation";
 * - a statement with no topic of its own (nothing said twice, no existing tag in it, or no content
 *   word at all) continues the topic of the statements before it, for a few statements, or else
 *   takes its contribution's main topic: people keep talking about the same thing more often than
 *   not, and a one-off tag for a passing word is the sprawl this module exists to avoid.
 */
export function assignTopicsInOrder(
  texts: readonly string[],
  existingTags: readonly string[],
  options: Omit<TopicOptions, 'support'> = {},
): string[][] {
  const support = new Map<string, number>();
  for (const text of texts) {
    for (const key of new Set(extractKeyphrases(text, 8).map((k) => k.key))) support.set(key, (support.get(key) ?? 0) + 1);
  }
  const known = [...existingTags];
  const result: { tags: string[]; weak: boolean }[] = [];
  // The last topic a statement had of its own, and how many weak statements have continued it.
  let current: { tag: string; carried: number } | null = null;
  for (const text of texts) {
    const choice = topicsOf(text, known, { ...options, support });
    let { tags, weak } = choice;
    if (!weak) current = tags.length > 0 ? { tag: tags[0], carried: 0 } : null;
    else if (current !== null && current.carried < MAX_CARRIED_TOPIC) {
      tags = [current.tag];
      weak = false;
      current.carried++;
    }
    if (!weak) for (const tag of tags) if (!known.includes(tag)) known.push(tag);
    result.push({ tags, weak });
  }
  // A weak statement nothing before it carries over to belongs to what its contribution is about:
  // the contribution's most used tag of its own, rather than a one-off guess ("walking", "tennis").
  const own = new Map<string, number>();
  for (const r of result) if (!r.weak) for (const tag of r.tags) own.set(tag, (own.get(tag) ?? 0) + 1);
  // With none, the contribution's topic is that of all its words together, so its statements at
  // least share one tag.
  const dominant =
    [...own.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ??
    topicsOf(texts.join('\n'), known, { max: 1 }).tags[0];
  return result.map((r) => (r.weak && dominant !== undefined && r.tags.length > 0 ? [dominant] : r.tags));
}

// ---------------------------------------------------------------------------------------------
// Conference-level consolidation

/**
 * Merges near-duplicate tags of a conference: each tag that fits a more used one (same stems,
 * containment, or close spelling) maps to it. Returns tag → canonical tag for the tags that move;
 * a caller can relabel statements with it.
 */
export function consolidateTags(tagCounts: readonly { tag: string; count: number }[]): Map<string, string> {
  const ordered = [...tagCounts].sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
  const canonical: TagForm[] = [];
  const moves = new Map<string, string>();
  for (const { tag } of ordered) {
    const form = tagForm(tag);
    const target = canonical.find((c) => fit(form, c) > 0);
    if (target) moves.set(tag, target.tag);
    else canonical.push(form);
  }
  return moves;
}
