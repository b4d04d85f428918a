import type { Config } from './config.ts';
import type { Db } from './db/db.ts';
import type { Logger } from './core/logger.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { MediaStorage } from './media/storage.ts';
import type { MediaTools } from './media/tools.ts';
import type { Transcriber } from './ai/transcribe/transcriber.ts';
import type { EventHub } from './core/event-hub.ts';
import type { Ai } from './ai/index.ts';
import type { PublicBase } from './core/public-base.ts';
import type { Metrics } from './core/metrics.ts';

/** Everything the HTTP layer and the pipeline are built from; assembled once in main.ts. */
export interface Services {
  config: Config;
  db: Db;
  log: Logger;
  queue: JobQueue;
  storage: MediaStorage;
  tools: MediaTools;
  transcriber: Transcriber;
  ai: Ai;
  events: EventHub;
  /** Where links in emails point (PUBLIC_URL, else the address the server listens on). */
  publicBase: PublicBase;
  /** This process's Prometheus registry (core/metrics.ts). */
  metrics: Metrics;
}
