import type { Queryable } from '../db/db.ts';

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
  const rows = await db.query<{ word: string }>(
    `with common as (
       select e.lexeme, e.freq * greatest((select reltuples from pg_class where oid = 'statements'::regclass), 0) as rows
         from pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as e(lexeme, freq)
        where s.schemaname = current_schema() and s.tablename = 'statements' and s.attname = 'tsv'
     )
     select w.word from unnest($1::text[]) with ordinality as w(word, i)
      where exists (select 1 from unnest(tsvector_to_array(to_tsvector('english', w.word))) as l(lexeme)
                     where coalesce((select c.rows from common c where c.lexeme = l.lexeme), 0) <= $2)
      order by w.i`,
    [words, maxRows],
  );
  return rows.map((r) => r.word);
}
