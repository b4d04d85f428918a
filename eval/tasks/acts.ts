/**
 * eval acts: the dialogue-act model (services/src/ai/local/act-model.ts) cross-validated by
 * meeting on AMI and ICSI dev, next to the previous rule labeller and the majority and cue-phrase
 * baselines on the same statements. No meeting is ever scored by a model trained on it.
 *
 * Folds: AMI's 5 dev series (ES2006, ES2009, IS1006, TS3009, TS3010: a series is the same four
 * people over four meetings, so it stays in one fold) and ICSI's 9 dev meetings dealt out in name
 * order over the same 5 folds. Fold k's model is trained (train/acts.ts, same parameters as the
 * shipped model) on the other folds of both corpora and labels fold k's meetings. Statements and
 * gold are as the labels task has them (segmentTranscript() over the turns; eval/lib/gold-acts.ts),
 * and scoring is the labels task's own (scoreSystem in labels.ts), pooled over the folds.
 */
import { classifyActsWithModel, ActModel } from '../../services/src/ai/local/act-model.ts';
import { classifyActs } from '../../services/src/ai/local/acts.ts';
import { loadActMeetings, trainActModel, type ActMeeting } from '../../train/acts.ts';
import { cueAct } from '../lib/cue-acts.ts';
import type { Corpus } from '../lib/datasets.ts';
import { mean } from '../lib/metrics.ts';
import { writeResults } from '../lib/results.ts';
import { printTable, type Cell } from '../lib/table.ts';
import { mostFrequent, scoreStatements, scoreSystem, type ScoredStatement, type SystemScores } from './labels.ts';
import type { TaskOptions, TaskOutcome } from './task.ts';

const FOLDS = 5;
const MODEL = 'colloquy: model + cue rules';
const MODEL_ALONE = 'model alone';
const RULES = 'cue rules alone (rules-v1)';
const SYSTEMS = [MODEL, MODEL_ALONE, RULES, 'baseline: majority', 'baseline: cue phrases'];

export async function runActs(options: TaskOptions): Promise<TaskOutcome> {
  const started = performance.now();
  const meetings = loadActMeetings(options.limit);
  const foldOf = assignFolds(meetings);

  // Each meeting labelled by the model of the fold it is in, trained without that fold.
  const predicted = new Map<ActMeeting, Record<string, string[]>>();
  const foldRows: Cell[][] = [];
  for (let k = 0; k < FOLDS; k++) {
    const test = meetings.filter((m) => foldOf.get(m) === k);
    if (test.length === 0) continue;
    const model = new ActModel(trainActModel(meetings.filter((m) => foldOf.get(m) !== k)));
    for (const m of test) {
      predicted.set(m, {
        [MODEL]: classifyActsWithModel(model, m.loaded.statements).map((l) => l.act),
        [MODEL_ALONE]: classifyActsWithModel(model, m.loaded.statements, { cues: false }).map((l) => l.act),
      });
    }
    for (const corpus of ['AMI', 'ICSI'] as const) {
      const part = test.filter((m) => m.corpus === corpus);
      if (part.length === 0) continue;
      const r = scoreCorpus(corpus, part, predicted).find((s) => s.system === MODEL)!;
      foldRows.push([
        `${k + 1}`,
        corpus,
        part.map((m) => m.loaded.meeting.id).join(' '),
        r.statements,
        r.macroF1,
        f1(r, 'decision'),
        f1(r, 'action_item'),
      ]);
    }
  }
  printTable(['fold', 'corpus', 'test meetings', 'statements', 'macro-F1', 'decision F1', 'action F1'], foldRows, {
    title: 'Acts: meeting-level cross-validation folds (each row scored by a model trained on the other folds only)',
  });

  const results: SystemScores[] = [];
  for (const corpus of ['AMI', 'ICSI'] as const) {
    const part = meetings.filter((m) => m.corpus === corpus);
    if (part.length) results.push(...scoreCorpus(corpus, part, predicted));
  }
  const foldMean = (corpus: Corpus, col: number) => mean(foldRows.filter((r) => r[1] === corpus).map((r) => r[col] as number));
  printTable(
    ['corpus', 'system', 'statements', 'macro-F1', 'decision P', 'decision R', 'decision F1', 'action P', 'action R', 'action F1'],
    results.map((r) => [
      r.corpus,
      r.system,
      r.statements,
      r.macroF1,
      ...(['decision', 'action_item'] as const).flatMap((kind) =>
        r.items[kind] ? [r.items[kind]!.precision, r.items[kind]!.recall, r.items[kind]!.f1] : [null, null, null],
      ),
    ]),
    {
      title: `Acts: dialogue acts of statements, ${FOLDS}-fold cross-validation by meeting, pooled over folds`,
      notes: [
        'Same statements, gold and scores as `npm run eval -- labels` (eval/README.md), but every meeting is labelled by a model that never saw it.',
        `Fold means, AMI: macro-F1 ${fmt(foldMean('AMI', 4))}, decision F1 ${fmt(foldMean('AMI', 5))}, action F1 ${fmt(foldMean('AMI', 6))}; ICSI: macro-F1 ${fmt(foldMean('ICSI', 4))}, decision F1 ${fmt(foldMean('ICSI', 5))}.`,
        `${MODEL}: what the local labeller does (act-model.ts); ${MODEL_ALONE}: the same model without the cue rules' last word; ${RULES}: the previous labeller, the cue rules of acts.ts alone. majority / cue phrases: as in the labels task.`,
        `${((performance.now() - started) / 1000).toFixed(0)} s for ${FOLDS} trainings and the scoring.`,
      ],
    },
  );
  const resultsFile = writeResults('acts', {
    folds: foldRows,
    results,
  });
  return { ok: true, resultsFile };
}

/** Fold of each meeting: AMI by series (ES2006a → ES2006), ICSI meetings dealt out in name order. */
export function assignFolds(meetings: ActMeeting[]): Map<ActMeeting, number> {
  const folds = new Map<ActMeeting, number>();
  const series = [...new Set(meetings.filter((m) => m.corpus === 'AMI').map((m) => seriesOf(m.loaded.meeting.id)))].sort();
  for (const m of meetings.filter((x) => x.corpus === 'AMI')) folds.set(m, series.indexOf(seriesOf(m.loaded.meeting.id)) % FOLDS);
  const icsi = meetings.filter((m) => m.corpus === 'ICSI').sort((a, b) => a.loaded.meeting.id.localeCompare(b.loaded.meeting.id));
  for (const [i, m] of icsi.entries()) folds.set(m, i % FOLDS);
  return folds;
}

const seriesOf = (id: string) => id.replace(/[a-z]$/, '');

function scoreCorpus(corpus: Corpus, meetings: ActMeeting[], predicted: Map<ActMeeting, Record<string, string[]>>): SystemScores[] {
  const statements: ScoredStatement[] = [];
  for (const m of meetings) {
    const scored = scoreStatements(m.loaded, corpus);
    const model = predicted.get(m)!;
    const rules = classifyActs(m.loaded.statements).map((l) => l.act);
    scored.forEach((s, i) => {
      s.predicted = {
        [MODEL]: model[MODEL][i],
        [MODEL_ALONE]: model[MODEL_ALONE][i],
        [RULES]: rules[i],
        'baseline: cue phrases': cueAct(s.statement.text),
      };
    });
    statements.push(...scored);
  }
  const majority = mostFrequent(statements.filter((s) => s.gold).map((s) => s.gold!));
  for (const s of statements) s.predicted['baseline: majority'] = majority;
  const loaded = meetings.map((m) => m.loaded);
  return SYSTEMS.map((system) => scoreSystem(corpus, system, statements, loaded));
}

const f1 = (r: SystemScores, kind: string) => r.items[kind]?.f1 ?? null;
const fmt = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(3));
