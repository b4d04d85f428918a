/**
 * eval retrieval: QMSum dev specific queries through GET /api/search, one conference per meeting,
 * in each search mode (hybrid, vector, text), next to BM25 over the meeting's turns computed here.
 *
 * Relevance. A returned statement is relevant when its [startMs, endMs] overlaps the time of a
 * gold span (QMSum turn times are synthesised at 150 wpm, see datasets.ts). A BM25 turn is
 * relevant when its index lies in a gold span.
 * nDCG@10. Gain 1 per relevant result; the ideal list holds min(10, relevant items in the meeting)
 * relevant results: statements overlapping a gold span for the API, turns inside one for BM25.
 * (An ideal from the number of gold spans would let nDCG exceed 1: spans are long, and several
 * statements or turns of one span are each relevant.)
 */
import { gatherCandidates, rankCandidates, type Candidates, type SearchDeps } from '../../services/src/search/search.ts';
import type { RankSettings } from '../../services/src/search/fusion.ts';
import { BASELINE_BM25, Bm25Index } from '../lib/bm25.ts';
import { crossValidate, foldsOf, type QueryScore } from '../lib/cross-validation.ts';
import type { Colloquy, LoadedMeeting } from '../lib/colloquy.ts';
import { loadQmsumDev, spanTime, type QmsumMeeting, type QmsumQuery } from '../lib/datasets.ts';
import { mean, reciprocalRank } from '../lib/metrics.ts';
import { meanScores, rankingScores, type RankingScores } from '../lib/ranking.ts';
import { writeResults } from '../lib/results.ts';
import { printTable, type Cell } from '../lib/table.ts';
import { overlaps, overlapsAny } from '../lib/time.ts';
import type { TaskOptions, TaskOutcome } from './task.ts';

export const SEARCH_MODES = ['hybrid', 'vector', 'text'] as const;
type Mode = (typeof SEARCH_MODES)[number];

interface SearchHit {
  statementId: string;
  contributionId: string;
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
  score: number;
}

interface QueryCase {
  meeting: QmsumMeeting;
  query: QmsumQuery;
}

interface SystemResult {
  system: string;
  scores: RankingScores | null;
  msPerQuery: number | null;
  error?: string;
  perQuery: { meeting: string; query: string; scores: RankingScores; top: unknown[] }[];
}

export async function runRetrieval(options: TaskOptions): Promise<TaskOutcome> {
  const meetings = loadQmsumDev({ limit: options.limit });
  const cases: QueryCase[] = meetings.flatMap((meeting) =>
    meeting.queries.filter((q) => q.type === 'specific').map((query) => ({ meeting, query })),
  );
  const bm25 = runBm25(cases);
  const systems: SystemResult[] = [];

  const colloquy = await options.colloquy();
  const missing = await searchMissing(colloquy);
  let cv: ReturnType<typeof crossValidateSearch> | null = null;
  let floorNotes: string[] = [];
  if (!missing) {
    const loaded = await colloquy.load('qmsum', meetings);
    const byId = new Map(loaded.map((l) => [l.meeting.id, l]));
    for (const mode of SEARCH_MODES) systems.push(await runMode(colloquy, mode, cases, byId));
    systems.push(runBm25Statements(cases, byId));
    const gathered = await gatherAll(colloquy, cases, byId);
    cv = crossValidateSearch(gathered, cases, byId, [...systems, bm25.result], gathered.floor);
    systems.push(cv.system);
    // The floor shortens some lists (fewer than 10 results); the same procedure without it:
    if (gathered.floor > 0) systems.push(crossValidateSearch(gathered, cases, byId, [...systems, bm25.result], 0).system);
    floorNotes = floorSweep(gathered, cases, byId);
  }

  const row = (r: SystemResult): Cell[] => [
    r.system,
    cases.length,
    r.scores?.hit5,
    r.scores?.hit10,
    r.scores?.mrr10,
    r.scores?.ndcg10,
    r.scores?.spanRecall10,
    r.msPerQuery,
  ];
  const notes = [
    'Hit@k: a relevant result in the first k. MRR@10: 1/rank of the first relevant result. nDCG@10: binary gain, ideal = min(10, relevant items in the meeting).',
    'Span recall@10: share of gold spans that a top-10 result touches. Statements are relevant when their time overlaps a gold span (times synthesised at 150 wpm).',
    `BM25 as the data README measures it (turns, full ranking): Hit@5 ${bm25.readme.hit5.toFixed(3)}, Hit@10 ${bm25.readme.hit10.toFixed(3)}, ` +
      `Recall@10 ${bm25.readme.recall10.toFixed(3)}, MRR ${bm25.readme.mrr.toFixed(3)} (data README, all 35 meetings: 0.692, 0.789, 0.135, 0.512).`,
    'BM25 over statements: the same BM25 over the statements Colloquy made of each meeting, scored like Colloquy (time overlap).',
    ...ratioNotes([...systems, bm25.result]),
    ...floorNotes,
    ...systems.filter((s) => s.error).map((s) => `${s.system}: ${s.error}`),
    ...(missing ? [`Colloquy search not measured: ${missing}`] : []),
  ];
  printTable(
    ['system', 'queries', 'Hit@5', 'Hit@10', 'MRR@10', 'nDCG@10', 'span R@10', 'ms/query'],
    [...systems.map(row), row(bm25.result)],
    {
      title: `Retrieval: QMSum dev specific queries (${meetings.length} meetings, one conference each)`,
      notes,
    },
  );
  if (cv) printFolds(cv);
  const resultsFile = writeResults('retrieval', {
    queries: cases.length,
    meetings: meetings.length,
    bm25: { options: { ...BASELINE_BM25, stopwords: BASELINE_BM25.stopwords?.size }, readmeComparable: bm25.readme },
    systems: [...systems, bm25.result],
    crossValidation: cv && { folds: cv.folds, grid: cv.grid },
  });
  return missing ? { ok: false, resultsFile, problem: missing } : { ok: true, resultsFile };
}

/** A 404 from /api/search means the endpoint is not there yet: say so instead of scoring zeros. */
async function searchMissing(colloquy: Colloquy): Promise<string | null> {
  const conference = await colloquy.createConference('search probe');
  const res = await colloquy.get(`/api/search?q=probe&conference=${conference}&limit=1`);
  if (res.statusCode === 404)
    return 'GET /api/search answers 404: the search endpoint is not built yet (see eval/README.md for the contract this task expects).';
  if (res.statusCode !== 200) return `GET /api/search answers ${res.statusCode}: ${res.body.slice(0, 300)}`;
  return null;
}

async function runMode(
  colloquy: Colloquy,
  mode: Mode,
  cases: QueryCase[],
  byId: Map<string, LoadedMeeting<QmsumMeeting>>,
): Promise<SystemResult> {
  const perQuery: SystemResult['perQuery'] = [];
  const times: number[] = [];
  for (const { meeting, query } of cases) {
    const loaded = byId.get(meeting.id)!;
    const url = `/api/search?q=${encodeURIComponent(query.query.slice(0, 500))}&conference=${loaded.conferenceId}&limit=10&mode=${mode}`;
    const started = performance.now();
    const res = await colloquy.get(url);
    times.push(performance.now() - started);
    if (res.statusCode !== 200) {
      return {
        system: `colloquy ${mode}`,
        scores: null,
        msPerQuery: null,
        perQuery: [],
        error: `GET /api/search?mode=${mode} answered ${res.statusCode}: ${res.body.slice(0, 200)}`,
      };
    }
    const hits = (res.json().results ?? []) as SearchHit[];
    perQuery.push(scoreStatements(meeting, query, loaded, hits));
  }
  return { system: `colloquy ${mode}`, scores: meanScores(perQuery.map((q) => q.scores)), msPerQuery: mean(times), perQuery };
}

/** Gold spans as times; spans whose turns hold no words take no time and are left out. */
function goldRanges(meeting: QmsumMeeting, query: QmsumQuery) {
  return query.relevantSpans.map((span) => spanTime(meeting.turns, span)).filter((r) => r.endMs > r.startMs);
}

/** BM25 over each meeting's turns, scored on turns, plus the numbers as the data README defines them. */
function runBm25(cases: QueryCase[]) {
  const indexes = new Map<string, Bm25Index>();
  const perQuery: SystemResult['perQuery'] = [];
  const readme = { hit5: [] as number[], hit10: [] as number[], recall10: [] as number[], mrr: [] as number[] };
  const times: number[] = [];
  for (const { meeting, query } of cases) {
    const index =
      indexes.get(meeting.id) ??
      indexes
        .set(
          meeting.id,
          new Bm25Index(
            meeting.turns.map((t) => t.text),
            BASELINE_BM25,
          ),
        )
        .get(meeting.id)!;
    const goldTurns = new Set<number>();
    for (const [first, last] of query.relevantSpans) for (let i = first; i <= last; i++) goldTurns.add(i);
    const spoken = (i: number) => meeting.turns[i].endMs > meeting.turns[i].startMs;
    const started = performance.now();
    const ranking = index.search(query.query);
    times.push(performance.now() - started);
    const relevantAll = ranking.map((h) => goldTurns.has(h.index));
    const top10 = ranking.slice(0, 10);
    const spans = query.relevantSpans.filter(([first, last]) => range(first, last).some(spoken));
    const scores = rankingScores({
      relevant: relevantAll.slice(0, 10),
      relevantInCollection: [...goldTurns].filter(spoken).length,
      spansFoundIn10: spans.filter(([first, last]) => top10.some((h) => h.index >= first && h.index <= last)).length,
      spans: spans.length,
    });
    perQuery.push({
      meeting: meeting.id,
      query: query.query,
      scores,
      top: top10.map((h) => ({ turn: h.index, relevant: goldTurns.has(h.index), score: h.score })),
    });
    readme.hit5.push(scores.hit5);
    readme.hit10.push(scores.hit10);
    readme.recall10.push(relevantAll.slice(0, 10).filter(Boolean).length / goldTurns.size);
    readme.mrr.push(reciprocalRank(relevantAll));
  }
  const result: SystemResult = {
    system: 'baseline: BM25 over turns',
    scores: meanScores(perQuery.map((q) => q.scores)),
    msPerQuery: mean(times),
    perQuery,
  };
  return { result, readme: { hit5: mean(readme.hit5), hit10: mean(readme.hit10), recall10: mean(readme.recall10), mrr: mean(readme.mrr) } };
}

const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

/** BM25 (the baseline's options) over each meeting's own statements, scored by time overlap like the API's results. */
function runBm25Statements(cases: QueryCase[], byId: Map<string, LoadedMeeting<QmsumMeeting>>): SystemResult {
  const indexes = new Map<string, Bm25Index>();
  const perQuery: SystemResult['perQuery'] = [];
  const times: number[] = [];
  for (const { meeting, query } of cases) {
    const loaded = byId.get(meeting.id)!;
    if (!indexes.has(meeting.id))
      indexes.set(
        meeting.id,
        new Bm25Index(
          loaded.statements.map((st) => st.text),
          BASELINE_BM25,
        ),
      );
    const started = performance.now();
    const ranking = indexes.get(meeting.id)!.search(query.query);
    times.push(performance.now() - started);
    const hits = ranking.slice(0, 10).map((h) => loaded.statements[h.index]);
    perQuery.push(scoreStatements(meeting, query, loaded, hits));
  }
  return { system: 'baseline: BM25 over statements', scores: meanScores(perQuery.map((q) => q.scores)), msPerQuery: mean(times), perQuery };
}

/** Scores a ranked list of a meeting's statements as runMode does. */
function scoreStatements(
  meeting: QmsumMeeting,
  query: QmsumQuery,
  loaded: LoadedMeeting<QmsumMeeting>,
  hits: { contributionId: string; startMs: number; endMs: number }[],
): SystemResult['perQuery'][number] {
  const gold = goldRanges(meeting, query);
  const isRelevant = (h: { contributionId: string; startMs: number; endMs: number }) =>
    h.contributionId === loaded.contributionId && overlapsAny(h, gold);
  const top10 = hits.slice(0, 10);
  const scores = rankingScores({
    relevant: top10.map(isRelevant),
    relevantInCollection: loaded.statements.filter(isRelevant).length,
    spansFoundIn10: gold.filter((g) => top10.some((h) => h.contributionId === loaded.contributionId && overlaps(h, g))).length,
    spans: gold.length,
  });
  const top = top10.map((h) => ({ startMs: h.startMs, endMs: h.endMs, relevant: isRelevant(h) }));
  return { meeting: meeting.id, query: query.query, scores, top };
}

/** The fusion settings cross-validation chooses from. BM25's k1 and b stay at their usual 1.2 / 0.75. */
const SPREADS = [
  { window: 0, penalty: 0 },
  { window: 3, penalty: 0.3 },
  { window: 3, penalty: 0.6 },
  { window: 8, penalty: 0.3 },
];
const SPEAKER_BOOSTS = [0, 0.25, 0.5, 1];
const GRID: RankSettings[] = [0.5, 0.6, 0.7, 0.8].flatMap((textShare) =>
  [0, 0.5].flatMap((neighbourWeight) =>
    SPREADS.flatMap((spread) => SPEAKER_BOOSTS.map((speakerBoost) => ({ textShare, neighbourWeight, spread, speakerBoost }))),
  ),
);
const same = (a: RankSettings, b: RankSettings) =>
  a.textShare === b.textShare &&
  a.neighbourWeight === b.neighbourWeight &&
  a.spread.window === b.spread.window &&
  a.spread.penalty === b.spread.penalty &&
  a.speakerBoost === b.speakerBoost;

/** Each query's candidates, gathered once through the app's own search code, to rank under every setting. */
async function gatherAll(colloquy: Colloquy, cases: QueryCase[], byId: Map<string, LoadedMeeting<QmsumMeeting>>) {
  const me = (await colloquy.get('/api/me')).json().user.id as string;
  const rt = colloquy.app.runtime;
  const deps: SearchDeps = { db: rt.db, embedder: rt.ai.embedder, config: rt.config.search };
  const all: Candidates[] = [];
  for (const { meeting, query } of cases) {
    const conference = byId.get(meeting.id)!.conferenceId;
    all.push(await gatherCandidates(deps, { q: query.query.slice(0, 500), userId: me, conference, limit: 10, mode: 'hybrid' }));
  }
  return {
    all,
    floor: rt.config.search.relevanceFloor,
    configured: {
      textShare: rt.config.search.textShare,
      neighbourWeight: rt.config.search.neighbourWeight,
      spread: rt.config.search.spread,
      speakerBoost: rt.config.search.speakerBoost,
    },
  };
}

const FOLDS = 5;

function crossValidateSearch(
  gathered: Awaited<ReturnType<typeof gatherAll>>,
  cases: QueryCase[],
  byId: Map<string, LoadedMeeting<QmsumMeeting>>,
  baselines: SystemResult[],
  floor: number,
) {
  const scored = new Map<RankSettings, SystemResult['perQuery']>();
  const perQueryOf = (setting: RankSettings) => {
    if (!scored.has(setting)) {
      scored.set(
        setting,
        cases.map(({ meeting, query }, i) => {
          const loaded = byId.get(meeting.id)!;
          const statementOf = new Map(loaded.statements.map((st) => [st.id, st]));
          const ranked = rankCandidates(gathered.all[i], setting, floor).slice(0, 10);
          return scoreStatements(
            meeting,
            query,
            loaded,
            ranked.flatMap((r) => statementOf.get(r.id) ?? []),
          );
        }),
      );
    }
    return scored.get(setting)!;
  };
  const asQueryScores = (pq: SystemResult['perQuery']): QueryScore[] =>
    pq.map((q) => ({ meeting: q.meeting, hit10: q.scores.hit10, mrr10: q.scores.mrr10 }));
  const folds = foldsOf([...byId.keys()], FOLDS);
  const result = crossValidate(GRID, (s) => asQueryScores(perQueryOf(s)), folds);
  const heldPerQuery = result.folds.flatMap((f, i) => perQueryOf(f.chosen).filter((q) => folds[i].includes(q.meeting)));
  const system: SystemResult = {
    system: `colloquy hybrid, cross-validated (${FOLDS} folds${floor > 0 ? `, floor ${floor}` : ', floor off'})`,
    scores: meanScores(heldPerQuery.map((q) => q.scores)),
    msPerQuery: null,
    perQuery: heldPerQuery,
  };
  // Each fold's baselines on the same meetings, to read the folds against.
  const onFold = (r: SystemResult, fold: string[]) => {
    const inside = r.perQuery.filter((q) => fold.includes(q.meeting));
    return { hit10: mean(inside.map((q) => q.scores.hit10)), mrr10: mean(inside.map((q) => q.scores.mrr10)) };
  };
  const named = (name: string) => baselines.find((b) => b.system === name);
  return {
    system,
    folds: result.folds.map((f, i) => ({
      ...f,
      bm25Statements: named('baseline: BM25 over statements') && onFold(named('baseline: BM25 over statements')!, folds[i]),
      bm25Turns: named('baseline: BM25 over turns') && onFold(named('baseline: BM25 over turns')!, folds[i]),
    })),
    configured: gathered.configured,
    grid: GRID.map((g) => ({ setting: g, scores: meanScores(perQueryOf(g).map((q) => q.scores)) })),
    configuredScores: meanScores(perQueryOf(GRID.find((g) => same(g, gathered.configured)) ?? gathered.configured).map((q) => q.scores)),
  };
}

function printFolds(cv: ReturnType<typeof crossValidateSearch>) {
  const f3 = (x: number | undefined) => x;
  printTable(
    [
      'fold',
      'meetings',
      'queries',
      'chosen text share',
      'chosen neighbour weight',
      'chosen spread (window / penalty)',
      'chosen speaker boost',
      'Hit@10',
      'MRR@10',
      'BM25 stmts Hit@10',
      'BM25 stmts MRR',
      'BM25 turns Hit@10',
      'BM25 turns MRR',
    ],
    cv.folds.map((f) => [
      f.fold,
      f.meetings,
      f.queries,
      f.chosen.textShare,
      f.chosen.neighbourWeight,
      f.chosen.spread.penalty > 0 ? `${f.chosen.spread.window} / ${f.chosen.spread.penalty}` : 'off',
      f.chosen.speakerBoost,
      f.held.hit10,
      f.held.mrr10,
      f3(f.bm25Statements?.hit10),
      f3(f.bm25Statements?.mrr10),
      f3(f.bm25Turns?.hit10),
      f3(f.bm25Turns?.mrr10),
    ]),
    {
      title: 'Retrieval: meeting-level cross-validation of the fusion settings (chosen on the other folds, scored on this one)',
      notes: [
        `Grid: text share ${[...new Set(GRID.map((g) => g.textShare))].join(', ')} × neighbour weight ${[...new Set(GRID.map((g) => g.neighbourWeight))].join(', ')} × spread ${SPREADS.map((p) => (p.penalty ? `${p.window}/${p.penalty}` : 'off')).join(', ')} × speaker boost ${SPEAKER_BOOSTS.join(', ')}; objective Hit@10 + MRR@10 on the training folds; the configured relevance floor applies.`,
        `The configured defaults (SEARCH_TEXT_SHARE ${cv.configured.textShare}, SEARCH_NEIGHBOUR_WEIGHT ${cv.configured.neighbourWeight}, SEARCH_SPREAD_WINDOW ${cv.configured.spread.window}, SEARCH_SPREAD_PENALTY ${cv.configured.spread.penalty}, SEARCH_SPEAKER_BOOST ${cv.configured.speakerBoost}) over all of dev: Hit@10 ${cv.configuredScores.hit10.toFixed(3)}, MRR@10 ${cv.configuredScores.mrr10.toFixed(3)}.`,
      ],
    },
  );
}

/** Colloquy's hybrid rows against the two BM25 baselines, as ratios (the targets are ≥ 1.05 and ≥ 1.10). */
function ratioNotes(all: SystemResult[]): string[] {
  const find = (name: string) => all.find((s) => s.system === name)?.scores;
  const turns = find('baseline: BM25 over turns');
  const stmts = find('baseline: BM25 over statements');
  return all
    .filter((s) => s.system.startsWith('colloquy hybrid') && s.scores)
    .map((s) => {
      const r = (base: RankingScores | null | undefined, k: 'hit10' | 'mrr10') => (base ? (s.scores![k] / base[k]).toFixed(3) : '—');
      return `${s.system}: Hit@10 ×${r(stmts, 'hit10')} and MRR@10 ×${r(stmts, 'mrr10')} BM25 over statements; ×${r(turns, 'hit10')} and ×${r(turns, 'mrr10')} BM25 over turns.`;
    });
}

/** What the relevance floor costs in Hit@10 / MRR@10, and how many results it leaves, with the configured settings. */
function floorSweep(gathered: Awaited<ReturnType<typeof gatherAll>>, cases: QueryCase[], byId: Map<string, LoadedMeeting<QmsumMeeting>>) {
  const parts = [0, 0.1, 0.2, 0.3, 0.4].map((floor) => {
    const lengths: number[] = [];
    const scores = cases.map(({ meeting, query }, i) => {
      const loaded = byId.get(meeting.id)!;
      const statementOf = new Map(loaded.statements.map((st) => [st.id, st]));
      const ranked = rankCandidates(gathered.all[i], gathered.configured, floor).slice(0, 10);
      lengths.push(ranked.length);
      return scoreStatements(
        meeting,
        query,
        loaded,
        ranked.flatMap((r) => statementOf.get(r.id) ?? []),
      ).scores;
    });
    const m = meanScores(scores);
    return `floor ${floor}: ${m.hit10.toFixed(3)} / ${m.mrr10.toFixed(3)}, ${mean(lengths).toFixed(1)} results`;
  });
  return [`Relevance floor, configured settings, Hit@10 / MRR@10 and mean results of 10: ${parts.join('; ')}.`];
}
