import PgBoss from 'pg-boss';
import { createRequire } from 'node:module';
import { isAppError, storableMessage } from '../core/errors.ts';
import { isDbUnavailable } from '../db/unavailable.ts';
import type { Db, Queryable } from '../db/db.ts';
import type { Logger } from '../core/logger.ts';
import {
  STAGES,
  STAGE_TIMEOUT_SECONDS,
  StageJobPayload,
  TASKS,
  TASK_PAYLOADS,
  type StageName,
  type TaskName,
  type TaskPayload,
} from './catalog.ts';

/**
 * pg-boss 10 completes or fails a job after its handler without awaiting the write
 * (manager.js onFetch): if that write is refused (the database is down, a message it cannot store)
 * the rejection is unhandled and Node ends the process. Give those promises a handler that reports
 * the error through pg-boss's 'error' event; callers that await them still see the rejection. The
 * job stays active and is expired and retried by the queue.
 */
function guardJobCompletion() {
  const Manager = createRequire(import.meta.url)('pg-boss/src/manager.js') as { prototype: object };
  const proto = Manager.prototype as Record<string, (...args: unknown[]) => Promise<unknown>> & { __colloquyGuarded?: boolean };
  if (proto.__colloquyGuarded) return;
  proto.__colloquyGuarded = true;
  for (const method of ['complete', 'fail'] as const) {
    const original = proto[method];
    const guarded = function (this: { emit(event: string, err: unknown): void }, ...args: unknown[]) {
      const done = untilDatabaseIsBack(() => original.apply(this, args));
      done.catch((err) => this.emit('error', err));
      return done;
    };
    // PgBoss publishes the manager's methods on itself under their function names (index.js).
    Object.defineProperty(guarded, 'name', { value: method });
    proto[method] = guarded;
  }
}
guardJobCompletion();

const COMPLETION_RETRY = { firstMs: 500, maxMs: 10_000, giveUpMs: 5 * 60_000 };

/** A job's result is written once the database answers again (a restart), not lost with the connection. */
async function untilDatabaseIsBack<T>(write: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let delay = COMPLETION_RETRY.firstMs; ; delay = Math.min(delay * 2, COMPLETION_RETRY.maxMs)) {
    try {
      return await write();
    } catch (err) {
      const lost = (isAppError(err) && err.code === 'E_DB_UNAVAILABLE') || isDbUnavailable(err);
      if (!lost || Date.now() - started > COMPLETION_RETRY.giveUpMs) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** What a handler throws, as pg-boss may store it in the job's output (jsonb takes no NUL). */
function storableError(err: unknown): Error {
  const safe = new Error(storableMessage(err));
  safe.name = err instanceof Error ? err.name : 'Error';
  return safe;
}

async function storingErrors(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    throw storableError(err);
  }
}

/** An active stage job whose worker has stopped beating the heartbeat. */
export interface StalledJob {
  id: string;
  stage: StageName;
  contributionId: string;
  /** Its retries are used up: failing it ends the job for good. */
  exhausted: boolean;
}

/** A stage queue's jobs by state, for /api/health. */
export interface StageJobCounts {
  queued: number;
  active: number;
  stalled: number;
}

// The heartbeat lives on the contribution (one running stage each); a job that has just started
// counts from its start. Shared by the stall check and the health counts.
const STALE = `greatest(c.heartbeat_at, j.started_on) < now() - make_interval(secs => $2::float8)`;

export interface StageJob {
  contributionId: string;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
}

/**
 * The pipeline's job queue: pg-boss on the same PostgreSQL (or PGlite) database.
 * One queue per stage; a job per contribution and stage, deduplicated by the contribution id
 * ('stately' policy: at most one queued and one running job per key).
 */
export class JobQueue {
  private readonly workerIds = new Map<StageName, string[]>();
  private readonly taskWorkerIds = new Map<TaskName, string[]>();

  private constructor(
    private readonly boss: PgBoss,
    private readonly log: Logger,
  ) {}

  static async start(db: Db, log: Logger, opts: { retryLimit: number }): Promise<JobQueue> {
    const boss = new PgBoss({
      ...db.queueConnection(),
      schema: 'pgboss',
      // Workers are woken when a job is sent from this process; polling catches jobs from others.
      pollingIntervalSeconds: 2,
    } as PgBoss.ConstructorOptions);
    boss.on('error', (err) => log.error({ err }, 'job queue error'));
    await boss.start();
    for (const stage of STAGES) {
      const queue = {
        name: stage,
        policy: 'stately' as const,
        retryLimit: opts.retryLimit,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: STAGE_TIMEOUT_SECONDS[stage],
      };
      if (await boss.getQueue(stage)) await boss.updateQueue(stage, queue);
      else await boss.createQueue(stage, queue);
    }
    for (const task of TASKS) {
      const queue = { name: task, retryLimit: opts.retryLimit, retryDelay: 30, retryBackoff: true, expireInSeconds: 600 };
      if (await boss.getQueue(task)) await boss.updateQueue(task, queue);
      else await boss.createQueue(task, queue);
    }
    return new JobQueue(boss, log);
  }

  /**
   * Enqueues a task; pass `q` to make it part of that transaction (it runs only if the transaction
   * commits), and a singletonKey to keep one queued job per key.
   */
  async sendTask<T extends TaskName>(
    task: T,
    data: TaskPayload<T>,
    opts: { q?: Queryable; singletonKey?: string; startAfterSeconds?: number } = {},
  ): Promise<void> {
    const options: PgBoss.SendOptions = {};
    if (opts.singletonKey) options.singletonKey = opts.singletonKey;
    if (opts.startAfterSeconds) options.startAfter = opts.startAfterSeconds;
    const q = opts.q;
    if (q) options.db = { executeSql: async (text, values) => ({ rows: await q.query(text, values as unknown[]) }) };
    await this.boss.send(task, data, options);
    if (!q) this.wakeTask(task);
  }

  /** Wakes this process's idle workers of a task (after the sending transaction commits). */
  wakeTask(task: TaskName) {
    for (const id of this.taskWorkerIds.get(task) ?? []) this.boss.notifyWorker(id);
  }

  async workTask<T extends TaskName>(task: T, handler: (data: TaskPayload<T>) => Promise<void>): Promise<void> {
    const payload = TASK_PAYLOADS[task];
    const id = await this.boss.work<object>(task, { batchSize: 1 }, async ([job]) =>
      storingErrors(() => handler(payload.parse(job.data) as TaskPayload<T>)),
    );
    this.taskWorkerIds.set(task, [...(this.taskWorkerIds.get(task) ?? []), id]);
  }

  /** Runs a task on a cron schedule (UTC); pg-boss keeps one schedule per name across processes. */
  async scheduleTask<T extends TaskName>(task: T, cron: string, data: TaskPayload<T>): Promise<void> {
    await this.boss.schedule(task, cron, data, { tz: 'UTC' });
  }

  /** Enqueues a stage for a contribution; pass `q` to make it part of that transaction. */
  async send(stage: StageName, contributionId: string, q?: Queryable): Promise<void> {
    const options: PgBoss.SendOptions = { singletonKey: contributionId };
    if (q) options.db = { executeSql: async (text, values) => ({ rows: await q.query(text, values as unknown[]) }) };
    await this.boss.send(stage, { contributionId }, options);
    this.wake(stage);
  }

  /** Wakes this process's idle workers of a stage (call after the sending transaction commits). */
  wake(stage: StageName) {
    for (const id of this.workerIds.get(stage) ?? []) this.boss.notifyWorker(id);
  }

  async work(stage: StageName, concurrency: number, handler: (job: StageJob) => Promise<void>): Promise<void> {
    const ids: string[] = [];
    for (let i = 0; i < concurrency; i++) {
      ids.push(
        await this.boss.work<object>(stage, { batchSize: 1, includeMetadata: true }, async ([job]) => {
          await storingErrors(async () => {
            const { contributionId } = StageJobPayload.parse(job.data);
            await handler({ contributionId, retryCount: job.retryCount, retryLimit: job.retryLimit });
          });
        }),
      );
    }
    this.workerIds.set(stage, ids);
  }

  /**
   * Jobs left 'active' by a process that died. Only safe to call when this process is the only
   * one using the database (the embedded default holds a lock on its data folder); on a server,
   * pg-boss expires them after the stage's timeout instead.
   */
  async failOrphanedJobs(db: Queryable): Promise<number> {
    const rows = await db.query<{ id: string; name: StageName }>(`select id, name from pgboss.job where state = 'active'`);
    for (const { id, name } of rows) await this.boss.fail(name, id, { message: 'worker process ended during the job' });
    if (rows.length) this.log.warn({ jobs: rows.length }, 'requeued jobs left running by a previous process');
    return rows.length;
  }

  /** Active stage jobs with no heartbeat for `seconds` (of one contribution when given). */
  async stalledJobs(db: Queryable, seconds: number, contributionId?: string): Promise<StalledJob[]> {
    const rows = await db.query<{ id: string; name: StageName; contribution_id: string; retry_count: number; retry_limit: number }>(
      `select j.id, j.name, c.id as contribution_id, j.retry_count, j.retry_limit
         from pgboss.job j join contributions c on c.id::text = j.data->>'contributionId'
        where j.state = 'active' and j.name = any($1::text[]) and ${STALE}
          and ($3::uuid is null or c.id = $3::uuid)`,
      [STAGES, seconds, contributionId ?? null],
    );
    return rows.map((r) => ({ id: r.id, stage: r.name, contributionId: r.contribution_id, exhausted: r.retry_count >= r.retry_limit }));
  }

  /**
   * pg-boss 10 has no heartbeat, and its expiry measures a whole attempt (hours for a long
   * recording): jobs whose worker stopped beating for `seconds` are failed here, so pg-boss retries
   * them on any worker, and the stage resumes from its checkpoints.
   */
  async requeueStalled(db: Queryable, seconds: number): Promise<StalledJob[]> {
    const stalled = await this.stalledJobs(db, seconds);
    for (const job of stalled) {
      await this.boss.fail(job.stage, job.id, { message: `no heartbeat for ${Math.round(seconds)} s: the worker is gone` });
    }
    if (stalled.length)
      this.log.warn({ jobs: stalled.map((j) => `${j.stage}:${j.contributionId}`) }, 'handed stalled jobs to another worker');
    return stalled;
  }

  /** Takes a stalled contribution's job away from its dead worker (a host's retry sends a fresh one). */
  async cancelJob(stage: StageName, id: string): Promise<void> {
    await this.boss.cancel(stage, id);
  }

  /**
   * Cancels a deleted contribution's stage jobs that wait (queued or waiting to retry). One that is
   * running is left to finish: the pipeline sees the contribution gone and ends it quietly.
   */
  async cancelPendingFor(db: Queryable, contributionId: string): Promise<number> {
    const rows = await db.query<{ id: string; name: StageName }>(
      `select id, name from pgboss.job where name = any($1::text[]) and state in ('created', 'retry') and data->>'contributionId' = $2`,
      [STAGES, contributionId],
    );
    for (const { id, name } of rows) await this.boss.cancel(name, id);
    return rows.length;
  }

  /** Queue depth, running and stalled jobs per stage (stalled: no heartbeat for `stalledSeconds`). */
  async stageCounts(db: Queryable, stalledSeconds: number): Promise<Record<StageName, StageJobCounts>> {
    const rows = await db.query<{ name: StageName; queued: number; active: number; stalled: number }>(
      `select j.name,
              count(*) filter (where j.state in ('created', 'retry'))::int as queued,
              count(*) filter (where j.state = 'active')::int as active,
              count(*) filter (where j.state = 'active' and ${STALE})::int as stalled
         from pgboss.job j left join contributions c on c.id::text = j.data->>'contributionId'
        where j.name = any($1::text[]) and j.state in ('created', 'retry', 'active')
        group by j.name`,
      [STAGES, stalledSeconds],
    );
    const counts = Object.fromEntries(STAGES.map((s) => [s, { queued: 0, active: 0, stalled: 0 }])) as Record<StageName, StageJobCounts>;
    for (const r of rows) counts[r.name] = { queued: r.queued, active: r.active, stalled: r.stalled };
    return counts;
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 5000, wait: true });
  }
}
