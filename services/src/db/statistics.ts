import type { Queryable } from './db.ts';

const TABLES = ['statements', 'contributions', 'labels', 'conferences', 'memberships'];

/**
 * ANALYZE the tables search joins when enough rows changed since their last statistics, the way
 * autovacuum would on a server. PGlite has no autovacuum, and without statistics the planner
 * walks every contribution for a full-text query and never picks the HNSW index (bench/search:
 * 1.5 s → 40 ms per text query at 100k statements).
 */
export async function analyzeIfStale(q: Queryable, opts: { minChanged?: number; fraction?: number } = {}): Promise<string[]> {
  const { minChanged = 200, fraction = 0.1 } = opts;
  // Counters of this session's own writes reach pg_stat_* lazily; flush them first.
  await q.query(`select pg_stat_force_next_flush()`);
  const stale = await q.query<{ relname: string }>(
    `select relname from pg_stat_user_tables
      where relname = any($1::text[])
        and (last_analyze is null and last_autoanalyze is null and n_live_tup > 0
             or n_mod_since_analyze > $2::float8 + $3::float8 * n_live_tup)`,
    [TABLES, minChanged, fraction],
  );
  for (const { relname } of stale) await q.exec(`analyze ${relname}`);
  return stale.map((r) => r.relname);
}

/** ANALYZE these tables now (after a bulk rewrite such as a reindex). */
export async function analyze(q: Queryable, tables: string[]): Promise<void> {
  await q.exec(tables.map((t) => `analyze ${t};`).join(' '));
}
