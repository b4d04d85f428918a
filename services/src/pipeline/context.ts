import type { Db } from '../db/db.ts';
import type { Logger } from '../core/logger.ts';
import type { MediaStorage } from '../media/storage.ts';
import type { MediaTools } from '../media/tools.ts';
import type { Transcriber } from '../ai/transcribe/transcriber.ts';
import type { Ai } from '../ai/index.ts';
import type { ContributionRow } from '../db/repos/contributions.repo.ts';

/** What a stage may use. A stage reads what the previous stage wrote and writes its own columns. */
export interface StageContext {
  db: Db;
  storage: MediaStorage;
  tools: MediaTools;
  transcriber: Transcriber;
  ai: Ai;
  log: Logger;
  /** Longest media accepted (MAX_MEDIA_SECONDS), measured by reading it. */
  maxMediaMs: number;
  /** Reports 0..1 progress within the stage and the seconds it still needs, if known (throttled by the caller). */
  progress(fraction: number, etaSeconds?: number | null): void;
  signal: AbortSignal;
}

export type Stage = (contribution: ContributionRow, ctx: StageContext) => Promise<void>;
