/**
 * The search queries over statements: full-text and vector candidates within what the caller may
 * see, scored by BM25 from the term statistics (term_stats), and the hits' snippets.
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
  /** Only this contribution's statements (an agenda linked to a live meeting's recording). */
  contribution?: string;
}

export interface TextMatchRow {
  id: string;
  contribution_id: string;
  seq: number;
  speaker: string | null;
  /** BM25 over the query's words. */
  score: number;
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
    p.contribution ?? null,
  ];
  const n = (i: number) => `$${firstParam + i}`;
  const sql = `
    join contributions c on c.id = s.contribution_id
    join conferences f on f.id = c.conference_id
    join memberships m on m.space_id = f.space_id and m.user_id = ${n(0)}
   where s.hidden_at is null
     and (${n(1)}::uuid is null or f.space_id = ${n(1)})
     and (${n(2)}::uuid is null or f.id = ${n(2)})
     and (${n(3)}::text is null or lower(s.speaker) = lower(${n(3)}))
     and (${n(4)}::text is null or exists (select 1 from labels l where l.statement_id = s.id and l.value = ${n(4)} and not l.removed))
     and (${n(5)}::timestamptz is null or c.created_at >= ${n(5)})
     and (${n(6)}::timestamptz is null or c.created_at < ${n(6)})
     and (${n(7)}::uuid is null or c.id = ${n(7)})`;
  return { sql, params };
}

export const searchRepo = (q: Queryable) => ({
  /**
   * Statements matching the full-text query `match` (and `constraints`, the phrases and exclusions
   * that must hold), scored by BM25 over the lexemes of `words`, best first. Term statistics come
   * from term_stats and statement_corpus (kept by triggers, 0011_search.sql): idf over the
   * whole library, length normalised by the mean statement length, term frequency saturated by k1.
   */
  textMatches: async (
    p: SearchScope,
    o: { words: string; constraints: string; match: string; k1: number; b: number; limit: number },
  ): Promise<TextMatchRow[]> => {
    const s = scope(p, 7);
    const rows = await q.query<TextMatchRow>(
      `with terms as (
         select t.lexeme, ln(1 + (c.statements - t.df + 0.5) / (t.df + 0.5)) as idf
           from term_stats t, statement_corpus c
          where t.lexeme = any(tsvector_to_array(to_tsvector('english', $1)))
       ),
       corpus as (select greatest(tokens::float8 / nullif(statements, 0), 1) as avgdl from statement_corpus),
       matched as (
         select s.id, s.contribution_id, s.seq, s.speaker, s.tsv, tsv_tokens(s.tsv) as dl from statements s ${s.sql}
            and s.tsv @@ websearch_to_tsquery('english', $6)
            and ($2 = '' or s.tsv @@ websearch_to_tsquery('english', $2))
       )
       select m.id, m.contribution_id, m.seq, m.speaker,
              coalesce(sum(terms.idf * u.tf * ($3::float8 + 1) / (u.tf + $3::float8 * (1 - $4::float8 + $4::float8 * m.dl / corpus.avgdl))), 0)::float8 as score
         from matched m
         cross join corpus
         left join lateral (select lexeme, coalesce(cardinality(positions), 1) as tf from unnest(m.tsv)) u on true
         left join terms on terms.lexeme = u.lexeme
        group by m.id, m.contribution_id, m.seq, m.speaker
        order by score desc, m.id
        limit $5::int`,
      [o.words, o.constraints, o.k1, o.b, o.limit, o.match, ...s.params],
    );
    return rows.map((r) => ({ ...r, score: Number(r.score) }));
  },

  /** Each word's document frequency (statements holding its lexeme; a word of several lexemes counts its rarest), in the given order. */
  documentFrequencies: (words: string[]) =>
    q.query<{ word: string; df: number | null }>(
      `select w.word, (select min(coalesce(t.df, 0)) from unnest(tsvector_to_array(to_tsvector('english', w.word))) as l
                         left join term_stats t on t.lexeme = l) as df
         from unnest($1::text[]) with ordinality as w(word, i)
        order by w.i`,
      [words],
    ),

  /** The cosine similarity to `vector` of the given statements that `model` embedded, with where each sits. */
  similarities: (ids: string[], o: { vector: number[]; model: string }) =>
    q.query<{ id: string; contribution_id: string; seq: number; speaker: string | null; similarity: number }>(
      `select id, contribution_id, seq, speaker, 1 - cosine_distance(embedding, $2::vector) as similarity from statements
        where id = any($1::uuid[]) and embedding_model = $3 and embedding is not null`,
      [ids, `[${o.vector.join(',')}]`, o.model],
    ),

  /**
   * Statement ids nearest to `vector` among those `model` embedded, closest first. Sets the HNSW
   * walk's options for the rest of the transaction, so call it inside one.
   */
  nearestStatements: async (
    p: SearchScope,
    o: { vector: number[]; model: string; constraints: string; efSearch: number; limit: number },
  ): Promise<{ id: string; distance: number }[]> => {
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
    const rows = await q.query<{ id: string; distance: number }>(
      `with ann as materialized (
         select s.id, s.embedding <=> $1::vector as distance from statements s ${s.sql}
            and s.embedding_model = $2
            and ($3 = '' or s.tsv @@ websearch_to_tsquery('english', $3))
          order by s.embedding <=> $1::vector
          limit $4
       )
       select id, distance from (
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
    return rows.map((r) => ({ id: r.id, distance: Number(r.distance) }));
  },

  /**
   * The nearest statements ranked exactly, without the HNSW walk: for a scope known to be small
   * (a rare speaker), where the walk would visit max_scan_tuples nodes before giving up. Ordered
   * by cosine_distance(), which no index serves, so it reads only the scope's rows (the speaker
   * index finds them).
   */
  nearestExactly: async (p: SearchScope, o: { vector: number[]; model: string; constraints: string; limit: number }) => {
    const s = scope(p, 5);
    const rows = await q.query<{ id: string; distance: number }>(
      `select s.id, s.embedding <=> $1::vector as distance from statements s ${s.sql}
          and s.embedding_model = $2
          and ($3 = '' or s.tsv @@ websearch_to_tsquery('english', $3))
        order by cosine_distance(s.embedding, $1::vector), s.id
        limit $4`,
      [`[${o.vector.join(',')}]`, o.model, o.constraints, o.limit, ...s.params],
    );
    return rows.map((r) => ({ id: r.id, distance: Number(r.distance) }));
  },

  /** How many statements this speaker has, counted up to `cap` (through the speaker index). */
  speakerStatements: async (speaker: string, cap: number) => {
    const [row] = await q.query<{ n: number }>(
      `select count(*)::int as n from (select 1 from statements where lower(speaker) = lower($1) limit $2) x`,
      [speaker, cap],
    );
    return row.n;
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
});
