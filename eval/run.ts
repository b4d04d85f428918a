/**
 * npm run eval -- <asr|retrieval|labels|acts|summaries|routing|digest|agenda|gists|tags|uncertain|ask|all>[,<task>…] [--limit N]
 * Each task prints one table (system next to baselines computed in the same run) and writes
 * eval/results/<task>-<timestamp>.json. See eval/README.md.
 */
import { parseArgs } from 'node:util';
import type { Colloquy } from './lib/colloquy.ts';
import type { TaskOptions, TaskOutcome } from './tasks/task.ts';

const tasks: Record<string, () => Promise<(o: TaskOptions) => Promise<TaskOutcome>>> = {
  asr: async () => (await import('./tasks/asr.ts')).runAsr,
  retrieval: async () => (await import('./tasks/retrieval.ts')).runRetrieval,
  labels: async () => (await import('./tasks/labels.ts')).runLabels,
  acts: async () => (await import('./tasks/acts.ts')).runActs,
  summaries: async () => (await import('./tasks/summaries.ts')).runSummaries,
  routing: async () => (await import('./tasks/routing.ts')).runRouting,
  digest: async () => (await import('./tasks/digest.ts')).runDigest,
  agenda: async () => (await import('./tasks/agenda.ts')).runAgenda,
  gists: async () => (await import('./tasks/gists.ts')).runGists,
  tags: async () => (await import('./tasks/tags.ts')).runTags,
  // Only the answers part of summaries, for a quick run (`all` leaves it out: summaries has it).
  ask: async () => (await import('./tasks/ask.ts')).runAsk,
  uncertain: async () => (await import('./tasks/uncertain.ts')).runUncertain,
};
const ALL = Object.keys(tasks).filter((t) => t !== 'ask');

const usage = `usage: npm run eval -- <${[...Object.keys(tasks), 'all'].join('|')}>[,<task>…] [--limit N]`;
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { limit: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
const name = positionals[0];
// Tasks named together (retrieval,ask) share one app, so a dataset is loaded once.
const chosen = name === 'all' ? ALL : (name ?? '').split(',').filter(Boolean);
if (values.help || chosen.length === 0 || chosen.some((t) => !(t in tasks))) {
  process.stderr.write(`${usage}\n  --limit N   only the first N meetings (clips) of each dataset\n`);
  process.exit(values.help ? 0 : 2);
}
const limit = values.limit === undefined ? undefined : Number(values.limit);
if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
  process.stderr.write(`--limit must be a positive integer\n${usage}\n`);
  process.exit(2);
}

// One app for the whole run, started on first use (asr needs none): `all` loads each dataset once.
let app: Promise<Colloquy> | null = null;
const colloquy = () => (app ??= import('./lib/colloquy.ts').then((m) => m.Colloquy.start()));

const problems: string[] = [];
try {
  for (const task of chosen) {
    process.stderr.write(`eval ${task}${limit ? ` (--limit ${limit})` : ''}\n`);
    const run = await tasks[task]();
    const outcome = await run({ limit, colloquy });
    process.stderr.write(`results: ${outcome.resultsFile}\n`);
    if (!outcome.ok) problems.push(`${task}: ${outcome.problem}`);
  }
} finally {
  const started = app as Promise<Colloquy> | null; // assigned inside colloquy(), which TypeScript cannot see
  if (started) await (await started).close();
}
if (problems.length) {
  process.stderr.write(`\nincomplete:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exitCode = 1;
}
