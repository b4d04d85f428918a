/**
 * eval routing: who should see a statement, scored by the same code as
 * GET /api/statements/:id/suggestions (services/src/routing/score.ts), with the evidence gathered
 * here in memory using the deployment's embedder (makeAi(loadConfig().ai).embedder).
 *
 * Meetings (AMI, ICSI dev). Each routing item is a question (an elicitation DA in AMI, a question
 * DA in ICSI) that another participant answered. Every meeting is cut into statements by the real
 * segmenter (services/src/transcript/segment.ts) and embedded. A candidate's evidence is their
 * statements in the OTHER meetings (AMI participants are stable across a series of four meetings,
 * ICSI speakers across meetings), never the question's own meeting. The routed text is the
 * statement that contains the question (its speaker's stretch of speech around it). Gold: the
 * first responder. Accuracy@1, Hit@3 (AMI has 3 candidates, so Hit@3 is always 1) and MRR.
 *
 * Stack Exchange (beer, dev). A question (title + body) is routed to the users who answered
 * before it was asked; their evidence is those earlier answers, their tags the tags of the
 * questions they answered. Only history created before the question is used (the no-leakage
 * rule). Gold: the accepted answerer. Hit@1/3/10 and MRR over all 73 items (an answerer with no
 * earlier answer cannot be ranked and counts as a miss), and over the 47 whose answerer has one.
 *
 * Baselines computed here: "previous other speaker" (the last other participant to speak before
 * the question), "most statements" elsewhere (activity alone), random (1 / candidates); on Stack
 * Exchange "most past answers".
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../services/src/config.ts';
import { makeAi } from '../../services/src/ai/index.ts';
import type { Embedder } from '../../services/src/ai/ports.ts';
import { segmentTranscript } from '../../services/src/transcript/segment.ts';
import { conversationBefore, questionMoment, type ConversationTurn } from '../../services/src/routing/conversation.ts';
import {
  DEFAULT_SCORING,
  decayedCount,
  dot,
  scoreCandidates,
  type CandidateEvidence,
  type ScoringOptions,
} from '../../services/src/routing/score.ts';
import { EVAL_DATA_DIR } from '../lib/datasets.ts';
import { mean } from '../lib/metrics.ts';
import { writeResults } from '../lib/results.ts';
import { printTable, type Cell } from '../lib/table.ts';
import type { TaskOptions, TaskOutcome } from './task.ts';
import { crossValidate, describeWeights, FOLDS, foldsOf, type Dataset } from './routing-cv.ts';

// ───────────────────────── data ─────────────────────────

interface RawDa {
  id: string;
  speaker: string;
  start: number;
  end: number;
  text: string;
}
interface RawMeeting {
  id: string;
  participants?: Record<string, { participant: string; role: string }>;
  dialogue_acts: RawDa[];
}
interface RawTurns {
  id: string;
  turns: { speaker: string; text: string; start: number; end: number }[];
}
interface RawAmiItem {
  meeting_id: string;
  da_index: number;
  participant: string;
  text: string;
  candidates: { participant: string }[];
  first_responder: string; // a speaker letter
  gold_responders: { speaker: string; participant: string }[];
}
interface RawIcsiItem {
  meeting_id: string;
  da_index: number;
  speaker: string;
  text: string;
  candidates: string[];
  first_responder: string;
}

/** One question to route, in one shape for both meeting corpora (people are stable ids). */
interface MeetingItem {
  meeting: string;
  asker: string;
  daIndex: number;
  text: string;
  startMs: number;
  endMs: number;
  candidates: string[];
  gold: string;
}

interface Statement {
  meeting: string;
  speaker: string;
  startMs: number;
  endMs: number;
  text: string;
  vector: number[];
}

interface MeetingCorpus {
  name: 'AMI' | 'ICSI';
  meetings: RawMeeting[];
  /** Speaker of each DA as a stable person id, per meeting. */
  daPerson: Map<string, string[]>;
  statements: Statement[];
  /** Each meeting's turns as an import sends them, speakers as person ids (the conversation evidence). */
  turns: Map<string, ConversationTurn[]>;
  items: MeetingItem[];
}

function readJsonl<T>(relative: string, limit?: number): T[] {
  const file = path.join(EVAL_DATA_DIR, relative);
  if (!fs.existsSync(file)) throw new Error(`eval data not found: ${file} (expected ../shared/eval next to the repository)`);
  const rows = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
  return limit === undefined ? rows : rows.slice(0, limit);
}

const ms = (seconds: number) => Math.round(seconds * 1000);

export async function loadMeetingCorpus(name: 'AMI' | 'ICSI', embedder: Embedder, limit?: number): Promise<MeetingCorpus> {
  const dir = name === 'AMI' ? 'ami/dev/ami' : 'icsi/dev/icsi';
  const meetings = readJsonl<RawMeeting>(`${dir}_meetings_dev.jsonl`, limit);
  const ids = new Set(meetings.map((m) => m.id));
  const turns = new Map(readJsonl<RawTurns>(`${dir}_normalized_dev.jsonl`).map((t) => [t.id, t.turns]));
  // AMI speakers are letters per meeting ('PM (C)' in the turns): the participant id is the person.
  const personOf = (m: RawMeeting, speaker: string) => {
    if (name === 'ICSI') return speaker;
    const letter = /\(([A-Z])\)\s*$/.exec(speaker)?.[1] ?? speaker;
    return m.participants?.[letter]?.participant ?? speaker;
  };
  const daPerson = new Map(meetings.map((m) => [m.id, m.dialogue_acts.map((d) => personOf(m, d.speaker))]));

  const meetingTurns = new Map(
    meetings.map((m) => [
      m.id,
      (turns.get(m.id) ?? [])
        .filter((t) => t.text.trim())
        .map((t) => ({ speaker: personOf(m, t.speaker), text: t.text, startMs: ms(t.start), endMs: ms(t.end) })),
    ]),
  );
  const drafts = meetings.flatMap((m) =>
    segmentTranscript(meetingTurns.get(m.id)!).map((d) => ({
      meeting: m.id,
      speaker: d.speaker ?? '?',
      startMs: d.startMs,
      endMs: d.endMs,
      text: d.text,
    })),
  );
  const vectors = await embedAll(
    embedder,
    drafts.map((d) => d.text),
  );
  const statements = drafts.map((d, i) => ({ ...d, vector: vectors[i] }));

  const byMeeting = new Map(meetings.map((m) => [m.id, m]));
  const items: MeetingItem[] =
    name === 'AMI'
      ? readJsonl<RawAmiItem>('ami/dev/ami_routing_dev.jsonl')
          .filter((r) => ids.has(r.meeting_id))
          .map((r) => {
            const da = byMeeting.get(r.meeting_id)!.dialogue_acts[r.da_index];
            const gold = r.gold_responders.find((g) => g.speaker === r.first_responder)?.participant ?? r.first_responder;
            return {
              meeting: r.meeting_id,
              asker: r.participant,
              daIndex: r.da_index,
              text: r.text,
              startMs: ms(da.start),
              endMs: ms(da.end),
              candidates: r.candidates.map((c) => c.participant),
              gold,
            };
          })
      : readJsonl<RawIcsiItem>('icsi/dev/icsi_routing_dev.jsonl')
          .filter((r) => ids.has(r.meeting_id))
          .map((r) => {
            const da = byMeeting.get(r.meeting_id)!.dialogue_acts[r.da_index];
            return {
              meeting: r.meeting_id,
              asker: r.speaker,
              daIndex: r.da_index,
              text: r.text,
              startMs: ms(da.start),
              endMs: ms(da.end),
              candidates: r.candidates,
              gold: r.first_responder,
            };
          });
  return { name, meetings, daPerson, statements, turns: meetingTurns, items };
}

async function embedAll(embedder: Embedder, texts: string[]): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i += 256) out.push(...(await embedder.embed(texts.slice(i, i + 256))));
  return out;
}

// ───────────────────────── evidence (in memory, as suggestions.ts gathers it from the database) ─────────────────────────

const EVIDENCE_K = 20; // more than any k tried, so every variant sees the same top statements

function topSimilar(vector: number[], statements: Statement[], k: number) {
  return statements
    .map((s, i) => ({ id: String(i), text: s.text, similarity: dot(vector, s.vector) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k);
}

function meanVector(vectors: number[][]): number[] | null {
  if (vectors.length === 0) return null;
  const sum = new Array<number>(vectors[0].length).fill(0);
  for (const v of vectors) for (let i = 0; i < v.length; i++) sum[i] += v[i];
  const norm = Math.hypot(...sum) || 1;
  return sum.map((x) => x / norm);
}

export interface PreparedItem {
  /** What cross-validation keeps together: the meeting (or, on Stack Exchange, the question). */
  group: string;
  gold: string;
  candidates: CandidateEvidence[];
  /** The previous other speaker, for the baseline and the reply-context variant. */
  previous: string | null;
  query: { tags: string[] };
}

/** The statement holding the question: same speaker, most overlap with the question's time. */
function questionStatement(c: MeetingCorpus, item: MeetingItem): Statement | null {
  let best: Statement | null = null;
  let bestOverlap = 0;
  for (const s of c.statements) {
    if (s.meeting !== item.meeting || s.speaker !== item.asker) continue;
    const overlap = Math.min(s.endMs, item.endMs) - Math.max(s.startMs, item.startMs);
    if (overlap > bestOverlap) [best, bestOverlap] = [s, overlap];
  }
  return best;
}

function previousOtherSpeaker(c: MeetingCorpus, item: MeetingItem): string | null {
  const people = c.daPerson.get(item.meeting)!;
  const acts = c.meetings.find((m) => m.id === item.meeting)!.dialogue_acts;
  const candidates = new Set(item.candidates);
  // Acts with no words (vocal sounds only) are not turns anyone answers: the data README skips them too.
  for (let i = item.daIndex - 1; i >= 0; i--)
    if (acts[i].text.trim() && people[i] !== item.asker && candidates.has(people[i])) return people[i];
  return null;
}

export async function prepareMeetingItems(
  c: MeetingCorpus,
  embedder: Embedder,
  queryText: 'statement' | 'question',
): Promise<PreparedItem[]> {
  const held = c.items.map((item) => questionStatement(c, item));
  const texts = c.items.map((item, i) => (queryText === 'statement' ? held[i]?.text : undefined) ?? item.text);
  const vectors = await embedAll(embedder, texts);
  const elsewhere = new Map<string, Statement[]>(); // meeting|person → their statements in other meetings
  const profile = new Map<string, number[] | null>();
  const evidenceOf = (meeting: string, person: string) => {
    const key = `${meeting}|${person}`;
    if (!elsewhere.has(key)) {
      const theirs = c.statements.filter((s) => s.speaker === person && s.meeting !== meeting);
      elsewhere.set(key, theirs);
      profile.set(key, meanVector(theirs.map((s) => s.vector)));
    }
    return { statements: elsewhere.get(key)!, profile: profile.get(key)! };
  };
  return c.items.map((item, i) => {
    const previous = previousOtherSpeaker(c, item);
    // What the API sees: the statement holding the question and the meeting's turns before its question.
    const turns = c.turns.get(item.meeting)!;
    const statement = held[i] ?? { speaker: item.asker, startMs: item.startMs, endMs: item.endMs };
    const roles = conversationBefore(turns, item.asker, questionMoment(statement, turns));
    return {
      group: item.meeting,
      gold: item.gold,
      previous,
      query: { tags: [] },
      candidates: item.candidates.map((person) => {
        const e = evidenceOf(item.meeting, person);
        return {
          kind: 'member' as const,
          id: person,
          name: person,
          statements: topSimilar(vectors[i], e.statements, EVIDENCE_K),
          statementCount: e.statements.length,
          profileSimilarity: e.profile ? dot(vectors[i], e.profile) : null,
          tags: [],
          repliedTo: roles.get(person)?.previous ?? false,
          floorRank: roles.get(person)?.floorRank ?? null,
          exchange: roles.get(person)?.exchange ?? 0,
        };
      }),
    };
  });
}

// ───────────────────────── Stack Exchange ─────────────────────────

interface SeItem {
  question_id: number;
  created: string;
  asker_user_id: number | null;
  title: string;
  tags: string[];
  body_text: string;
  gold_accepted_answerer: number;
  gold_has_prior_answers: boolean;
}
interface SePost {
  id: number;
  type: string;
  created: string;
  owner_user_id: number | null;
  parent_id?: number;
  title?: string;
  tags?: string[];
  body_text?: string;
}

const days = (iso: string) => Date.parse(`${iso}Z`) / 86_400_000;
const TOP_TAGS = 10; // as a member's profile keeps their 10 most frequent topics

/**
 * Routing items with each candidate's evidence. `evidenceText` 'question+answer' prefixes each
 * answer with the title of the question it answered (tried on dev: no better than the answer alone).
 */
export async function prepareStackExchange(
  embedder: Embedder,
  limit?: number,
  evidenceText: 'answer' | 'question+answer' = 'answer',
  halfLifeDays = DEFAULT_SCORING.activityHalfLifeDays,
): Promise<{ items: PreparedItem[]; solvable: boolean[]; mostAnswers: string[][] }> {
  const items = readJsonl<SeItem>('stackexchange_beer/dev/se_beer_routing_dev.jsonl', limit);
  const history = readJsonl<SePost>('stackexchange_beer/dev/se_beer_history_dev.jsonl');
  const questions = new Map(history.filter((p) => p.type === 'question').map((p) => [p.id, p]));
  const answers = history.filter((p) => p.type === 'answer' && p.owner_user_id !== null && p.body_text);
  const answerText = (a: SePost) =>
    evidenceText === 'answer' ? a.body_text! : `${questions.get(a.parent_id!)?.title ?? ''}\n${a.body_text!}`;
  const answerVectors = await embedAll(embedder, answers.map(answerText));
  const queryVectors = await embedAll(
    embedder,
    items.map((q) => `${q.title}\n${q.body_text}`),
  );

  const prepared: PreparedItem[] = [];
  const solvable: boolean[] = [];
  const mostAnswers: string[][] = [];
  items.forEach((q, i) => {
    // No leakage: only what existed when the question was asked.
    const before = answers
      .map((a, j) => ({ a, v: answerVectors[j] }))
      .filter(({ a }) => a.created < q.created && a.owner_user_id !== q.asker_user_id);
    const byUser = new Map<string, { a: SePost; v: number[] }[]>();
    for (const x of before)
      (byUser.get(String(x.a.owner_user_id)) ?? byUser.set(String(x.a.owner_user_id), []).get(String(x.a.owner_user_id))!).push(x);
    const candidates: CandidateEvidence[] = [...byUser].map(([user, theirs]) => {
      const tagCounts = new Map<string, number>();
      for (const { a } of theirs) for (const t of questions.get(a.parent_id!)?.tags ?? []) tagCounts.set(t, (tagCounts.get(t) ?? 0) + 1);
      const profile = meanVector(theirs.map((x) => x.v));
      return {
        kind: 'member' as const,
        id: user,
        name: user,
        statements: theirs
          .map(({ a, v }) => ({ id: String(a.id), text: a.body_text!, similarity: dot(queryVectors[i], v) }))
          .sort((x, y) => y.similarity - x.similarity)
          .slice(0, EVIDENCE_K),
        statementCount: theirs.length,
        activity: decayedCount(
          theirs.map(({ a }) => days(q.created) - days(a.created)),
          halfLifeDays,
        ),
        profileSimilarity: profile ? dot(queryVectors[i], profile) : null,
        tags: [...tagCounts]
          .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
          .slice(0, TOP_TAGS)
          .map(([t]) => t),
      };
    });
    prepared.push({
      group: String(q.question_id),
      gold: String(q.gold_accepted_answerer),
      candidates,
      previous: null,
      query: { tags: q.tags },
    });
    solvable.push(byUser.has(String(q.gold_accepted_answerer)));
    // Baseline: most earlier answers; ties to the most recent answerer.
    // biome-ignore lint/complexity/useMathMinMax: ISO date strings, compared as strings
    const latest = (xs: { a: SePost }[]) => xs.reduce((m, x) => (x.a.created > m ? x.a.created : m), '');
    mostAnswers.push([...byUser].sort((x, y) => y[1].length - x[1].length || latest(y[1]).localeCompare(latest(x[1]))).map(([u]) => u));
  });
  return { items: prepared, solvable, mostAnswers };
}

// ───────────────────────── systems and scores ─────────────────────────

interface Variant {
  system: string;
  options: ScoringOptions;
  /** Whether the variant may use reply context (meetings: the previous other speaker). */
  reply?: boolean;
}

const NO_WEIGHTS = { similarity: 0, activity: 0, bio: 0, tag: 0, reply: 0, floor: 0, exchange: 0, responsive: 0, load: 0 };
const onlyWeights = (w: Partial<ScoringOptions['weights']>, rest: Partial<ScoringOptions> = {}): ScoringOptions => ({
  ...DEFAULT_SCORING,
  ...rest,
  weights: { ...NO_WEIGHTS, ...w },
});

const withWeights = (w: Partial<ScoringOptions['weights']>, rest: Partial<ScoringOptions> = {}): ScoringOptions => ({
  ...DEFAULT_SCORING,
  ...rest,
  weights: { ...DEFAULT_SCORING.weights, ...w },
});

/** The default (what the API uses) first, then the variants it was chosen against. */
const VARIANTS: Variant[] = [
  { system: 'suggestions (the API default)', options: DEFAULT_SCORING, reply: true },
  { system: 'suggestions without the conversation', options: DEFAULT_SCORING },
  { system: 'conversation only (reply, floor, exchange)', options: withWeights({ similarity: 0, activity: 0, tag: 0 }), reply: true },
  { system: 'reply only (previous speaker, any turn)', options: onlyWeights({ reply: 1 }), reply: true },
  { system: 'floor only (substantive turns)', options: onlyWeights({ floor: 1 }), reply: true },
  { system: 'suggestions without similarity', options: withWeights({ similarity: 0 }), reply: true },
  { system: 'suggestions without the activity prior', options: withWeights({ activity: 0 }), reply: true },
  { system: `similarity only: CombSUM top-${DEFAULT_SCORING.k} above the background`, options: onlyWeights({ similarity: 1 }) },
  { system: `similarity only: raw CombSUM top-${DEFAULT_SCORING.k}`, options: onlyWeights({ similarity: 1 }, { method: 'combsum' }) },
  { system: 'suggestions with raw CombSUM', options: { ...DEFAULT_SCORING, method: 'combsum' }, reply: true },
  { system: 'similarity only: closest statement (max)', options: onlyWeights({ similarity: 1 }, { method: 'max' }) },
  { system: 'similarity only: mean profile vector', options: onlyWeights({ similarity: 1 }, { method: 'mean-vector' }) },
];

interface Scores {
  items: number;
  hit1: number;
  hit3: number;
  hit10: number;
  mrr: number;
}

export function scoreRankings(rankings: string[][], golds: string[]): Scores {
  const ranks = rankings.map((r, i) => r.indexOf(golds[i]));
  const hit = (k: number) => mean(ranks.map((r) => (r >= 0 && r < k ? 1 : 0)));
  return { items: rankings.length, hit1: hit(1), hit3: hit(3), hit10: hit(10), mrr: mean(ranks.map((r) => (r < 0 ? 0 : 1 / (r + 1)))) };
}

function rank(item: PreparedItem, v: Variant): string[] {
  const candidates = v.reply ? item.candidates : item.candidates.map((c) => ({ ...c, repliedTo: false, floorRank: null, exchange: 0 }));
  return scoreCandidates(item.query, candidates, v.options).map((c) => c.id);
}

/** Activity alone: most statements (or answers, weighted by age when dated) first, ties broken by id. */
const byActivity = (item: PreparedItem) =>
  [...item.candidates]
    .sort((a, b) => (b.activity ?? b.statementCount) - (a.activity ?? a.statementCount) || a.id.localeCompare(b.id))
    .map((c) => c.id);

/** Expected scores of a uniformly random order (exact, not sampled). */
function randomScores(items: PreparedItem[]): Scores {
  const n = items.map((i) => i.candidates.length);
  const hitK = (k: number) => mean(n.map((c) => Math.min(k, c) / c));
  const mrr = mean(n.map((c) => Array.from({ length: c }, (_, r) => 1 / (r + 1)).reduce((a, b) => a + b, 0) / c));
  return { items: items.length, hit1: hitK(1), hit3: hitK(3), hit10: hitK(10), mrr };
}

interface Row {
  dataset: string;
  system: string;
  scores: Scores;
}

export async function runRouting(options: TaskOptions): Promise<TaskOutcome> {
  const embedder = makeAi(loadConfig().ai).embedder;
  const rows: Row[] = [];
  const started = performance.now();
  const datasets: Dataset[] = [];

  for (const name of ['AMI', 'ICSI'] as const) {
    const corpus = await loadMeetingCorpus(name, embedder, options.limit);
    const items = await prepareMeetingItems(corpus, embedder, 'statement');
    datasets.push({ name: `${name} dev`, items, k: 1, folds: foldsOf(items, name === 'AMI' ? 'series' : 'meeting') });
    const golds = items.map((i) => i.gold);
    const dataset = `${name} dev`;
    for (const v of VARIANTS)
      rows.push({
        dataset,
        system: v.system,
        scores: scoreRankings(
          items.map((i) => rank(i, v)),
          golds,
        ),
      });
    const questionOnly = await prepareMeetingItems(corpus, embedder, 'question');
    rows.push({
      dataset,
      system: 'suggestions, question DA text only',
      scores: scoreRankings(
        questionOnly.map((i) => rank(i, VARIANTS[0])),
        golds,
      ),
    });
    rows.push({
      dataset,
      system: 'baseline: previous other speaker',
      scores: scoreRankings(
        items.map((i) => (i.previous ? [i.previous] : [])),
        golds,
      ),
    });
    rows.push({ dataset, system: 'baseline: most statements elsewhere', scores: scoreRankings(items.map(byActivity), golds) });
    rows.push({ dataset, system: 'baseline: random (expected)', scores: randomScores(items) });
    process.stderr.write(
      `  ${name}: ${corpus.items.length} items, ${corpus.statements.length} statements in ${corpus.meetings.length} meetings\n`,
    );
  }

  const se = await prepareStackExchange(embedder, options.limit);
  datasets.push({ name: 'SE beer dev', items: se.items, k: 10, folds: foldsOf(se.items, 'hash') });
  const seGold = se.items.map((i) => i.gold);
  const solvableOnly = <T>(xs: T[]) => xs.filter((_, i) => se.solvable[i]);
  for (const v of VARIANTS.filter((x) => x.system.startsWith('suggestions') || x.system.startsWith('similarity'))) {
    const rankings = se.items.map((i) => rank(i, v));
    rows.push({ dataset: 'SE beer dev', system: v.system, scores: scoreRankings(rankings, seGold) });
    if (v === VARIANTS[0])
      rows.push({
        dataset: 'SE beer dev, answerer seen before',
        system: v.system,
        scores: scoreRankings(solvableOnly(rankings), solvableOnly(seGold)),
      });
  }
  rows.push({
    dataset: 'SE beer dev',
    system: `activity prior alone (${DEFAULT_SCORING.activityHalfLifeDays}-day half-life)`,
    scores: scoreRankings(se.items.map(byActivity), seGold),
  });
  rows.push({ dataset: 'SE beer dev', system: 'baseline: most past answers', scores: scoreRankings(se.mostAnswers, seGold) });
  rows.push({
    dataset: 'SE beer dev, answerer seen before',
    system: 'baseline: most past answers',
    scores: scoreRankings(solvableOnly(se.mostAnswers), solvableOnly(seGold)),
  });

  const table = (r: Row): Cell[] => [r.dataset, r.system, r.scores.items, r.scores.hit1, r.scores.hit3, r.scores.hit10, r.scores.mrr];
  printTable(['dataset', 'system', 'items', 'Hit@1', 'Hit@3', 'Hit@10', 'MRR'], rows.map(table), {
    title: `Routing: who answers a question, from what candidates said elsewhere (embedder ${embedder.provider}/${embedder.model})`,
    notes: [
      "Meetings: gold = first responder; candidates = the other participants (AMI 3, so Hit@3 = 1); evidence = their statements in the other dev meetings, and the meeting's turns before the question (conversation.ts, as the API).",
      'Stack Exchange: gold = accepted answerer; candidates = everyone who answered before the question (only earlier history); a gold answerer with no earlier answer is a miss.',
      `Default weights: ${describeWeights(DEFAULT_SCORING.weights)}.`,
      `Data READMEs: AMI previous other speaker 0.541; ICSI 0.600; SE most past answers dev Hit@1 0.082, Hit@10 0.260. Took ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    ],
  });

  const cv = crossValidate(datasets);
  const names = datasets.map((d) => d.name);
  printTable(
    ['fold', 'weights chosen on the other folds', ...names.map((n) => `${n} (held out)`)],
    [
      ...cv.folds.map((f): Cell[] => [String(f.fold + 1), describeWeights(f.chosen), ...names.map((n) => f.heldOut[n])]),
      ['pooled', "each item scored by its fold's weights", ...names.map((n) => cv.pooled[n])],
      ['all dev', `best fold-averaged: ${describeWeights(cv.best)}`, ...names.map((n) => cv.bestScores[n])],
    ],
    {
      title: `Routing weights, ${FOLDS}-fold cross-validation by meeting (AMI: series; targets AMI/ICSI Hit@1, SE Hit@10)`,
      notes: ['The API default (DEFAULT_SCORING) is the "all dev" row; the "pooled" row is the honest estimate for unseen meetings.'],
    },
  );
  const resultsFile = writeResults('routing', {
    embedder: { provider: embedder.provider, model: embedder.model },
    scoring: DEFAULT_SCORING,
    rows,
    crossValidation: cv,
  });
  return { ok: true, resultsFile };
}
