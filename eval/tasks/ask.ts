/**
 * eval ask: the answers part of `summaries` alone (POST /api/ask against QMSum's reference answers,
 * next to the top BM25 turns cut to the same length), with the ratio to the baseline and the
 * questions counted by the type Ask reads from them.
 */
import { questionKind, type QuestionKind } from '../../services/src/search/ask.ts';
import { loadQmsumDev } from '../lib/datasets.ts';
import { mean } from '../lib/metrics.ts';
import { writeResults } from '../lib/results.ts';
import { printTable } from '../lib/table.ts';
import { wordCount } from '../lib/text.ts';
import { scoreAnswers, type Row } from './summaries.ts';
import type { TaskOptions, TaskOutcome } from './task.ts';

export async function runAsk(options: TaskOptions): Promise<TaskOutcome> {
  const colloquy = await options.colloquy();
  const meetings = loadQmsumDev({ limit: options.limit });
  const { rows, problem, notes } = await scoreAnswers(colloquy, meetings);
  const [system, bm25] = rows;
  const r1 = (r: Row) => mean(r.items.map((i) => i.scores.rouge1.f1));
  const kinds = new Map<QuestionKind, number>();
  for (const m of meetings)
    for (const q of m.queries.filter((q) => q.type === 'specific'))
      kinds.set(questionKind(q.query), (kinds.get(questionKind(q.query)) ?? 0) + 1);
  printTable(
    ['system', 'items', 'empty', 'words', 'ROUGE-1', 'ROUGE-2', 'ROUGE-L'],
    rows.map((r) => [
      r.system,
      r.items.length,
      r.items.filter((i) => !i.candidate).length,
      Math.round(mean(r.items.map((i) => wordCount(i.candidate)))),
      r1(r),
      mean(r.items.map((i) => i.scores.rouge2.f1)),
      mean(r.items.map((i) => i.scores.rougeL.f1)),
    ]),
    {
      title: 'Ask: ROUGE F1 of answers against QMSum dev reference answers (specific queries)',
      notes: [
        `colloquy ask / BM25 top turns (same length), ROUGE-1: ×${(r1(system) / r1(bm25)).toFixed(3)}.`,
        `Question types: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}.`,
        ...notes,
      ],
    },
  );
  const resultsFile = writeResults('ask', { rows });
  return problem ? { ok: false, resultsFile, problem } : { ok: true, resultsFile };
}
