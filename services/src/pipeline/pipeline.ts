import type { Db } from '../db/db.ts';
import type { Logger } from '../core/logger.ts';
import { isAppError, storableMessage } from '../core/errors.ts';
import { contributionsRepo, type ContributionRow } from '../db/repos/contributions.repo.ts';
import { publish } from '../db/repos/events.repo.ts';
import type { ContributionEvent } from '../core/events.ts';
import type { MediaStorage } from '../media/storage.ts';
import type { MediaTools } from '../media/tools.ts';
import type { Transcriber } from '../ai/transcribe/transcriber.ts';
import type { JobQueue, StageJob } from '../jobs/queue.ts';
import { STAGES, nextStage, type StageName } from '../jobs/catalog.ts';
import type { Stage, StageContext } from './context.ts';
import { probeStage } from './probe.stage.ts';
import { audioStage } from './audio.stage.ts';
import { transcribeStage } from './transcribe.stage.ts';
import { segmentStage } from './segment.stage.ts';
import { embedStage } from './embed.stage.ts';
import { labelStage } from './label.stage.ts';
import { summariseStage } from './summarise.stage.ts';
import { profileStage } from './profile.stage.ts';
import type { Ai } from '../ai/index.ts';
import { contributionFinished } from '../webhooks/events.ts';
import type { Metrics } from '../core/metrics.ts';

const HANDLERS: Record<StageName, Stage> = {
  probe: probeStage,
  audio: audioStage,
  transcribe: transcribeStage,
  segment: segmentStage,
  embed: embedStage,
  label: labelStage,
  summarise: summariseStage,
  profile: profileStage,
};

export interface PipelineDeps {
  db: Db;
  queue: JobQueue;
  storage: MediaStorage;
  tools: MediaTools;
  transcriber: Transcriber;
  ai: Ai;
  log: Logger;
  /** Stage durations, failures and the recogniser's real-time factor, in this process's registry. */
  metrics: Metrics;
  /** JOB_STALL_MINUTES: a running stage beats a heartbeat; a job without one for this long goes to another worker. */
  stallMs: number;
  /** MAX_MEDIA_SECONDS, in ms: longer media fails at the probe, before any heavy work. */
  maxMediaMs: number;
}

/** Heartbeats per stall period: a few missed beats (a busy event loop, a slow query) do not count as dead. */
const BEATS_PER_STALL = 6;

/**
 * Runs stages for queued jobs. A job only acts if the contribution is still at that stage, so a
 * duplicate or stale job is a no-op; finishing a stage and enqueuing the next happen in one
 * transaction, so a crash in between cannot lose the next step. A running stage beats a heartbeat
 * on its contribution; every worker process checks for jobs whose heartbeat stopped and hands them
 * back to the queue (jobs/queue.ts requeueStalled).
 */
export class Pipeline {
  private readonly abort = new AbortController();
  private supervisor: NodeJS.Timeout | undefined;

  constructor(private readonly deps: PipelineDeps) {}

  private get beatMs() {
    return Math.max(500, Math.round(this.deps.stallMs / BEATS_PER_STALL));
  }

  async start(concurrency: number): Promise<void> {
    for (const stage of STAGES) await this.deps.queue.work(stage, concurrency, (job) => this.run(stage, job));
    this.supervisor = setInterval(() => void this.requeueStalled(), this.beatMs);
    this.supervisor.unref();
  }

  /** Stops running stages (their jobs are retried by whichever process runs next). */
  stop() {
    clearInterval(this.supervisor);
    this.abort.abort();
  }

  /** Jobs whose worker died go back to the queue; one whose retries are used up fails its contribution. */
  async requeueStalled(): Promise<void> {
    const { db, queue, log } = this.deps;
    try {
      for (const job of await queue.requeueStalled(db, this.deps.stallMs / 1000)) {
        if (!job.exhausted) continue;
        const c = await contributionsRepo(db).byId(job.contributionId);
        if (!c || c.stage !== job.stage || c.status === 'ready' || c.status === 'failed') continue;
        const message = `the worker running ${job.stage} stopped responding on every attempt`;
        await contributionsRepo(db).update(c.id, { status: 'failed', error: message, error_code: 'E_WORKER_LOST' });
        await this.emit(c, { status: 'failed', error: message });
      }
    } catch (err) {
      log.warn({ err }, 'checking for stalled jobs failed');
    }
  }

  async run(stage: StageName, job: StageJob): Promise<void> {
    const { db, log: rootLog } = this.deps;
    const repo = contributionsRepo(db);
    const c = await repo.byId(job.contributionId);
    if (!c || c.stage !== stage || c.status === 'ready' || c.status === 'failed') return;
    const log = rootLog.child({ stage, contributionId: c.id, attempt: job.retryCount + 1 });

    await repo.update(c.id, { status: 'processing', progress: 0, eta_seconds: null, heartbeat_at: new Date(), attempts: c.attempts + 1 });
    const running = { ...c, status: 'processing' as const };
    await this.emit(running, { progress: 0 });
    const started = Date.now();
    const heartbeat = setInterval(
      () => void repo.heartbeat(c.id, stage).catch((err) => log.warn({ err }, 'heartbeat failed')),
      this.beatMs,
    );
    try {
      await HANDLERS[stage](running, this.context(running, log));
    } catch (err) {
      if (this.abort.signal.aborted) throw err; // shutting down: leave it to the queue's retry
      if (await this.deletedMeanwhile(c.id, log)) return;
      const retryable = !isAppError(err) || err.retryable;
      const message = storableMessage(err);
      const code = isAppError(err) ? err.code : 'E_STAGE_FAILED';
      const retry = retryable && job.retryCount < job.retryLimit;
      this.deps.metrics.stageRan({ stage, outcome: retry ? 'retry' : 'failed', seconds: (Date.now() - started) / 1000, code });
      if (retry) {
        log.warn({ err }, 'stage failed; will retry');
        await repo.update(c.id, { error: `attempt ${job.retryCount + 1} failed, retrying: ${message}` });
        await this.emit(running, { error: message });
        throw err;
      }
      log.error({ err }, 'stage failed');
      await repo.update(c.id, { status: 'failed', error: message, error_code: code });
      await this.emit(c, { status: 'failed', error: message });
      await contributionFinished(this.deps, { ...c, error_code: code }, 'contribution.failed');
      return;
    } finally {
      clearInterval(heartbeat);
    }
    if (await this.deletedMeanwhile(c.id, log)) return;
    const ms = Date.now() - started;
    log.info({ ms }, 'stage done');
    this.deps.metrics.stageRan({ stage, outcome: 'done', seconds: ms / 1000 });
    if (stage === 'transcribe' && !c.captions_path && c.duration_ms)
      this.deps.metrics.recognised({ provider: this.deps.transcriber.provider, seconds: ms / 1000, mediaSeconds: c.duration_ms / 1000 });
    await this.advance(c, stage);
  }

  /**
   * The contribution was deleted while its stage ran (contributions/moderation.ts): the job ends
   * quietly, neither failed nor retried, and whatever the stage wrote to its folder goes too.
   */
  private async deletedMeanwhile(id: string, log: Logger): Promise<boolean> {
    if (await contributionsRepo(this.deps.db).byId(id)) return false;
    await this.deps.storage.remove(id);
    log.info('the contribution was deleted while its stage ran: nothing more to do');
    return true;
  }

  private async advance(c: ContributionRow, stage: StageName) {
    const next = nextStage(stage);
    await this.deps.db.tx(async (q) => {
      const repo = contributionsRepo(q);
      if (next) {
        await repo.update(c.id, { stage: next, status: 'queued', progress: 0, eta_seconds: null, error: null, error_code: null });
        await this.deps.queue.send(next, c.id, q);
      } else {
        await repo.update(c.id, { status: 'ready', progress: 1, eta_seconds: null, error: null, error_code: null });
        // Readers are told about a contribution once it is understood (workers.ts).
        await this.deps.queue.sendTask(
          'notify',
          { event: 'contribution-ready', contributionId: c.id },
          { q, singletonKey: `ready:${c.id}` },
        );
      }
    });
    if (next) this.deps.queue.wake(next);
    else this.deps.queue.wakeTask('notify');
    await this.emit(c, next ? { stage: next, status: 'queued', progress: 0 } : { status: 'ready', progress: 1 });
  }

  private context(c: ContributionRow, log: Logger): StageContext {
    const { db, storage, tools, transcriber, ai, maxMediaMs } = this.deps;
    let last = { at: 0, fraction: 0 };
    return {
      db,
      storage,
      tools,
      transcriber,
      ai,
      log,
      maxMediaMs,
      signal: this.abort.signal,
      progress: (fraction, etaSeconds = null) => {
        const now = Date.now();
        if (now - last.at < 1000 && fraction - last.fraction < 0.05) return;
        last = { at: now, fraction };
        const progress = Math.max(0, Math.min(1, fraction));
        void contributionsRepo(db)
          .setProgress(c.id, c.stage, progress, etaSeconds)
          .then((running) => (running ? this.emit(c, { progress, etaSeconds }) : undefined))
          .catch((err) => log.warn({ err }, 'progress update failed'));
      },
    };
  }

  /** `c` is the contribution as this run sees it (status processing while a stage runs): events say what GET says. */
  private emit(c: ContributionRow, change: Partial<Pick<ContributionEvent, 'stage' | 'status' | 'progress' | 'etaSeconds' | 'error'>>) {
    return publish(this.deps.db, {
      type: 'contribution',
      id: c.id,
      conferenceId: c.conference_id,
      spaceId: c.space_id,
      stage: change.stage ?? c.stage,
      status: change.status ?? c.status,
      progress: change.progress ?? c.progress,
      etaSeconds: change.etaSeconds ?? null,
      error: change.error ?? null,
    });
  }
}
