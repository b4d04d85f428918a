import { whenDatabaseAnswers } from './db/unavailable.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { openDb } from './db/open.ts';
import { migrate } from './db/migrate.ts';
import { JobQueue } from './jobs/queue.ts';
import { Pipeline } from './pipeline/pipeline.ts';
import { openMediaStorage } from './media/open-storage.ts';
import { checkMediaTools, mediaToolsFrom } from './media/tools.ts';
import { makeTranscriber } from './ai/transcribe/index.ts';
import { EventHub } from './core/event-hub.ts';
import { makeAi } from './ai/index.ts';
import { builtIndexOptions } from './db/vector-schema.ts';
import { ensureEmbeddingSchema, sameIndexOptions } from './search/embedding-schema.ts';
import { analyzeIfStale } from './db/statistics.ts';
import type { Services } from './services.ts';
import { PublicBase } from './core/public-base.ts';
import { startTaskWorkers } from './workers.ts';
import { Metrics } from './core/metrics.ts';

export interface Runtime extends Services {
  pipeline: Pipeline | null;
  close(): Promise<void>;
}

/**
 * The composition root: config → database (migrated) → providers → queue → workers.
 * `workers: false` gives an API-only process; the HTTP layer is added by the caller.
 */
export async function startRuntime(config: Config, opts: { workers?: boolean; log?: Logger } = {}): Promise<Runtime> {
  const log = opts.log ?? createLogger(config.log);
  const tools = mediaToolsFrom(config.ffmpegPath);
  const media = await checkMediaTools(tools);
  if (!media.ok) throw new Error(media.message); // a clear start-up message, not a crash mid-job

  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.databasePoolMax,
    sharedBuffers: config.pgliteSharedBuffers,
    onError: (err, what) => log.warn({ err }, what),
  });
  const closers: (() => Promise<unknown>)[] = [() => db.close()];
  const close = async () => {
    for (const fn of closers.reverse()) await fn().catch((err) => log.error({ err }, 'shutdown step failed'));
  };
  try {
    const ai = makeAi(config.ai);
    // Schema work (migrations, the embedding column, the queue's tables) one process at a time.
    // A database that cannot be reached yet (starting beside us, busy with another process's
    // migrations) is waited for, up to DATABASE_START_WAIT_SECONDS.
    const { queue, embedding } = await whenDatabaseAnswers(
      () =>
        db.withStartupLock(async () => {
          const applied = await migrate(db);
          if (applied.length) log.info({ applied }, 'database migrated');
          const embedding = await ensureEmbeddingSchema(db, ai.embedder, config.search.index);
          const queue = await JobQueue.start(db, log, { retryLimit: config.workers.retryLimit });
          return { queue, embedding };
        }),
      {
        waitMs: config.databaseStartWaitMs,
        onWait: (err, ms) => log.warn({ err, retryInMs: ms }, 'the database cannot be reached yet: waiting'),
      },
    );
    closers.push(() => queue.stop());
    await analyzeIfStale(db);

    const transcriber = makeTranscriber(config.transcribe);
    const status = await transcriber.status();
    log[status.ok ? 'info' : 'warn']({ provider: transcriber.provider, model: transcriber.model }, status.message);

    if (!embedding.matches) {
      log.warn(
        { stored: embedding.stored, configured: { provider: ai.embedder.provider, model: ai.embedder.model, dims: ai.embedder.dims } },
        'the configured embedder differs from the indexed one: run `colloquy reindex` (new contributions wait at the embed stage)',
      );
    }
    const graph = await builtIndexOptions(db);
    if (graph && !sameIndexOptions(graph, config.search.index)) {
      log.warn(
        { built: graph, configured: config.search.index },
        'the vector index was built with other HNSW options than SEARCH_HNSW_M / SEARCH_HNSW_EF_CONSTRUCTION: run `colloquy reindex --graph` to rebuild it',
      );
    }

    const events = await EventHub.start(db, log);
    closers.push(() => events.stop());

    const storage = openMediaStorage(config);
    await storage.check(); // an unreachable bucket is a start-up message, not a failed upload later
    closers.push(async () => storage.close());
    const metrics = new Metrics();
    closers.push(async () => metrics.close());
    const services: Services = {
      config,
      db,
      log,
      queue,
      storage,
      tools,
      transcriber,
      ai,
      events,
      publicBase: new PublicBase(config),
      metrics,
    };

    let pipeline: Pipeline | null = null;
    if (opts.workers ?? config.workers.enabled) {
      // Embedded: this process alone holds the database, so jobs left running belong to a dead process.
      if (db.kind === 'pglite') await queue.failOrphanedJobs(db);
      const limits = { stallMs: config.workers.stallMs, maxMediaMs: config.maxMediaMs };
      pipeline = new Pipeline({ db, queue, storage, tools, transcriber, ai, log, metrics, ...limits });
      await pipeline.start(config.workers.concurrency);
      const running = pipeline;
      closers.push(async () => running.stop());
      await startTaskWorkers(services);
    }
    return { ...services, pipeline, close };
  } catch (err) {
    await close();
    throw err;
  }
}
