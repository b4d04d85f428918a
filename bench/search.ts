/**
 * bench/search: search latency and recall at 10k and 100k statements, on the embedded default.
 *
 *   npm run bench -- search [--sizes 10000,100000] [--queries 200] [--ef 40,100,200,400] [--db DIR]
 *
 * --db DIR keeps each size's database in DIR/<size> and reuses it on the next run (the corpus, ids
 * and vectors are deterministic), skipping the inserts and the HNSW build: for iterating on the
 * query side at 100k without rebuilding for minutes.
 *
 * The corpus is real meeting speech (../shared/eval: QMSum, AMI and ICSI dev turns). Above the
 * ~21k distinct real turns it grows with variations of them (sentences spliced from neighbouring
 * or unrelated turns, consecutive turns merged, words dropped or locally shuffled), never random
 * vectors: those defeat every ANN index and say nothing about real embeddings. The statements are
 * embedded with the configured embedder and bulk-inserted with plain SQL into a fresh, migrated
 * PGlite in a temp folder; the HNSW index is built afterwards with the app's createVectorIndex.
 *
 * The queries are QMSum's specific queries plus statement texts with words dropped (as someone
 * remembers a phrase), after a warm-up of others. Each is run, interleaved, through:
 *   - searchStatements (the whole hybrid search: text + vector candidates, fusion, snippets, labels);
 *   - textCandidates and vectorCandidates alone (the latter timed whole, and its kNN SQL alone);
 *   - the kNN SQL vectorCandidates sent, replayed with its settings but index scans off and sorts
 *     allowed: an exact scan (EXPLAIN shows it; it must agree with the brute force below);
 *   - a brute-force cosine scan in JS over Float32Arrays of the same vectors (the baseline).
 * recall@k compares the HNSW path with the exact one by distance (ties count as hits). 1/8 of the
 * conferences sit in a space the benchmark user is not a member of: every result is checked to
 * be in scope, and the exact/brute-force baselines only consider what the user may see. Then: an
 * ef_search sweep, filtered searches (one conference; one rare speaker) checked against their
 * filters. Planner statistics are refreshed before the queries, as the app does itself
 * (db/statistics.ts: PGlite has no autovacuum).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../services/src/config.ts';
import { makeAi } from '../services/src/ai/index.ts';
import type { Embedder } from '../services/src/ai/ports.ts';
import type { Db, Queryable } from '../services/src/db/db.ts';
import { openPglite } from '../services/src/db/pglite.ts';
import { migrate } from '../services/src/db/migrate.ts';
import { builtIndexOptions, createVectorIndex } from '../services/src/db/vector-schema.ts';
import { ensureEmbeddingSchema, sameIndexOptions } from '../services/src/search/embedding-schema.ts';
import { analyzeIfStale } from '../services/src/db/statistics.ts';
import { searchStatements, textCandidates, vectorCandidates, type SearchDeps, type SearchParams } from '../services/src/search/search.ts';

// ---------------------------------------------------------------- options
const args = process.argv.slice(process.argv.indexOf('search') + 1);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const SIZES = opt('sizes', '10000,100000').split(',').map(Number);
const QUERIES = Number(opt('queries', '200'));
const KEEP_DB = args.includes('--db') ? path.resolve(opt('db', '')) : null;
const CONFIG = loadConfig();
const EF_SWEEP = [...new Set([...opt('ef', '40,100,200,400').split(',').map(Number), CONFIG.search.efSearch])].sort((a, b) => a - b);
const INSERT_BATCH = 500;
const EMBED_BATCH = 64;
const CONFERENCES = 8; // the last one lives in a space the benchmark user is not a member of
const PER_CONTRIBUTION = 200;
const WARMUP = 30;
const FILTERED_QUERIES = 50;
const GOAL = { vectorP95Ms: 10, recall10: 0.97, hybridP95Ms: 50, atSize: 100_000 };
if (SIZES.some((n) => !Number.isInteger(n) || n < 100) || !(QUERIES >= 10)) {
  process.stderr.write('usage: npm run bench -- search [--sizes 10000,100000] [--queries 200] [--ef 40,100,200]\n');
  process.exit(2);
}

const EVAL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/eval');
const rng = mulberry32(20240611);

// ---------------------------------------------------------------- corpus
interface Turn {
  meeting: number;
  speaker: string;
  text: string;
}
const meetings: { id: string; turns: { speaker: string; text: string }[] }[] = [];
for (const file of ['qmsum/dev/qmsum_dev.jsonl', 'ami/dev/ami_normalized_dev.jsonl', 'icsi/dev/icsi_normalized_dev.jsonl']) {
  for (const line of fs.readFileSync(path.join(EVAL, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const m = JSON.parse(line);
    meetings.push({
      id: `${file.split('/')[0]}:${m.id}`,
      turns: m.turns.map((t: { speaker?: string; text: string }) => ({ speaker: t.speaker ?? '', text: t.text })),
    });
  }
}
const realTurns: Turn[] = [];
const seenText = new Set<string>();
meetings.forEach((m, meeting) => {
  for (const t of m.turns) {
    const text = t.text.replace(/\s+/g, ' ').trim();
    if (text.split(' ').length < 4 || seenText.has(text)) continue;
    seenText.add(text);
    realTurns.push({ meeting, speaker: t.speaker, text });
  }
});
/** Position of each real turn among its meeting's, for picking neighbours. */
const byMeeting = new Map<number, number[]>();
const positionInMeeting: number[] = [];
realTurns.forEach((t, i) => {
  const list = byMeeting.get(t.meeting) ?? [];
  positionInMeeting.push(list.length);
  list.push(i);
  byMeeting.set(t.meeting, list);
});

const qmsumQueries: string[] = fs
  .readFileSync(path.join(EVAL, 'qmsum/dev/qmsum_dev.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .flatMap((l) =>
    JSON.parse(l)
      .queries.filter((q: { type: string }) => q.type === 'specific')
      .map((q: { query: string }) => q.query),
  );

const sentencesOf = (text: string) =>
  text
    .match(/[^.!?]+[.!?]*/g)
    ?.map((s) => s.trim())
    .filter((s) => s.split(' ').length >= 2) ?? [text];
const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)];

/** One variation of a real turn; which kind is drawn at random. */
function variant(): Turn {
  const b = Math.floor(rng() * realTurns.length);
  const base = realTurns[b];
  const siblings = byMeeting.get(base.meeting)!;
  const at = positionInMeeting[b];
  const near = (span: number) => realTurns[siblings[Math.min(siblings.length - 1, Math.max(0, at + Math.round((rng() * 2 - 1) * span)))]];
  const some = (text: string, max: number) => {
    const s = sentencesOf(text);
    const from = Math.floor(rng() * s.length);
    return s.slice(from, from + 1 + Math.floor(rng() * max)).join(' ');
  };
  const r = rng();
  let text: string;
  if (r < 0.3)
    text = `${some(base.text, 2)} ${some(near(15).text, 2)}`; // splice with a nearby turn of the same meeting
  else if (r < 0.45)
    text = `${some(base.text, 2)} ${some(pick(realTurns).text, 2)}`; // splice with any turn
  else if (r < 0.6)
    text = [base.text, near(1).text, near(2).text].slice(0, 2 + Math.floor(rng() * 2)).join(' '); // merged turns
  else if (r < 0.8) {
    const w = base.text.split(' ');
    const kept = w.filter(() => rng() > 0.2);
    text = (kept.length >= 3 ? kept : w).join(' '); // words dropped
  } else {
    const w = base.text.split(' ');
    for (let i = 0; i + 1 < w.length; i += 4) {
      const end = Math.min(w.length, i + 4);
      for (let j = end - 1; j > i; j--) {
        const k = i + Math.floor(rng() * (j - i + 1));
        [w[j], w[k]] = [w[k], w[j]];
      }
    }
    text = w.join(' '); // locally shuffled
  }
  return { meeting: base.meeting, speaker: base.speaker, text };
}

function corpus(size: number): Turn[] {
  if (size <= realTurns.length) {
    const chosen = new Set<number>();
    while (chosen.size < size) chosen.add(Math.floor(rng() * realTurns.length));
    return [...chosen].sort((a, b) => a - b).map((i) => realTurns[i]);
  }
  const out = [...realTurns];
  const texts = new Set(out.map((t) => t.text));
  while (out.length < size) {
    const v = variant();
    if (v.text.split(' ').length < 3 || texts.has(v.text)) continue;
    texts.add(v.text);
    out.push(v);
  }
  return out.sort((a, b) => a.meeting - b.meeting); // statements of a meeting stay together
}

// ---------------------------------------------------------------- main
const ai = makeAi(CONFIG.ai);
const cores = os.cpus().length;
console.log(
  `\nbench/search: embedder ${ai.embedder.provider}:${ai.embedder.model} (${ai.embedder.dims}-d), ${realTurns.length} distinct real turns ` +
    `(${meetings.length} meetings), ${cores} cores, Node ${process.version}; search config ${JSON.stringify(CONFIG.search)}, PGlite shared_buffers ${CONFIG.pgliteSharedBuffers}`,
);

async function benchSize(size: number) {
  const tmp = KEEP_DB ? path.join(KEEP_DB, String(size)) : fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-bench-search-'));
  const removeTmp = () => (KEEP_DB ? undefined : fs.rmSync(tmp, { recursive: true, force: true }));
  process.once('exit', removeTmp); // also when the bench fails halfway
  const marker = path.join(tmp, 'bench.json');
  const reused = KEEP_DB !== null && fs.existsSync(marker) && JSON.parse(fs.readFileSync(marker, 'utf8')).model === ai.embedder.model;
  if (KEEP_DB && !reused) fs.rmSync(tmp, { recursive: true, force: true });
  // Ids from their own seeded generator, so a kept database matches the corpus of a later run.
  const idRng = mulberry32(size);
  const newId = () => uuidFrom(idRng);
  const turns = corpus(size);
  const embedder = timedEmbedder(ai.embedder);
  const dims = embedder.dims;
  log(
    `${fmtN(size)}: corpus ready (${fmtN(Math.min(size, realTurns.length))} real turns + ${fmtN(Math.max(0, size - realTurns.length))} variants); embedding…`,
  );

  // Embed the corpus (the embedder's throughput is worth knowing too).
  const vectors = new Float32Array(size * dims);
  const tEmbed = performance.now();
  for (let i = 0; i < size; i += EMBED_BATCH) {
    const batch = await embedder.embed(turns.slice(i, i + EMBED_BATCH).map((t) => t.text));
    for (const [j, v] of batch.entries()) vectors.set(v, (i + j) * dims);
  }
  const embedMs = performance.now() - tEmbed;

  const dbOpenStart = performance.now();
  const raw = await openPglite(path.join(tmp, 'db'), { sharedBuffers: CONFIG.pgliteSharedBuffers });
  await migrate(raw);
  const indexOptions = CONFIG.search.index;
  await ensureEmbeddingSchema(raw, embedder, indexOptions);
  // A kept database whose graph was built with other options (SEARCH_HNSW_M, SEARCH_HNSW_EF_CONSTRUCTION) gets a new one.
  const rebuildIndex = !reused || !sameIndexOptions(await builtIndexOptions(raw), indexOptions);
  if (rebuildIndex) await raw.exec(`drop index if exists statements_embedding_hnsw`); // bulk load first, index after
  log(`${fmtN(size)}: embedded in ${fmtMs(embedMs)}; database ready in ${fmtMs(performance.now() - dbOpenStart)}; inserting…`);

  // Users, spaces, memberships, conferences, contributions.
  const benchUser = newId();
  const otherUser = newId();
  const memberSpace = newId();
  const otherSpace = newId();
  const setup = async (sql: string, params: unknown[]) => (reused ? undefined : raw.query(sql, params));
  await setup(
    `insert into users (id, email, name, password_hash) values ($1, 'bench@example.org', 'Bench', 'x'), ($2, 'other@example.org', 'Other', 'x')`,
    [benchUser, otherUser],
  );
  await setup(`insert into spaces (id, name, created_by) values ($1, 'Bench', $2), ($3, 'Elsewhere', $4)`, [
    memberSpace,
    benchUser,
    otherSpace,
    otherUser,
  ]);
  await setup(`insert into memberships (space_id, user_id, role) values ($1, $2, 'owner'), ($3, $4, 'owner')`, [
    memberSpace,
    benchUser,
    otherSpace,
    otherUser,
  ]);
  const conferences = Array.from({ length: CONFERENCES }, (_, i) => ({
    id: newId(),
    space: i === CONFERENCES - 1 ? otherSpace : memberSpace,
  }));
  for (const [i, c] of conferences.entries()) {
    await setup(`insert into conferences (id, space_id, title, created_by) values ($1, $2, $3, $4)`, [
      c.id,
      c.space,
      `Conference ${i + 1}`,
      c.space === memberSpace ? benchUser : otherUser,
    ]);
  }
  // Each meeting's statements, in chunks of PER_CONTRIBUTION, become contributions spread over the conferences.
  const contributionOf = new Array<string>(size);
  const visible = new Uint8Array(size);
  const contributions: { id: string; conference: string; created: Date }[] = [];
  for (let i = 0; i < size; ) {
    const meeting = turns[i].meeting;
    let end = i;
    while (end < size && turns[end].meeting === meeting && end - i < PER_CONTRIBUTION) end++;
    const conf = conferences[Math.floor(rng() * CONFERENCES)];
    const c = { id: newId(), conference: conf.id, created: new Date(Date.UTC(2024, 0, 1) + Math.floor(rng() * 365) * 86_400_000) };
    contributions.push(c);
    for (let j = i; j < end; j++) {
      contributionOf[j] = c.id;
      visible[j] = conf.space === memberSpace ? 1 : 0;
    }
    i = end;
  }
  await setup(
    `insert into contributions (id, conference_id, author_id, title, source, status, stage, progress, created_at)
     select id, conf, $3, 'Meeting', 'transcript', 'ready', 'ready', 1, created from unnest($1::uuid[], $2::uuid[], $4::timestamptz[]) as t(id, conf, created)`,
    [contributions.map((c) => c.id), contributions.map((c) => c.conference), benchUser, contributions.map((c) => c.created)],
  );

  // Statements with their vectors, 500 rows per INSERT.
  const ids: string[] = turns.map(() => newId());
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const seqs = new Map<string, number>();
  const tInsert = performance.now();
  for (let i = 0; i < (reused ? 0 : size); i += INSERT_BATCH) {
    const rows = turns.slice(i, i + INSERT_BATCH).map((t, k) => {
      const j = i + k;
      const seq = seqs.get(contributionOf[j]) ?? 0;
      seqs.set(contributionOf[j], seq + 1);
      return {
        id: ids[j],
        contribution: contributionOf[j],
        seq,
        speaker: t.speaker,
        text: t.text,
        vector: `[${vectors.subarray(j * dims, (j + 1) * dims).join(',')}]`,
      };
    });
    await raw.query(
      `insert into statements (id, contribution_id, seq, start_ms, end_ms, speaker, text, embedding, embedding_model)
       select id, contribution, seq, seq * 5000, seq * 5000 + 4500, speaker, text, v::vector, $7
         from unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[]) as t(id, contribution, seq, speaker, text, v)`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.contribution),
        rows.map((r) => r.seq),
        rows.map((r) => r.speaker),
        rows.map((r) => r.text),
        rows.map((r) => r.vector),
        embedder.model,
      ],
    );
    if ((i / INSERT_BATCH) % 40 === 39)
      log(`  ${fmtN(i + INSERT_BATCH)} rows, ${fmtN(Math.round((i + INSERT_BATCH) / ((performance.now() - tInsert) / 1000)))} rows/s`);
  }
  const insertMs = reused ? NaN : performance.now() - tInsert;

  log(
    reused
      ? `${fmtN(size)}: reusing the kept database${rebuildIndex ? '; building HNSW…' : ''}`
      : `${fmtN(size)}: inserted in ${fmtMs(insertMs)}; building HNSW…`,
  );
  const tIndex = performance.now();
  if (rebuildIndex) await createVectorIndex(raw, indexOptions);
  const indexMs = rebuildIndex ? performance.now() - tIndex : NaN;
  if (KEEP_DB && !reused) fs.writeFileSync(marker, JSON.stringify({ size, model: ai.embedder.model }));
  const rssAfterIndex = process.memoryUsage().rss;
  // PGlite has no autovacuum: the app refreshes planner statistics itself (db/statistics.ts, at
  // start-up and after each contribution's last stage). Do what it would have done by now.
  const tAnalyze = performance.now();
  const analyzedTables = await analyzeIfStale(raw);
  const analyzeMs = performance.now() - tAnalyze;
  const [stats] = await raw.query<{ analyzed: boolean; reltuples: number }>(
    `select (last_analyze is not null or last_autoanalyze is not null) as analyzed, (select reltuples from pg_class where relname = 'statements') as reltuples
       from pg_stat_user_tables where relname = 'statements'`,
  );
  const [{ bytes: dbBytes }] = await raw.query<{ bytes: string }>(`select pg_database_size(current_database())::text as bytes`);
  const [{ bytes: indexBytes }] = await raw.query<{ bytes: string }>(`select pg_relation_size('statements_embedding_hnsw')::text as bytes`);

  // ---------------------------------------------------------------- queries
  const { measured: queryTexts, warmup } = makeQueries(turns, visible);
  const queryVectors = await embedder.embed(queryTexts.map((q) => q.text)).then((vs) => vs.map((v) => Float32Array.from(v)));

  // What vectorCandidates sends in its transaction (its settings, then the kNN SQL), to time the
  // SQL alone and to replay it: under EXPLAIN, and as an exact scan with index scans turned off.
  const probe: Probe = { sqlMs: 0, knn: { text: '', params: [] }, setup: [], text: { text: '', params: [] } };
  const db = instrument(raw, probe);
  const deps = (efSearch = CONFIG.search.efSearch): SearchDeps => ({ db, embedder, config: { ...CONFIG.search, efSearch } });
  const params = (q: string, filters: Partial<SearchParams> = {}): SearchParams => ({
    q,
    userId: benchUser,
    limit: 20,
    mode: 'hybrid',
    ...filters,
  });
  const K = CONFIG.search.candidates;
  const replay = (how: { exact?: boolean; explain?: 'plan' | 'analyze' } = {}) => replayKnn(raw, probe, dims, how);

  // EXPLAIN ANALYZE of the vector SQL both ways, on the first query.
  await vectorCandidates(deps(), params(queryTexts[0].text));
  const plan = (await replay({ explain: 'analyze' })).plan;
  const exactPlan = (await replay({ exact: true, explain: 'analyze' })).plan;
  const usesHnsw = plan.includes('statements_embedding_hnsw');
  await textCandidates(deps(), params(queryTexts[0].text));
  const textPlan = probe.text.text ? await explainSql(raw, probe.text, dims) : '(textCandidates sent no query)';
  const exactUsesHnsw = exactPlan.includes('statements_embedding_hnsw');

  log(`${fmtN(size)}: ${warmup.length} warm-up queries, then ${queryTexts.length} measured…`);
  for (const q of warmup) {
    await searchStatements(deps(), params(q.text));
    await vectorCandidates(deps(), params(q.text));
    await replay({ exact: true });
  }

  const t = {
    hybrid: [] as number[],
    text: [] as number[],
    vectorWhole: [] as number[],
    vectorSql: [] as number[],
    exactSql: [] as number[],
    brute: [] as number[],
    queryEmbed: [] as number[],
  };
  const truths: number[][] = [];
  const recall = { hnsw10: [] as number[], hnswK: [] as number[], exact10vsBrute: [] as number[], exactKvsBrute: [] as number[] };
  let outOfScope = 0;
  let shortLists = 0;
  let plansWithoutHnsw = 0;
  const inScope = (id: string) => {
    const i = indexOf.get(id);
    return i !== undefined && visible[i] === 1;
  };
  const distanceTo = (n: number) => (id: string) => cosineDistance(queryVectors[n], vectors, indexOf.get(id)!, dims);

  for (const [n, q] of queryTexts.entries()) {
    const p = params(q.text);
    let t0 = performance.now();
    const hybrid = await searchStatements(deps(), p);
    t.hybrid.push(performance.now() - t0);

    t0 = performance.now();
    await textCandidates(deps(), p);
    t.text.push(performance.now() - t0);

    embedder.lastMs = 0;
    t0 = performance.now();
    const hnsw = (await vectorCandidates(deps(), p)).map((h) => h.id);
    t.vectorWhole.push(performance.now() - t0);
    t.vectorSql.push(probe.sqlMs);
    t.queryEmbed.push(embedder.lastMs);
    if (!(await replay({ explain: 'plan' })).plan.includes('statements_embedding_hnsw')) plansWithoutHnsw++;

    const exact = await replay({ exact: true });
    t.exactSql.push(exact.ms);

    t0 = performance.now();
    const brute = bruteForce(queryVectors[n], vectors, dims, visible, K);
    t.brute.push(performance.now() - t0);
    truths.push(brute.map((b) => b.distance));

    for (const id of [...hybrid.hits.map((h) => h.statementId), ...hnsw, ...exact.ids]) if (!inScope(id)) outOfScope++;
    if (hnsw.length < Math.min(K, exact.ids.length)) shortLists++;
    const dist = distanceTo(n);
    const exactDists = exact.ids.map(dist);
    recall.hnsw10.push(recallByDistance(hnsw.slice(0, 10).map(dist), exactDists.slice(0, 10)));
    recall.hnswK.push(recallByDistance(hnsw.map(dist), exactDists));
    recall.exact10vsBrute.push(recallByDistance(exactDists.slice(0, 10), truths[n].slice(0, 10)));
    recall.exactKvsBrute.push(recallByDistance(exactDists, truths[n]));
    if (n % 50 === 49) log(`  ${n + 1}/${queryTexts.length} queries`);
  }

  // ef_search sweep on the vector SQL alone.
  log(`${fmtN(size)}: ef_search sweep ${EF_SWEEP.join(', ')}…`);
  const sweep: { ef: number; p50: number; p95: number; recall10: number; recallK: number }[] = [];
  for (const ef of EF_SWEEP) {
    const ms: number[] = [];
    const r10: number[] = [];
    const rK: number[] = [];
    for (const [n, q] of queryTexts.entries()) {
      const hnsw = (await vectorCandidates(deps(ef), params(q.text))).map((h) => h.id);
      ms.push(probe.sqlMs);
      const dist = distanceTo(n);
      r10.push(recallByDistance(hnsw.slice(0, 10).map(dist), truths[n].slice(0, 10)));
      rK.push(recallByDistance(hnsw.map(dist), truths[n]));
    }
    sweep.push({ ef, p50: pct(ms, 50), p95: pct(ms, 95), recall10: mean(r10), recallK: mean(rK) });
  }

  // Filtered searches: a broad filter (one conference) and a narrow one (one speaker); every result
  // must satisfy it, and recall is against the exact scan of the same filtered scope.
  log(`${fmtN(size)}: filtered queries…`);
  const confSize = new Map<string, number>();
  const speakerSize = new Map<string, number>();
  const confOf = new Map<string, string>(contributions.map((c) => [c.id, c.conference]));
  turns.forEach((tn, i) => {
    if (!visible[i]) return;
    const conf = confOf.get(contributionOf[i])!;
    confSize.set(conf, (confSize.get(conf) ?? 0) + 1);
    speakerSize.set(tn.speaker.toLowerCase(), (speakerSize.get(tn.speaker.toLowerCase()) ?? 0) + 1);
  });
  const [conference, confN] = [...confSize].sort((a, b) => a[1] - b[1])[0];
  const [speaker, speakerN] = [...speakerSize].sort((a, b) => Math.abs(a[1] - size * 0.003) - Math.abs(b[1] - size * 0.003))[0];
  const filterSets = [
    {
      label: `conference (${pct1(confN / size)} of rows)`,
      filters: { conference },
      holds: (i: number) => confOf.get(contributionOf[i]) === conference,
    },
    {
      label: `speaker (${pct1(speakerN / size)} of rows)`,
      filters: { speaker },
      holds: (i: number) => turns[i].speaker.toLowerCase() === speaker,
    },
  ];
  const filtered: { label: string; sql: number[]; exact: number[]; recall10: number[]; violations: number; plan: string }[] = [];
  for (const f of filterSets) {
    const row = { label: f.label, sql: [] as number[], exact: [] as number[], recall10: [] as number[], violations: 0, plan: '' };
    for (const [n, q] of queryTexts.slice(0, FILTERED_QUERIES).entries()) {
      const found = (await vectorCandidates(deps(), params(q.text, f.filters))).map((h) => h.id);
      row.sql.push(probe.sqlMs);
      const exact = await replay({ exact: true });
      row.exact.push(exact.ms);
      for (const id of [...found, ...exact.ids]) if (!inScope(id) || !f.holds(indexOf.get(id)!)) row.violations++;
      const dist = distanceTo(n);
      row.recall10.push(recallByDistance(found.slice(0, 10).map(dist), exact.ids.slice(0, 10).map(dist)));
      if (n === 0) {
        await vectorCandidates(deps(), params(q.text, f.filters));
        row.plan = (await replay({ explain: 'analyze' })).plan;
      }
    }
    filtered.push(row);
  }

  const rssEnd = process.memoryUsage().rss;
  await raw.close();
  removeTmp();

  // ---------------------------------------------------------------- report
  const bruteP50 = pct(t.brute, 50);
  const bruteP95 = pct(t.brute, 95);
  const atGoalSize = size === GOAL.atSize;
  const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const goal = (text: string, ok: boolean) => (atGoalSize ? `${text}: ${check(ok)}` : `(${text} at 100k)`);
  const row = (label: string, xs: number[], goalText = '') =>
    `  ${label.padEnd(38)}${fmtMs(pct(xs, 50)).padStart(10)}${fmtMs(pct(xs, 95)).padStart(10)}${ratio(pct(xs, 50), bruteP50).padStart(10)}${ratio(pct(xs, 95), bruteP95).padStart(10)}   ${goalText}`;
  const nQmsum = queryTexts.filter((q) => q.kind === 'qmsum').length;

  console.log(
    `\n== ${fmtN(size)} statements (${fmtN(visible.reduce((a, b) => a + b, 0))} visible to the user), ${queryTexts.length} queries (${nQmsum} QMSum specific + ${queryTexts.length - nQmsum} perturbed statements) after ${warmup.length} warm-up, top-${K} candidates, ef_search ${CONFIG.search.efSearch}`,
  );
  console.log(
    `  embed corpus                          ${fmtMs(embedMs).padStart(10)}   ${fmtN(Math.round(size / (embedMs / 1000)))} texts/s (${embedder.provider}:${embedder.model})`,
  );
  const graph = `m ${indexOptions.m}, ef_construction ${indexOptions.efConstruction}`;
  if (reused) console.log(`  insert statements                     reused the database kept in ${tmp}`);
  else
    console.log(
      `  insert statements                     ${fmtMs(insertMs).padStart(10)}   ${fmtN(Math.round(size / (insertMs / 1000)))} rows/s (${INSERT_BATCH}-row INSERTs, tsvector + GIN maintained, no HNSW)`,
    );
  if (rebuildIndex)
    console.log(
      `  build HNSW (createVectorIndex)        ${fmtMs(indexMs).padStart(10)}   ${fmtN(Math.round(size / (indexMs / 1000)))} rows/s, ${graph}, index ${fmtMb(Number(indexBytes))}, database ${fmtMb(Number(dbBytes))}`,
    );
  else
    console.log(
      `  build HNSW                            reused (${graph}), index ${fmtMb(Number(indexBytes))}, database ${fmtMb(Number(dbBytes))}`,
    );
  console.log(
    `  process RSS                           after index ${fmtMb(rssAfterIndex)}, at end ${fmtMb(rssEnd)}; planner statistics: analyzed=${stats?.analyzed} (${analyzedTables.join(', ') || 'nothing stale'} in ${fmtMs(analyzeMs)}), reltuples=${stats?.reltuples}`,
  );
  console.log(
    `\n  ${'latency per query'.padEnd(38)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'p50 ×bf'.padStart(10)}${'p95 ×bf'.padStart(10)}`,
  );
  console.log(row('hybrid searchStatements', t.hybrid, goal(`goal p95 ≤ ${GOAL.hybridP95Ms} ms`, pct(t.hybrid, 95) <= GOAL.hybridP95Ms)));
  console.log(row('  textCandidates alone', t.text));
  console.log(row('  vectorCandidates (whole call)', t.vectorWhole));
  console.log(row('    its kNN SQL', t.vectorSql, goal(`goal p95 ≤ ${GOAL.vectorP95Ms} ms`, pct(t.vectorSql, 95) <= GOAL.vectorP95Ms)));
  console.log(row('    its query embedding', t.queryEmbed));
  console.log(row('exact kNN SQL (index scans off)', t.exactSql));
  console.log(row('JS brute force (Float32Array scan)', t.brute, '= baseline (×bf)'));
  console.log(`\n  recall (by distance, ties count)`);
  console.log(
    `  recall@10  HNSW vs exact SQL        ${mean(recall.hnsw10).toFixed(3)}  (min ${Math.min(...recall.hnsw10).toFixed(2)})   ${goal(`goal ≥ ${GOAL.recall10}`, mean(recall.hnsw10) >= GOAL.recall10)}`,
  );
  const byKind = (kind: Query['kind']) => mean(recall.hnsw10.filter((_, i) => queryTexts[i].kind === kind));
  console.log(
    `             by query kind:           QMSum specific ${byKind('qmsum').toFixed(3)}, perturbed statements ${byKind('perturbed').toFixed(3)}`,
  );
  console.log(`  recall@${K}  HNSW vs exact SQL        ${mean(recall.hnswK).toFixed(3)}  (min ${Math.min(...recall.hnswK).toFixed(2)})`);
  console.log(
    `  exact SQL vs JS brute force     @10 ${mean(recall.exact10vsBrute).toFixed(3)}, @${K} ${mean(recall.exactKvsBrute).toFixed(3)}  (1.000 = the "exact" path really is exact)`,
  );
  console.log(`  results out of the user's scope     ${outOfScope}   HNSW lists shorter than exact: ${shortLists}`);
  console.log(`  kNN plans using the HNSW index      ${queryTexts.length - plansWithoutHnsw}/${queryTexts.length} (EXPLAIN of each query)`);
  console.log(`\n  ef_search sweep (kNN SQL alone, recall vs brute force)`);
  console.log(
    `  ${'ef_search'.padEnd(12)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'p95 ×bf'.padStart(10)}${'recall@10'.padStart(11)}${`recall@${K}`.padStart(11)}`,
  );
  for (const s of sweep)
    console.log(
      `  ${String(s.ef).padEnd(12)}${fmtMs(s.p50).padStart(10)}${fmtMs(s.p95).padStart(10)}${ratio(s.p95, bruteP95).padStart(10)}${s.recall10.toFixed(3).padStart(11)}${s.recallK.toFixed(3).padStart(11)}`,
    );
  console.log(
    `\n  filtered vector search (${Math.min(FILTERED_QUERIES, queryTexts.length)} queries)   kNN SQL p50 / p95     exact p50 / p95    recall@10   results breaking the filter`,
  );
  for (const f of filtered) {
    console.log(
      `  ${f.label.padEnd(32)}${`${fmtMs(pct(f.sql, 50))} / ${fmtMs(pct(f.sql, 95))}`.padStart(20)}${`${fmtMs(pct(f.exact, 50))} / ${fmtMs(pct(f.exact, 95))}`.padStart(20)}${mean(f.recall10).toFixed(3).padStart(12)}   ${f.violations}`,
    );
  }
  console.log(`\n  EXPLAIN ANALYZE, vector SQL as search.ts runs it (uses HNSW: ${usesHnsw ? 'yes' : 'NO'}):`);
  console.log(indent(plan));
  console.log(
    `\n  EXPLAIN ANALYZE, same SQL with enable_indexscan = off, enable_sort = on (uses HNSW: ${exactUsesHnsw ? 'YES, not exact!' : 'no, exact scan'}):`,
  );
  console.log(indent(exactPlan));
  console.log(`\n  EXPLAIN ANALYZE, textCandidates' SQL for the same query ("${queryTexts[0].text}"):`);
  console.log(indent(textPlan));
  console.log(`\n  EXPLAIN ANALYZE, with the narrow filter (${filtered[1].label}):`);
  console.log(indent(filtered[1].plan));
  if (!usesHnsw || exactUsesHnsw) process.exitCode = 1;
}

// ---------------------------------------------------------------- helpers
type Query = { kind: 'qmsum' | 'perturbed'; text: string };
/** QMSum specific queries (3/4) and perturbed statements (1/4); the warm-up ones are perturbed statements not measured. */
function makeQueries(turns: Turn[], visible: Uint8Array): { measured: Query[]; warmup: Query[] } {
  const q = mulberry32(7);
  const qm = [...qmsumQueries].sort(() => q() - 0.5);
  const nQmsum = Math.min(qm.length, Math.round(QUERIES * 0.75));
  const out: Query[] = qm.slice(0, nQmsum).map((text) => ({ kind: 'qmsum', text: text.replace(/"/g, '') }));
  while (out.length < QUERIES + WARMUP) {
    const i = Math.floor(q() * turns.length);
    if (!visible[i]) continue;
    const words = turns[i].text.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w) && !w.startsWith('-'));
    const kept = words.filter(() => q() > 0.3).map((w) => w.replace(/"/g, ''));
    if (kept.length < 4) continue;
    const from = Math.floor(q() * Math.max(1, kept.length - 12));
    out.push({ kind: 'perturbed', text: kept.slice(from, from + 12).join(' ') });
  }
  return { measured: out.slice(0, QUERIES), warmup: out.slice(QUERIES) };
}

/** Top-k by cosine distance (vectors are L2-normalised: 1 − dot), over what the user may see. */
function bruteForce(query: Float32Array, vectors: Float32Array, dims: number, visible: Uint8Array, k: number) {
  const n = vectors.length / dims;
  const best: { i: number; distance: number }[] = [];
  let worst = Infinity;
  for (let i = 0; i < n; i++) {
    if (!visible[i]) continue;
    let dot = 0;
    const o = i * dims;
    for (let d = 0; d < dims; d++) dot += query[d] * vectors[o + d];
    const distance = 1 - dot;
    if (best.length < k || distance < worst) {
      let at = best.length;
      while (at > 0 && best[at - 1].distance > distance) at--;
      best.splice(at, 0, { i, distance });
      if (best.length > k) best.pop();
      worst = best.length === k ? best[k - 1].distance : Infinity;
    }
  }
  return best;
}

function cosineDistance(query: Float32Array, vectors: Float32Array, i: number, dims: number) {
  let dot = 0;
  for (let d = 0; d < dims; d++) dot += query[d] * vectors[i * dims + d];
  return 1 - dot;
}

/** Share of the true top-k matched by the found list, by distance (a tie with the k-th true distance counts). */
function recallByDistance(found: number[], truth: number[]) {
  if (truth.length === 0) return 1;
  const kth = truth[truth.length - 1] + 1e-5;
  return Math.min(truth.length, found.filter((d) => d <= kth).length) / truth.length;
}

interface Sql {
  text: string;
  params: unknown[];
}
interface Probe {
  sqlMs: number;
  knn: Sql;
  setup: Sql[];
  /** The last full-text candidates query (textCandidates). */
  text: Sql;
}

/**
 * The app's Db, recording what vectorCandidates sends in its transaction: the settings queries,
 * then the kNN query (the one with `<=>`), timed.
 */
function instrument(db: Db, probe: Probe): Db {
  const wrap = (q: Queryable, sent: Sql[]): Queryable => ({
    async query<T extends object>(text: string, params?: unknown[]) {
      const t0 = performance.now();
      const rows = await q.query<T>(text, params);
      if (text.includes('<=>'))
        Object.assign(probe, { sqlMs: performance.now() - t0, knn: { text, params: params ?? [] }, setup: [...sent] });
      else if (text.includes('statement_corpus')) probe.text = { text, params: params ?? [] };
      else sent.push({ text, params: params ?? [] });
      return rows;
    },
    exec: (script: string) => q.exec(script),
  });
  return { ...db, ...wrap(db, []), tx: <T>(fn: (q: Queryable) => Promise<T>) => db.tx((q) => fn(wrap(q, []))) };
}

async function explainSql(raw: Db, sql: Sql, dims: number) {
  const rows = await raw.query<{ 'QUERY PLAN': string }>(`explain (analyze, costs on, buffers off) ${sql.text}`, sql.params);
  return rows
    .map((r) => r['QUERY PLAN'])
    .join('\n')
    .replace(/'\[[-0-9.,e]+\]'::vector/g, `'[${dims} floats]'::vector`);
}

/**
 * Runs the last kNN SQL again in a transaction with the same settings: as is, or exact (index
 * scans off, sorts allowed again), optionally under EXPLAIN.
 */
async function replayKnn(raw: Db, probe: Probe, dims: number, how: { exact?: boolean; explain?: 'plan' | 'analyze' }) {
  return raw.tx(async (q) => {
    for (const s of probe.setup) await q.query(s.text, s.params);
    if (how.exact) await q.query(`select set_config('enable_indexscan', 'off', true), set_config('enable_sort', 'on', true)`);
    if (how.explain) {
      const rows = await q.query<{ 'QUERY PLAN': string }>(
        `explain (${how.explain === 'analyze' ? 'analyze, ' : ''}costs on, buffers off) ${probe.knn.text}`,
        probe.knn.params,
      );
      const plan = rows
        .map((r) => r['QUERY PLAN'])
        .join('\n')
        .replace(/'\[[-0-9.,e]+\]'::vector/g, `'[${dims} floats]'::vector`);
      return { ids: [] as string[], ms: 0, plan };
    }
    const t0 = performance.now();
    const rows = await q.query<{ id: string }>(probe.knn.text, probe.knn.params);
    return { ids: rows.map((r) => r.id), ms: performance.now() - t0, plan: '' };
  });
}

function timedEmbedder(e: Embedder): Embedder & { lastMs: number } {
  const timed = {
    provider: e.provider,
    model: e.model,
    dims: e.dims,
    lastMs: 0,
    async embed(texts: string[], opts?: { signal?: AbortSignal }) {
      const t0 = performance.now();
      const out = await e.embed(texts, opts);
      timed.lastMs = performance.now() - t0;
      return out;
    },
  };
  return timed;
}

/** A version-4-shaped UUID from a seeded generator (the benchmark's ids must be reproducible). */
function uuidFrom(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 3) | 8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ratio = (x: number, base: number) => `${(x / base).toFixed(x / base < 0.1 ? 3 : 2)}×`;
const fmtN = (n: number) => n.toLocaleString('en-US');
const fmtMs = (ms: number) =>
  ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : ms >= 10
        ? `${ms.toFixed(1)} ms`
        : `${ms.toFixed(2)} ms`;
const pct1 = (x: number) => `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`;
const fmtMb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const indent = (s: string) =>
  s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
function log(msg: string) {
  process.stderr.write(`[bench/search ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

for (const size of SIZES) await benchSize(size);
