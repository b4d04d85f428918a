import type { Queryable } from '../db/db.ts';
import { searchRepo } from '../db/repos/search.repo.ts';

/**
 * The words of a query that are rare enough to match on: each has a lexeme in at most `maxRows`
 * statements. The counts are exact: term_stats holds every lexeme's document frequency, kept by
 * triggers as statements are written and deleted. A word missing from it is in no statement (rare);
 * a word that is only stop words has no lexeme and is never rare.
 */
export async function rareWords(db: Queryable, words: string[], maxRows: number): Promise<string[]> {
  if (words.length === 0) return [];
  const counted = await searchRepo(db).documentFrequencies(words);
  return counted.filter((w) => w.df !== null && Number(w.df) <= maxRows).map((w) => w.word);
}
