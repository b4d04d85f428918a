/**
 * Measures the rule-based dialogue-act classifier (acts.ts) on the AMI and ICSI dev meetings.
 *
 *   node services/bin/run-ts.js tools/acts-eval.ts [--confusion] [--cues] [--errors <act>]
 *
 * Gold labels, mapped to our seven acts. A unit's acts are checked in priority order (the same
 * order acts.ts uses to pick one act per statement) and the first that applies wins:
 *
 *   act          AMI (15 DA types + summary links + adjacency)   ICSI (MRDA tags + summary links)
 *   decision     DA linked to a "decisions" summary sentence     DA linked to a "decisions" sentence
 *   action_item  DA linked to an "actions" summary sentence      ^cc commitment ("I'll send it")
 *   question     el.inf, el.sug, el.ass, el.und                  qy qw qr qrr qo qh (general tag)
 *   proposal     sug, off                                        ^cs suggestion, ^co action directive
 *   concern      DA linked to a "problems" summary sentence      DA linked to a "problems" sentence
 *   answer       response DA of an elicitation answered by       response DA of a question answered
 *                another speaker (ami_routing)                   by another speaker (icsi_routing),
 *                                                                or ^na ^ng ^no ^nd ^ny ^nn answers
 *   information  inf, ass, und, be.pos, be.neg, oth              any other s statement
 *
 * Left out, because they never become statements of their own: AMI bck, stl, fra, untyped and
 * empty DAs; ICSI DAs whose segments are only backchannel, floor-holder or disruption (b fh fg h
 * % %- %--) or unlabelled (z, x).
 * AMI's Suggest covers directives ("the speaker expresses an intention relating to the actions of
 * another individual [or] the group"), so MRDA's action directive ^co maps to proposal like it;
 * a commitment ^cc ("I'll send you email") is the speaker's own action item.
 * Decision, action and problem DAs come from the abstractive-summary links: the usual definition
 * of AMI decision / action-item DAs. "Concern" has no direct annotation; problem-linked DAs are the
 * nearest proxy (they say what was a problem), so read its numbers as indicative.
 *
 * Three kinds of unit:
 *  - da:         single gold dialogue acts (short; the previous kept DA is the context);
 *  - turn:       consecutive DAs of one speaker (the datasets' normalised turns);
 *  - statement:  what the pipeline labels: segmentTranscript() over the turns; a statement's DAs
 *                are those of its speaker whose midpoint falls inside it.
 * Each line is compared with a majority-class baseline (always the most frequent gold act).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIALOGUE_ACTS, type DialogueAct } from '../services/src/core/understanding.ts';
import { segmentTranscript } from '../services/src/transcript/segment.ts';
import type { TranscriptSegment } from '../services/src/core/transcript.ts';
import { classifyAct, type ActLabel } from '../services/src/ai/local/acts.ts';

const evalRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/eval');

const GOLD_PRIORITY: DialogueAct[] = ['decision', 'action_item', 'question', 'proposal', 'concern', 'answer', 'information'];

interface GoldDa {
  id: string;
  speaker: string;
  start: number;
  end: number;
  text: string;
  gold: DialogueAct;
}

interface Meeting {
  id: string;
  /** Only the DAs that can be part of a statement, in time order. */
  das: GoldDa[];
  /** Turns as index ranges into the meeting's full DA list, mapped to kept DAs by id. */
  turns: { speaker: string; text: string; start: number; end: number; daIds: string[] }[];
}

const readJsonl = <T>(path: string): T[] =>
  readFileSync(resolve(evalRoot, path), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

function firstByPriority(acts: Iterable<DialogueAct>): DialogueAct | null {
  const set = new Set(acts);
  return GOLD_PRIORITY.find((a) => set.has(a)) ?? null;
}

function responseIds(path: string): Set<string> {
  const ids = new Set<string>();
  for (const item of readJsonl<{ gold_responders: { response_da_id: string }[] }>(path)) {
    for (const r of item.gold_responders) ids.add(r.response_da_id);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// AMI

interface AmiDa {
  id: string;
  speaker: string;
  start: number;
  end: number;
  text: string;
  da_type: string | null;
  linked_sections?: string[];
}

const AMI_MINOR = new Set(['bck', 'stl', 'fra']);

function amiGold(da: AmiDa, answers: Set<string>): DialogueAct | null {
  if (!da.text.trim() || !da.da_type || AMI_MINOR.has(da.da_type)) return null;
  const linked = new Set(da.linked_sections ?? []);
  const acts: DialogueAct[] = ['information'];
  if (linked.has('decisions')) acts.push('decision');
  if (linked.has('actions')) acts.push('action_item');
  if (da.da_type.startsWith('el.')) acts.push('question');
  if (da.da_type === 'sug' || da.da_type === 'off') acts.push('proposal');
  if (linked.has('problems')) acts.push('concern');
  if (answers.has(da.id)) acts.push('answer');
  return firstByPriority(acts);
}

function loadAmi(): Meeting[] {
  const answers = responseIds('ami/dev/ami_routing_dev.jsonl');
  const turnsById = new Map(
    readJsonl<{ id: string; turns: { speaker: string; text: string; start: number; end: number; da_range: [number, number] }[] }>(
      'ami/dev/ami_normalized_dev.jsonl',
    ).map((m) => [m.id, m.turns]),
  );
  return readJsonl<{ id: string; dialogue_acts: AmiDa[] }>('ami/dev/ami_meetings_dev.jsonl').map((m) => {
    const das: GoldDa[] = [];
    for (const da of m.dialogue_acts) {
      const gold = amiGold(da, answers);
      if (gold) das.push({ id: da.id, speaker: da.speaker, start: da.start, end: da.end, text: da.text, gold });
    }
    const turns = (turnsById.get(m.id) ?? []).map((t) => ({
      // "PM (C)" → "C", the DA speaker letter.
      speaker: /\(([^)]+)\)/.exec(t.speaker)?.[1] ?? t.speaker,
      text: t.text,
      start: t.start,
      end: t.end,
      daIds: m.dialogue_acts.slice(t.da_range[0], t.da_range[1] + 1).map((d) => d.id),
    }));
    return { id: m.id, das, turns };
  });
}

// ---------------------------------------------------------------------------------------------
// ICSI

interface IcsiDa {
  id: string;
  speaker: string;
  start: number;
  end: number;
  text: string;
  da: string;
  da_general: string[];
  linked_sections?: string[];
}

const ICSI_NOT_STATEMENT = new Set(['b', 'fh', 'fg', 'h', '%', '%-', '%--', 'z', 'x', '']);
const ICSI_QUESTIONS = new Set(['qy', 'qw', 'qr', 'qrr', 'qo', 'qh']);
const ICSI_ANSWER_TAGS = ['na', 'ng', 'no', 'nd', 'ny', 'nn'];

function icsiGold(da: IcsiDa, answers: Set<string>): DialogueAct | null {
  const general = da.da_general ?? [];
  if (!da.text.trim() || general.every((g) => ICSI_NOT_STATEMENT.has(g))) return null;
  // Tags of all segments, without the disruption suffixes (".%-").
  const tags = new Set(da.da.split(/[|^:]/).map((t) => t.split('.')[0]));
  const linked = new Set(da.linked_sections ?? []);
  const acts: DialogueAct[] = ['information'];
  if (linked.has('decisions')) acts.push('decision');
  if (tags.has('cc')) acts.push('action_item');
  if (general.some((g) => ICSI_QUESTIONS.has(g))) acts.push('question');
  if (tags.has('cs') || tags.has('co')) acts.push('proposal');
  if (linked.has('problems')) acts.push('concern');
  if (answers.has(da.id) || ICSI_ANSWER_TAGS.some((t) => tags.has(t))) acts.push('answer');
  return firstByPriority(acts);
}

function loadIcsi(): Meeting[] {
  const answers = responseIds('icsi/dev/icsi_routing_dev.jsonl');
  const turnsById = new Map(
    readJsonl<{ id: string; turns: { speaker: string; text: string; start: number; end: number; da_range: [number, number] }[] }>(
      'icsi/dev/icsi_normalized_dev.jsonl',
    ).map((m) => [m.id, m.turns]),
  );
  return readJsonl<{ id: string; dialogue_acts: IcsiDa[] }>('icsi/dev/icsi_meetings_dev.jsonl').map((m) => {
    const das: GoldDa[] = [];
    for (const da of m.dialogue_acts) {
      const gold = icsiGold(da, answers);
      if (gold) das.push({ id: da.id, speaker: da.speaker, start: da.start, end: da.end, text: da.text, gold });
    }
    const turns = (turnsById.get(m.id) ?? []).map((t) => ({
      speaker: t.speaker,
      text: t.text,
      start: t.start,
      end: t.end,
      daIds: m.dialogue_acts.slice(t.da_range[0], t.da_range[1] + 1).map((d) => d.id),
    }));
    return { id: m.id, das, turns };
  });
}

// ---------------------------------------------------------------------------------------------
// Units

interface Unit {
  text: string;
  speaker: string;
  gold: DialogueAct;
}

function daUnits(m: Meeting): Unit[] {
  return m.das.map((d) => ({ text: d.text, speaker: d.speaker, gold: d.gold }));
}

function turnUnits(m: Meeting): Unit[] {
  const byId = new Map(m.das.map((d) => [d.id, d]));
  const units: Unit[] = [];
  for (const t of m.turns) {
    const gold = firstByPriority(t.daIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!.gold] : [])));
    if (gold) units.push({ text: t.text, speaker: t.speaker, gold });
  }
  return units;
}

function statementUnits(m: Meeting): Unit[] {
  const segments: TranscriptSegment[] = m.turns.map((t) => ({
    startMs: Math.round(t.start * 1000),
    endMs: Math.round(t.end * 1000),
    speaker: t.speaker,
    text: t.text,
  }));
  const statements = segmentTranscript(segments);
  const goldActs = statements.map(() => [] as DialogueAct[]);
  for (const da of m.das) {
    const mid = ((da.start + da.end) / 2) * 1000;
    const i = statements.findIndex((s) => s.speaker === da.speaker && s.startMs <= mid && mid <= s.endMs);
    if (i >= 0) goldActs[i].push(da.gold);
  }
  const units: Unit[] = [];
  statements.forEach((s, i) => {
    const gold = firstByPriority(goldActs[i]);
    if (gold) units.push({ text: s.text, speaker: s.speaker ?? '', gold });
  });
  return units;
}

// ---------------------------------------------------------------------------------------------
// Scoring

interface Scored {
  unit: Unit;
  predicted: ActLabel;
}

function classifyUnits(meetings: Meeting[], unitsOf: (m: Meeting) => Unit[]): Scored[] {
  const scored: Scored[] = [];
  for (const m of meetings) {
    const units = unitsOf(m);
    units.forEach((unit, i) => {
      const previous = i > 0 ? { text: units[i - 1].text, speaker: units[i - 1].speaker } : null;
      scored.push({ unit, predicted: classifyAct(unit.text, { speaker: unit.speaker, previous }) });
    });
  }
  return scored;
}

interface ClassScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

interface Scores {
  perClass: Record<DialogueAct, ClassScore>;
  macroF1: number;
  accuracy: number;
}

function score(pairs: { gold: DialogueAct; predicted: DialogueAct }[]): Scores {
  const perClass = {} as Record<DialogueAct, ClassScore>;
  for (const act of DIALOGUE_ACTS) {
    const tp = pairs.filter((p) => p.gold === act && p.predicted === act).length;
    const predicted = pairs.filter((p) => p.predicted === act).length;
    const support = pairs.filter((p) => p.gold === act).length;
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[act] = { precision, recall, f1, support };
  }
  const macroF1 = DIALOGUE_ACTS.reduce((s, a) => s + perClass[a].f1, 0) / DIALOGUE_ACTS.length;
  const accuracy = pairs.filter((p) => p.gold === p.predicted).length / Math.max(1, pairs.length);
  return { perClass, macroF1, accuracy };
}

const pct = (x: number) => x.toFixed(2);

interface ReportOptions {
  confusion: boolean;
  cues: boolean;
  errors: DialogueAct | null;
}

function report(title: string, scored: Scored[], options: ReportOptions): void {
  const pairs = scored.map((s) => ({ gold: s.unit.gold, predicted: s.predicted.act }));
  const counts = new Map<DialogueAct, number>();
  for (const p of pairs) counts.set(p.gold, (counts.get(p.gold) ?? 0) + 1);
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const ours = score(pairs);
  const baseline = score(pairs.map((p) => ({ gold: p.gold, predicted: majority })));

  console.log(`\n${title}: ${pairs.length} units`);
  console.log(`  ${'act'.padEnd(12)} ${'support'.padStart(7)}   P     R     F1   | baseline F1`);
  for (const act of DIALOGUE_ACTS) {
    const c = ours.perClass[act];
    console.log(
      `  ${act.padEnd(12)} ${String(c.support).padStart(7)}  ${pct(c.precision)}  ${pct(c.recall)}  ${pct(c.f1)}  |  ${pct(baseline.perClass[act].f1)}`,
    );
  }
  console.log(
    `  macro-F1 ${pct(ours.macroF1)} (baseline "${majority}" ${pct(baseline.macroF1)}); ` +
      `accuracy ${pct(ours.accuracy)} (baseline ${pct(baseline.accuracy)})`,
  );

  if (options.cues) {
    // How often each winning cue was right: the evidence behind the cue strengths in acts.ts.
    const byCue = new Map<string, { act: DialogueAct; n: number; right: number }>();
    for (const s of scored) {
      const entry = byCue.get(s.predicted.cue) ?? { act: s.predicted.act, n: 0, right: 0 };
      entry.n++;
      if (s.unit.gold === s.predicted.act) entry.right++;
      byCue.set(s.predicted.cue, entry);
    }
    console.log('  winning cue → act: precision (n)');
    for (const [cue, e] of [...byCue.entries()].sort((a, b) => b[1].n - a[1].n)) {
      console.log(`    ${cue.padEnd(18)} ${e.act.padEnd(12)} ${pct(e.right / e.n)} (${e.n})`);
    }
  }
  if (options.confusion) {
    console.log(`  confusion (rows gold, columns predicted): ${DIALOGUE_ACTS.map((a) => a.slice(0, 5)).join(' ')}`);
    for (const gold of DIALOGUE_ACTS) {
      const row = DIALOGUE_ACTS.map((p) => String(pairs.filter((x) => x.gold === gold && x.predicted === p).length).padStart(5));
      console.log(`  ${gold.padEnd(12)} ${row.join(' ')}`);
    }
  }
  if (options.errors) {
    const act = options.errors;
    const wrong = scored.filter((s) => (s.unit.gold === act) !== (s.predicted.act === act));
    for (const s of wrong.filter((_, i) => i % Math.max(1, Math.floor(wrong.length / 30)) === 0).slice(0, 30)) {
      console.log(`   gold=${s.unit.gold} pred=${s.predicted.act}(${s.predicted.cue}) | ${s.unit.text.slice(0, 160)}`);
    }
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const errorsAt = args.indexOf('--errors');
  const options: ReportOptions = {
    confusion: args.includes('--confusion'),
    cues: args.includes('--cues'),
    errors: errorsAt >= 0 ? (args[errorsAt + 1] as DialogueAct) : null,
  };
  const datasets: [string, Meeting[]][] = [
    ['AMI', loadAmi()],
    ['ICSI', loadIcsi()],
  ];
  const started = performance.now();
  let classified = 0;
  for (const [name, meetings] of datasets) {
    for (const [unitName, unitsOf] of [
      ['da', daUnits],
      ['turn', turnUnits],
      ['statement', statementUnits],
    ] as const) {
      const scored = classifyUnits(meetings, unitsOf);
      classified += scored.length;
      report(`${name} dev, ${unitName}`, scored, options);
    }
  }
  const ms = performance.now() - started;
  console.log(`\n${classified} units (with segmentation) in ${Math.round(ms)} ms`);
}

main();
