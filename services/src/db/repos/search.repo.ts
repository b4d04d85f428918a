/**
 * The search queries over statements: full-text and vector candidates within what the caller may
 * see, the hits' snippets, and the planner statistics that tell rare query words from common ones.
 */
import type { Queryable } from '../db.ts';

/** What a search may look at: the caller's spaces first, then their filters. */
export interface SearchScope {
  /** Only statements in spaces this user is a member of are ever considered. */
  userId: string;
  space?: string;
  conference?: string;
  speaker?: string;
  /** A dialogue act or topic tag the statement carries. */
  label?: string;
  from?: Date;
  to?: Date;
}

export interface SearchHitRow {
  id: string;
  contribution_id: string;
  conference_id: string;
  space_id: string;
  start_ms: number;
  end_ms: number;
  speaker: string | null;
  text: string;
  gist: string | null;
  snippet: string;
}

/** The scope every candidate query shares, as SQL (statements aliased `s`) with its parameters from `$firstParam` on. */
function scope(p: SearchScope, firstParam: number) {
  const params: unknown[] = [
    p.userId,
    p.space ?? null,
    p.conference ?? null,
    p.speaker ?? null,
    p.label ?? null,
    p.from ?? null,
    p.to ?? null,
  ];
  const n = (i: number) => `$${firstParam + i}`;
  const sql = `
    join contributions c on c.id = s.contribution_id
    join conferences f on f.id = c.conference_id
    join memberships m on m.space_id = f.space_id and m.user_id = ${n(0)}
   where (${n(1)}::uuid is null or f.space_id = ${n(1)})
     and (${n(2)}::uuid is null or f.id = ${n(2)})
     and (${n(3)}::text is null or lower(s.speaker) = lower(${n(3)}))
     and (${n(4)}::text is null or exists (select 1 from labels l where l.statement_id = s.id and l.value = ${n(4)} and not l.removed))
     and (${n(5)}::timestamptz is null or c.created_at >= ${n(5)})
     and (${n(6)}::timestamptz is null or c.created_at < ${n(6)})`;
  return { sql, params };
}

export const searchRepo = (q: Queryable) => ({
  /**
   * Statement ids matching the full-text query `match` (and `constraints`, the phrases and
   * exclusions that must hold), ranked by cover density over `anyWord`, best first.
   */
  textMatches: async (
    p: SearchScope,
    o: { anyWord: string; constraints: string; match: string; normalization: number; limit: number },
  ): Promise<string[]> => {
    const s = scope(p, 6);
    const rows = await q.query<{ id: string }>(
      `select s.id from statements s ${s.sql}
         and s.tsv @@ websearch_to_tsquery('english', $5)
         and ($2 = '' or s.tsv @@ websearch_to_tsquery('english', $2))
       order by ts_rank_cd(s.tsv, websearch_to_tsquery('english', $1), $3) desc, s.id
       limit $4`,
      [o.anyWord, o.constraints, o.normalization, o.limit, o.match, ...s.params],
    );
    return rows.map((r) => r.id);
  },

  /**
   * Statement ids nearest to `vector` among those `model` embedded, closest first. Sets the HNSW
   * walk's options for the rest of the transaction, so call it inside one.
   */
  nearestStatements: async (
    p: SearchScope,
    o: { vector: number[]; model: string; constraints: string; efSearch: number; limit: number },
  ): Promise<string[]> => {
    const s = scope(p, 5);
    // Iterative scans keep filling the top-k when the filters reject what the index offers first;
    // max_scan_tuples (40 × k) bounds that walk, so it gives up on scopes under ~2.5% of the rows.
    // enable_sort off makes the HNSW walk the plan: PGlite has no autovacuum, so the tables are
    // never analyzed, and without statistics the planner takes the scope for a handful of rows
    // and always sorts all of it exactly instead (bench/search: 0 of 200 plans used the index at
    // 100k statements, ~300 ms a query). The walk is the only plan that needs no sort.
    await q.query(
      `select set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true),
              set_config('hnsw.max_scan_tuples', (40 * $2::int)::text, true), set_config('enable_sort', 'off', true)`,
      [String(o.efSearch), o.limit],
    );
    // If the walk gave up before filling the top-k (narrow filters), the scope is small or the
    // filters rare: rank it exactly. cosine_distance() is the same distance as <=>, but not an
    // ordering the index can serve, and that branch only runs when the walk came back short.
    const rows = await q.query<{ id: string }>(
      `with ann as materialized (
         select s.id, s.embedding <=> $1::vector as distance from statements s ${s.sql}
            and s.embedding_model = $2
            and ($3 = '' or s.tsv @@ websearch_to_tsquery('english', $3))
          order by s.embedding <=> $1::vector
          limit $4
       )
       select id from (
         select id, distance from ann where (select count(*) from ann) >= $4
         union all
         (select s.id, cosine_distance(s.embedding, $1::vector) as distance from statements s ${s.sql}
             and s.embedding_model = $2
             and ($3 = '' or s.tsv @@ websearch_to_tsquery('english', $3))
             and (select count(*) from ann) < $4
           order by 2
           limit $4)
       ) hits order by distance, id`,
      [`[${o.vector.join(',')}]`, o.model, o.constraints, o.limit, ...s.params],
    );
    return rows.map((r) => r.id);
  },

  /** The statements as hits, each with a snippet of its text highlighting the query's words. */
  hits: (ids: string[], query: string) =>
    q.query<SearchHitRow>(
      // The text is HTML-escaped before ts_headline adds its <mark> tags, so the snippet is safe to render.
      `select s.id, s.contribution_id, c.conference_id, f.space_id, s.start_ms, s.end_ms, s.speaker, s.text, s.gist,
              ts_headline('english', replace(replace(replace(s.text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                          websearch_to_tsquery('english', $2),
                          'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') as snippet
         from statements s join contributions c on c.id = s.contribution_id join conferences f on f.id = c.conference_id
        where s.id = any($1::uuid[])`,
      [ids, query],
    ),

  /**
   * Each word's lexemes (the same stemming as the tsv column), in the given order, with when the
   * statements' statistics were last refreshed (the same on every row).
   */
  lexemes: (words: string[]) =>
    q.query<{ word: string; lexemes: string[]; analyzed_at: string | null }>(
      `select w.word, tsvector_to_array(to_tsvector('english', w.word)) as lexemes,
              (select greatest(last_analyze, last_autoanalyze)::text from pg_stat_user_tables where relid = 'statements'::regclass) as analyzed_at
         from unnest($1::text[]) with ordinality as w(word, i)
        order by w.i`,
      [words],
    ),

  /**
   * The statements' most common lexemes with how many rows each is expected in: ANALYZE keeps them
   * for a tsvector column, with their frequencies, in pg_stats.
   */
  commonLexemes: () =>
    q.query<{ lexeme: string; rows: number }>(
      `select e.lexeme, e.freq * greatest((select reltuples from pg_class where oid = 'statements'::regclass), 0) as rows
         from pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as e(lexeme, freq)
        where s.schemaname = current_schema() and s.tablename = 'statements' and s.attname = 'tsv' and e.lexeme is not null`,
    ),
});
