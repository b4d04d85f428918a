/**
 * Where a task's numbers go: eval/results/<task>-<timestamp>.json (gitignored), with what was
 * measured on which code and configuration, so two runs can be compared later.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './datasets.ts';

export const RESULTS_DIR = path.join(REPO_ROOT, 'eval/results');

/** Writes the results and returns the file's path. */
export function writeResults(task: string, results: Record<string, unknown>): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `${task}-${stamp}.json`);
  const meta = { task, at: new Date().toISOString(), commit: gitCommit(), node: process.version, cpus: os.cpus().length };
  fs.writeFileSync(file, `${JSON.stringify({ meta, ...results }, null, 2)}\n`);
  return file;
}

function gitCommit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !==
      '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return null;
  }
}
