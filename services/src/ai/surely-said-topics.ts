/**
 * Topic tags kept to the conference's real vocabulary, whichever labeler made them:
 * - every word of a tag was surely said in the contribution (core/text/surely-said.ts): said at
 *   least twice, and confidently when a recogniser made the transcript, so a one-off mishearing
 *   ("#belly", "#neighbor") never becomes a tag; a tag the conference already uses needs one sure
 *   mention;
 * - a statement whose tags were all guesses takes its best surely-said keyphrase instead, a tag
 *   the contribution already keeps first (the labeler saw the words, not how sure they were);
 * - a new tag of a contribution with several statements labels at least two of them: a topic
 *   touched once is a passing mention, not a word of the conference's vocabulary.
 * A statement left with no tag has no topic rather than a wrong one.
 */
import { SurelySaid } from '../core/text/surely-said.ts';
import type { StatementInput, StatementLabels } from '../core/understanding.ts';
import { extractKeyphrases } from './local/keyphrases.ts';

/** From this many statements on, a new tag must label at least two of them. */
export const MIN_STATEMENTS_FOR_SHARED_TAGS = 3;
/** Keyphrases of a statement looked at for a surely-said tag when the labeler's were guesses. */
const REPLACEMENT_CANDIDATES = 8;

export function keepSurelySaidTopics(
  labels: readonly StatementLabels[],
  statements: readonly StatementInput[],
  existingTags: readonly string[],
): StatementLabels[] {
  const said = SurelySaid.of(statements);
  const known = new Set(existingTags);
  const sure = labels.map((l) => ({ ...l, topics: l.topics.filter((tag) => said.allows(tag, known.has(tag))) }));
  const textOf = new Map(statements.map((s) => [s.id, s.text]));
  const kept = new Set(sure.flatMap((l) => l.topics));
  sure.forEach((l, i) => {
    if (l.topics.length > 0 || labels[i].topics.length === 0) return;
    const candidates = extractKeyphrases(textOf.get(l.statementId) ?? '', REPLACEMENT_CANDIDATES)
      .map((k) => k.phrase)
      .filter((phrase) => said.allows(phrase, known.has(phrase)));
    const replacement = candidates.find((p) => known.has(p) || kept.has(p)) ?? candidates[0];
    if (replacement) {
      l.topics = [replacement];
      kept.add(replacement);
    }
  });
  if (statements.length < MIN_STATEMENTS_FOR_SHARED_TAGS) return sure;
  const uses = new Map<string, number>();
  for (const l of sure) for (const tag of new Set(l.topics)) uses.set(tag, (uses.get(tag) ?? 0) + 1);
  return sure.map((l) => ({ ...l, topics: l.topics.filter((tag) => known.has(tag) || (uses.get(tag) ?? 0) >= 2) }));
}
