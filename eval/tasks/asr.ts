/**
 * eval asr: word error rate of the configured transcriber (TRANSCRIBE_PROVIDER / AI_PROVIDER) on
 * the real speech clips in ../shared/eval/asr/dev, per clip, per group and overall. Audio goes
 * through the same path as an upload: ffmpeg → 16 kHz mono WAV (extractAudio) → transcriber.
 * Both sides go through the shared normaliser (eval/lib/text.ts) before alignment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../services/src/config.ts';
import { makeTranscriber } from '../../services/src/ai/transcribe/index.ts';
import { extractAudio } from '../../services/src/media/extract.ts';
import { mediaToolsFrom } from '../../services/src/media/tools.ts';
import { loadAsrDev } from '../lib/datasets.ts';
import { sumWerCounts, werCounts, werFromCounts, type WerCounts } from '../lib/metrics.ts';
import { writeResults } from '../lib/results.ts';
import { printTable, type Cell } from '../lib/table.ts';
import { normaliseForWer } from '../lib/text.ts';
import type { TaskOptions, TaskOutcome } from './task.ts';

export async function runAsr(options: TaskOptions): Promise<TaskOutcome> {
  const config = loadConfig();
  const transcriber = makeTranscriber(config.transcribe);
  const status = await transcriber.status();
  if (!status.ok) throw new Error(`the configured transcriber cannot run: ${status.message}`);
  const tools = mediaToolsFrom(config.ffmpegPath);
  const clips = loadAsrDev().slice(0, options.limit);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-eval-asr-'));

  const measured: ClipResult[] = [];
  try {
    for (const clip of clips) {
      const wav = path.join(tmp, `${path.basename(clip.file).replace(/\.[^.]+$/, '')}.wav`);
      const { durationMs } = await extractAudio(tools, clip.path, wav);
      const started = performance.now();
      const result = await transcriber.transcribe({ audioPath: wav, durationMs });
      const elapsedMs = performance.now() - started;
      const hypothesis = result.segments.map((s) => s.text).join(' ');
      const reference = normaliseForWer(clip.reference);
      const recognised = normaliseForWer(hypothesis);
      const counts = werCounts(reference, recognised);
      measured.push({
        clip: clip.file,
        group: clip.group,
        durationMs,
        elapsedMs,
        hypothesis,
        reference: clip.reference,
        normalised: { reference, hypothesis: recognised },
        counts,
        wer: werFromCounts(counts),
      });
      process.stderr.write(`  ${clip.file}: WER ${werFromCounts(counts).toFixed(3)}\n`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const row = (label: string, group: string, counts: WerCounts, durationMs: number, elapsedMs: number): Cell[] => [
    label,
    group,
    counts.referenceWords,
    counts.substitutions,
    counts.deletions,
    counts.insertions,
    werFromCounts(counts),
    elapsedMs / durationMs,
  ];
  const pooled = (items: ClipResult[]) =>
    [sumWerCounts(items.map((m) => m.counts)), sum(items.map((m) => m.durationMs)), sum(items.map((m) => m.elapsedMs))] as const;
  const groups = [...new Set(measured.map((m) => m.group))];
  const rows: Cell[][] = [
    ...measured.map((m) => row(path.basename(m.clip), m.group, m.counts, m.durationMs, m.elapsedMs)),
    ...groups.map((g) => row(`all ${g}`, g, ...pooled(measured.filter((m) => m.group === g)))),
    row('all clips', '—', ...pooled(measured)),
  ];
  const model = `${transcriber.provider} / ${transcriber.model}`;
  printTable(['clip', 'group', 'words', 'sub', 'del', 'ins', 'WER', 'RTF'], rows, {
    title: `ASR dev: word error rate of ${model} (${measured.length} clips, ${(pooled(measured)[1] / 1000).toFixed(1)} s of speech)`,
    notes: [
      'WER = (substitutions + deletions + insertions) / reference words, after the shared normaliser; group and overall rows pool words, not clips.',
      'RTF = recognition time / audio duration on this machine. No baseline: a recogniser that outputs nothing scores 1.000.',
    ],
  });
  const file = writeResults('asr', {
    transcriber: { provider: transcriber.provider, model: transcriber.model },
    overall: { ...pooled(measured)[0], wer: werFromCounts(pooled(measured)[0]) },
    groups: Object.fromEntries(groups.map((g) => [g, werFromCounts(pooled(measured.filter((m) => m.group === g))[0])])),
    clips: measured,
  });
  return { ok: true, resultsFile: file };
}

interface ClipResult {
  clip: string;
  group: string;
  durationMs: number;
  elapsedMs: number;
  hypothesis: string;
  reference: string;
  normalised: { reference: string[]; hypothesis: string[] };
  counts: WerCounts;
  wer: number;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
