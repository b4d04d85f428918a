import type { Queryable } from '../db/db.ts';
import { searchRepo } from '../db/repos/search.repo.ts';

/** The statements' most common lexemes and how many rows each is expected in, as of one ANALYZE. */
interface CommonLexemes {
  analyzedAt: string | null;
  rows: Map<string, number>;
}

/** Per database: reading and unpacking pg_stats costs milliseconds, so only after a new ANALYZE. */
const commonByDb = new WeakMap<Queryable, CommonLexemes>();

/**
 * The words of a query that are rare enough to match on: each has a lexeme expected in at most
 * `maxRows` statements. Frequencies come from the planner's own statistics (ANALYZE keeps the most
 * common lexemes of a tsvector column with their frequencies in pg_stats), so this costs no extra
 * table and is as fresh as the statistics the app keeps (db/statistics.ts). A word missing from
 * that list is rarer than every word on it. Words that are only stop words have no lexeme and are
 * never rare.
 */
export async function rareWords(db: Queryable, words: string[], maxRows: number): Promise<string[]> {
  if (words.length === 0) return [];
  // One round trip: each word's lexemes (the same stemming as the tsv column) and when the
  // statistics were last refreshed, which says whether the cached frequencies still hold.
  const lexed = await searchRepo(db).lexemes(words);
  const common = await commonLexemes(db, lexed[0].analyzed_at);
  return lexed.filter((w) => w.lexemes.some((l) => (common.get(l) ?? 0) <= maxRows)).map((w) => w.word);
}

async function commonLexemes(db: Queryable, analyzedAt: string | null): Promise<Map<string, number>> {
  const cached = commonByDb.get(db);
  if (cached && cached.analyzedAt === analyzedAt) return cached.rows;
  const rows = await searchRepo(db).commonLexemes();
  const fresh = { analyzedAt, rows: new Map(rows.map((r) => [r.lexeme, Number(r.rows)])) };
  commonByDb.set(db, fresh);
  return fresh.rows;
}
