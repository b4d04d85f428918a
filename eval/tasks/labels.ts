/**
 * eval labels: dialogue acts of the pipeline's statements (GET /api/contributions/:id →
 * statements[].labels, kind 'act') on AMI and ICSI dev, loaded through the API one conference per
 * meeting, next to a majority-class and a cue-phrase baseline on the same statements.
 *
 * A statement's gold dialogue acts are the corpus's acts by the same speaker whose time overlaps
 * the statement's. Its gold act is their majority in Colloquy's seven classes (gold-acts.ts).
 * Decisions / action items: each sentence of the summary's "decisions" ("actions") section is one
 * gold item, with the acts the annotators linked to it. An item is found when a statement labelled
 * 'decision' ('action_item') overlaps one of its acts; precision is the share of statements so
 * labelled that overlap an act of any item of that kind. ICSI has no action items.
 */
import type { ApiStatement, LoadedMeeting } from '../lib/colloquy.ts';
import { cueAct } from '../lib/cue-acts.ts';
import type { AnnotatedMeeting, Corpus, GoldDialogueAct } from '../lib/datasets.ts';
import { goldActOf, majorityAct, type Act } from '../lib/gold-acts.ts';
import { macroF1, withF1, type ClassScores, type PrecisionRecallF1 } from '../lib/metrics.ts';
import { writeResults } from '../lib/results.ts';
import { printTable, type Cell } from '../lib/table.ts';
import { wordCount } from '../lib/text.ts';
import { overlaps } from '../lib/time.ts';
import type { TaskOptions, TaskOutcome } from './task.ts';

const NONE = 'none';
const ITEM_KINDS = [
  { act: 'decision', section: 'decisions' },
  { act: 'action_item', section: 'actions' },
] as const;

/** One statement with what gold says and what each system predicts. */
export interface ScoredStatement {
  meeting: string;
  statement: ApiStatement;
  /** Gold acts (by the same speaker) that overlap it. */
  dialogueActs: GoldDialogueAct[];
  gold: Act | null;
  predicted: Record<string, string>;
}

export interface SystemScores {
  corpus: Corpus;
  system: string;
  statements: number;
  macroF1: number | null;
  perClass: ClassScores[];
  items: Record<string, (PrecisionRecallF1 & { items: number; found: number; labelled: number }) | null>;
}

export async function runLabels(options: TaskOptions): Promise<TaskOutcome> {
  const colloquy = await options.colloquy();
  const corpora = await colloquy.loadAnnotated(options.limit);

  const results: SystemScores[] = [];
  const goldDistribution: Record<string, Record<string, number>> = {};
  let labelled = 0;
  for (const { corpus, loaded } of corpora) {
    const statements = loaded.flatMap((l) => scoreStatements(l, corpus));
    labelled += statements.filter((s) => s.predicted.colloquy !== NONE).length;
    goldDistribution[corpus] = countBy(statements.map((s) => s.gold ?? NONE));
    const withGold = statements.filter((s) => s.gold);
    const majority = mostFrequent(withGold.map((s) => s.gold!));
    for (const s of statements) {
      s.predicted['baseline: majority'] = majority;
      s.predicted['baseline: cue phrases'] = cueAct(s.statement.text);
    }
    for (const system of ['colloquy', 'baseline: majority', 'baseline: cue phrases']) {
      results.push(scoreSystem(corpus, system, statements, loaded));
    }
  }

  const missing = labelled === 0 ? 'no statement carries an act label: the label stage is not built yet, or labelled nothing' : null;
  const rows: Cell[][] = results.map((r) => {
    const noLabels = missing && r.system === 'colloquy';
    const item = (kind: string) =>
      noLabels
        ? [null, null, null]
        : r.items[kind]
          ? [r.items[kind]!.precision, r.items[kind]!.recall, r.items[kind]!.f1]
          : [null, null, null];
    return [r.corpus, r.system, r.statements, noLabels ? null : r.macroF1, ...item('decision'), ...item('action_item')];
  });
  printTable(
    ['corpus', 'system', 'statements', 'macro-F1', 'decision P', 'decision R', 'decision F1', 'action P', 'action R', 'action F1'],
    rows,
    {
      title: `Labels: dialogue acts of statements, AMI dev (${corpora[0].loaded.length} meetings) and ICSI dev (${corpora[1].loaded.length} meetings)`,
      notes: [
        'macro-F1: mean F1 over the acts that occur in gold or predictions, on statements whose overlapping gold acts map to an act (eval/README.md).',
        'decision/action R: gold summary items with a matching labelled statement; P: labelled statements that overlap any gold item of that kind. ICSI has no action items.',
        'majority: every statement gets the most frequent gold act of the corpus. cue phrases: eval/lib/cue-acts.ts.',
        'The local act model was trained on these meetings: for scores on meetings it never saw, run `npm run eval -- acts`.',
        ...(missing ? [`Colloquy labels not measured: ${missing}.`] : []),
      ],
    },
  );
  const resultsFile = writeResults('labels', { results, goldDistribution });
  return missing ? { ok: false, resultsFile, problem: missing } : { ok: true, resultsFile };
}

/** Each statement of a meeting with its overlapping gold acts, gold act and the pipeline's act. */
export function scoreStatements(l: LoadedMeeting<AnnotatedMeeting>, corpus: Corpus): ScoredStatement[] {
  const spoken = l.meeting.dialogueActs.filter((d) => d.text.trim());
  return l.statements.map((statement) => {
    const dialogueActs = spoken.filter((d) => d.speaker === statement.speaker && overlaps(d, statement));
    const gold = majorityAct(dialogueActs.map((d) => ({ act: goldActOf(d, corpus), words: wordCount(d.text) })));
    return { meeting: l.meeting.id, statement, dialogueActs, gold, predicted: { colloquy: pipelineAct(statement) } };
  });
}

/** The statement's act label with the highest confidence, or NONE. */
function pipelineAct(statement: ApiStatement): string {
  const acts = statement.labels.filter((l) => l.kind === 'act').sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0));
  return acts[0]?.value ?? NONE;
}

export function scoreSystem(
  corpus: Corpus,
  system: string,
  statements: ScoredStatement[],
  loaded: LoadedMeeting<AnnotatedMeeting>[],
): SystemScores {
  const withGold = statements.filter((s) => s.gold);
  // ICSI annotates no action items: predicting one there is a miss, but not a class scored 0.
  const notClasses = corpus === 'ICSI' ? [NONE, 'action_item'] : [NONE];
  const f1 = macroF1(
    withGold.map((s) => s.gold!),
    withGold.map((s) => s.predicted[system]),
    { notClasses },
  );
  const items: SystemScores['items'] = {};
  for (const { act, section } of ITEM_KINDS) {
    // Sentences the annotators linked to no act cannot be found by any system: left out.
    const gold = loaded.flatMap((l) =>
      (l.meeting.summary[section] ?? [])
        .filter((x) => x.dialogueActIds.length)
        .map((x) => ({ meeting: l.meeting.id, ids: new Set(x.dialogueActIds) })),
    );
    if (gold.length === 0) {
      items[act] = null;
      continue;
    }
    const labelledAs = statements.filter((s) => s.predicted[system] === act);
    const touches = (s: ScoredStatement, ids: Set<string>) => s.dialogueActs.some((d) => ids.has(d.id));
    const found = gold.filter((g) => labelledAs.some((s) => s.meeting === g.meeting && touches(s, g.ids))).length;
    const correct = labelledAs.filter((s) => gold.some((g) => s.meeting === g.meeting && touches(s, g.ids))).length;
    const scores = withF1(labelledAs.length ? correct / labelledAs.length : 0, found / gold.length);
    items[act] = { ...scores, items: gold.length, found, labelled: labelledAs.length };
  }
  return { corpus, system, statements: withGold.length, macroF1: f1.macroF1, perClass: f1.perClass, items };
}

export function mostFrequent<T>(xs: T[]): T {
  const counts = new Map<T, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

function countBy(xs: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const x of xs) counts[x] = (counts[x] ?? 0) + 1;
  return counts;
}
