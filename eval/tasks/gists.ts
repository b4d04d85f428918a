/**
 * eval gists: is a statement's one-line gist what a person would write?
 *
 * AMI and ICSI dev meetings are cut into statements by the real segmenter, in memory (as the
 * pipeline cuts a posted transcript), and the configured summariser (makeAi(loadConfig().ai))
 * writes one gist per statement, a contribution per meeting as the summarise stage does.
 *
 * - Gold: the human summary sentences (every section: abstract, decisions, actions, problems,
 *   progress) linked to a dialogue act of the statement's speaker that overlaps the statement.
 *   Statements with no linked sentence are not scored for overlap.
 * - Overlap: ROUGE-1/2 F1 (stemmed) of the gist against those sentences joined.
 * - Filler start: the share of all gists that open with a hesitation or turn-opening marker
 *   ("Um", "Okay", "Yeah", "you know").
 * - Baseline, same statements: the statement's first 20 words.
 */
import { loadConfig } from '../../services/src/config.ts';
import { makeAi } from '../../services/src/ai/index.ts';
import type { StatementInput } from '../../services/src/ai/ports.ts';
import { startsWithFiller } from '../../services/src/core/text/disfluency.ts';
import { segmentTranscript } from '../../services/src/transcript/segment.ts';
import { loadAmiDev, loadIcsiDev, type AnnotatedMeeting } from '../lib/datasets.ts';
import { mean, rouge } from '../lib/metrics.ts';
import { writeResults } from '../lib/results.ts';
import { printTable, type Cell } from '../lib/table.ts';
import { wordCount } from '../lib/text.ts';
import { overlaps } from '../lib/time.ts';
import type { TaskOptions, TaskOutcome } from './task.ts';

export const BASELINE_WORDS = 20;

export interface GistStatement extends StatementInput {
  /** Summary sentences linked to this statement's acts, by section. */
  gold: { section: string; text: string }[];
}

/** The meeting as statements, each with the summary sentences its speaker's overlapping acts are linked to. */
export function statementsWithGold(meeting: AnnotatedMeeting): GistStatement[] {
  const drafts = segmentTranscript(
    meeting.turns.filter((t) => t.text.trim()).map((t) => ({ speaker: t.speaker, text: t.text, startMs: t.startMs, endMs: t.endMs })),
  );
  const sentencesOfAct = new Map<string, { section: string; id: string; text: string }[]>();
  for (const [section, sentences] of Object.entries(meeting.summary)) {
    for (const s of sentences) {
      for (const act of s.dialogueActIds)
        (sentencesOfAct.get(act) ?? sentencesOfAct.set(act, []).get(act)!).push({ section, id: s.id, text: s.text });
    }
  }
  return drafts.map((d, i) => {
    const linked = new Map<string, { section: string; text: string }>();
    for (const act of meeting.dialogueActs) {
      if (act.speaker !== d.speaker || !overlaps(act, d)) continue;
      for (const s of sentencesOfAct.get(act.id) ?? []) linked.set(s.id, { section: s.section, text: s.text });
    }
    return { id: `${meeting.id}#${i}`, text: d.text, speaker: d.speaker, startMs: d.startMs, endMs: d.endMs, gold: [...linked.values()] };
  });
}

export const firstWords = (text: string, n = BASELINE_WORDS) => text.trim().split(/\s+/).slice(0, n).join(' ');

interface ScoredGist {
  statement: string;
  gist: string;
  baseline: string;
  reference: string | null;
  sections: string[];
  rouge1: number | null;
  rouge2: number | null;
  baselineRouge1: number | null;
  baselineRouge2: number | null;
}

export async function runGists(options: TaskOptions): Promise<TaskOutcome> {
  const summariser = makeAi(loadConfig().ai).summariser;
  const corpora = [
    { corpus: 'AMI', meetings: loadAmiDev({ limit: options.limit }) },
    { corpus: 'ICSI', meetings: loadIcsiDev({ limit: options.limit }) },
  ];
  const rows: Cell[][] = [];
  const details: Record<string, ScoredGist[]> = {};
  for (const { corpus, meetings } of corpora) {
    const scored: ScoredGist[] = [];
    for (const meeting of meetings) {
      const statements = statementsWithGold(meeting);
      const gists = await summariser.gists(statements);
      statements.forEach((s, i) => {
        const gist = gists[i] ?? '';
        const baseline = firstWords(s.text);
        const reference = s.gold.length ? s.gold.map((g) => g.text).join(' ') : null;
        const r = reference ? rouge(reference, gist, { stem: true }) : null;
        const b = reference ? rouge(reference, baseline, { stem: true }) : null;
        scored.push({
          statement: s.id,
          gist,
          baseline,
          reference,
          sections: [...new Set(s.gold.map((g) => g.section))],
          rouge1: r?.rouge1.f1 ?? null,
          rouge2: r?.rouge2.f1 ?? null,
          baselineRouge1: b?.rouge1.f1 ?? null,
          baselineRouge2: b?.rouge2.f1 ?? null,
        });
      });
    }
    details[corpus] = scored;
    const linked = scored.filter((s) => s.reference !== null);
    const decisions = linked.filter((s) => s.sections.includes('decisions'));
    const row = (system: string, text: (s: ScoredGist) => string, r1: (s: ScoredGist) => number, r2: (s: ScoredGist) => number): Cell[] => [
      corpus,
      system,
      scored.length,
      linked.length,
      mean(linked.map(r1)),
      mean(linked.map(r2)),
      decisions.length ? mean(decisions.map(r1)) : null,
      mean(scored.map((s) => (startsWithFiller(text(s)) ? 1 : 0))),
      mean(scored.map((s) => wordCount(text(s)))),
    ];
    rows.push(
      row(
        `colloquy gist (${summariser.provider}:${summariser.model})`,
        (s) => s.gist,
        (s) => s.rouge1!,
        (s) => s.rouge2!,
      ),
      row(
        `baseline: first ${BASELINE_WORDS} words`,
        (s) => s.baseline,
        (s) => s.baselineRouge1!,
        (s) => s.baselineRouge2!,
      ),
    );
  }
  printTable(
    ['corpus', 'system', 'statements', 'with gold', 'ROUGE-1', 'ROUGE-2', 'ROUGE-1 decisions', 'starts with filler', 'words'],
    rows,
    {
      title: 'Gists: overlap with the human summary sentences linked to the statement (AMI/ICSI dev), and filler openings',
      digits: 3,
      notes: [
        'with gold: statements whose speaker has an overlapping dialogue act linked to a summary sentence (any section); ROUGE F1, stemmed, against those sentences joined.',
        'ROUGE-1 decisions: the same, over statements linked to a decisions sentence. starts with filler: share of all gists opening with um/uh/okay/yeah/well/oh/you know/I mean.',
      ],
    },
  );
  const resultsFile = writeResults('gists', { summariser: `${summariser.provider}:${summariser.model}`, details });
  return { ok: true, resultsFile };
}
