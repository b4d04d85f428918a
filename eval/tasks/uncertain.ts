/**
 * eval uncertain: how well the player's dotted underline (a word whose recogniser confidence is
 * below UNCERTAIN_BELOW) points at what was misheard, on the real speech clips of
 * ../shared/eval/asr/dev. A recognised word is misheard when the word-level alignment with the
 * reference (the aligner corrections use, over the shared normaliser) does not keep it. For each
 * threshold: the share of words flagged, the precision (flagged words that were misheard) and
 * recall (misheard words flagged). Baseline: flagging the same share of words at random has the
 * precision of the misheard rate itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../services/src/config.ts';
import { makeTranscriber } from '../../services/src/ai/transcribe/index.ts';
import { UNCERTAIN_BELOW } from '../../services/src/contributions/statement-edit.ts';
import { extractAudio } from '../../services/src/media/extract.ts';
import { mediaToolsFrom } from '../../services/src/media/tools.ts';
import { alignWords } from '../../services/src/transcript/realign.ts';
import { loadAsrDev } from '../lib/datasets.ts';
import { writeResults } from '../lib/results.ts';
import { printTable, type Cell } from '../lib/table.ts';
import { normaliseForWer } from '../lib/text.ts';
import type { TaskOptions, TaskOutcome } from './task.ts';

const THRESHOLDS = [0.05, 0.1, UNCERTAIN_BELOW, 0.3, 0.5];

export async function runUncertain(options: TaskOptions): Promise<TaskOutcome> {
  const config = loadConfig();
  const transcriber = makeTranscriber(config.transcribe);
  const status = await transcriber.status();
  if (!status.ok) throw new Error(`the configured transcriber cannot run: ${status.message}`);
  const tools = mediaToolsFrom(config.ffmpegPath);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-eval-uncertain-'));
  const words: { confidence: number; misheard: boolean }[] = [];
  let unscored = 0;
  try {
    for (const clip of loadAsrDev().slice(0, options.limit)) {
      const wav = path.join(tmp, `${path.basename(clip.file).replace(/\.[^.]+$/, '')}.wav`);
      const { durationMs } = await extractAudio(tools, clip.path, wav);
      const heard = (await transcriber.transcribe({ audioPath: wav, durationMs })).segments.flatMap((s) => s.words ?? []);
      const keys = heard.map((w) => normaliseForWer(w.text).join(' '));
      const kept = new Set(alignWords(keys, normaliseForWer(clip.reference)).map((p) => p.oldIndex));
      for (const [i, w] of heard.entries()) {
        if (w.confidence === undefined) unscored++;
        else words.push({ confidence: w.confidence, misheard: !kept.has(i) });
      }
      process.stderr.write(`  ${clip.file}: ${heard.length} words\n`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (words.length === 0) return { ok: false, resultsFile: '', problem: `${transcriber.provider} gave no word confidences` };

  const misheard = words.filter((w) => w.misheard).length;
  const rows = THRESHOLDS.map((t) => {
    const flagged = words.filter((w) => w.confidence < t);
    const hits = flagged.filter((w) => w.misheard).length;
    return {
      threshold: t,
      flaggedShare: flagged.length / words.length,
      precision: flagged.length ? hits / flagged.length : 0,
      recall: hits / misheard,
    };
  });
  const baseline = misheard / words.length;
  printTable(
    ['threshold', 'flagged', 'precision', 'recall', 'random precision'],
    rows.map((r): Cell[] => [
      `${r.threshold}${r.threshold === UNCERTAIN_BELOW ? ' (used)' : ''}`,
      r.flaggedShare,
      r.precision,
      r.recall,
      baseline,
    ]),
    {
      title: `Uncertain words: confidence below a threshold as a pointer to misheard words (${transcriber.provider} / ${transcriber.model}, ${words.length} words, ${misheard} misheard)`,
      notes: [
        'misheard = a recognised word the alignment with the reference does not keep (substituted or inserted).',
        'random precision = the misheard share: what flagging the same share of words at random would reach.',
        ...(unscored ? [`${unscored} words came without a confidence and are left out.`] : []),
      ],
    },
  );
  const file = writeResults('uncertain', {
    transcriber: { provider: transcriber.provider, model: transcriber.model },
    words: words.length,
    misheard,
    rows,
  });
  return { ok: true, resultsFile: file };
}
