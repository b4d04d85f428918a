/** What every eval task takes and returns (eval/run.ts dispatches on the task name). */
import type { Colloquy } from '../lib/colloquy.ts';

export interface TaskOptions {
  /** Only the first N meetings (or clips) of each dataset, for quick runs. */
  limit?: number;
  /** The running app, started on first call and shared by the tasks of one run (asr needs none). */
  colloquy: () => Promise<Colloquy>;
}

export interface TaskOutcome {
  /** false when part of the pipeline the task measures is missing: the run exits non-zero. */
  ok: boolean;
  resultsFile: string;
  /** Why ok is false, in one sentence the reader can act on. */
  problem?: string;
}
