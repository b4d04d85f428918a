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
}

/**
 * Runs stages for queued jobs. A job only acts if the contribution is still at that stage, so a
 * duplicate or stale job is a no-op; finishing a stage and enqueuing the next happen in one
 * transaction, so a crash in between cannot lose the next step.
 */
export class Pipeline {
  private readonly abort = new AbortController();

  constructor(private readonly deps: PipelineDeps) {}

  async start(concurrency: number): Promise<void> {
    for (const stage of STAGES) await this.deps.queue.work(stage, concurrency, (job) => this.run(stage, job));
  }

  /** Stops running stages (their jobs are retried by whichever process runs next). */
  stop() {
    this.abort.abort();
  }

  async run(stage: StageName, job: StageJob): Promise<void> {
    const { db, log: rootLog } = this.deps;
    const repo = contributionsRepo(db);
    const c = await repo.byId(job.contributionId);
    if (!c || c.stage !== stage || c.status === 'ready' || c.status === 'failed') return;
    const log = rootLog.child({ stage, contributionId: c.id, attempt: job.retryCount + 1 });

    await repo.update(c.id, { status: 'processing', progress: 0, attempts: c.attempts + 1 });
    await this.emit(c, { status: 'processing', progress: 0 });
    const started = Date.now();
    try {
      await HANDLERS[stage](c, this.context(c, log));
    } catch (err) {
      if (this.abort.signal.aborted) throw err; // shutting down: leave it to the queue's retry
      const retryable = !isAppError(err) || err.retryable;
      const message = storableMessage(err);
      if (retryable && job.retryCount < job.retryLimit) {
        log.warn({ err }, 'stage failed; will retry');
        await repo.update(c.id, { error: `attempt ${job.retryCount + 1} failed, retrying: ${message}` });
        await this.emit(c, { status: 'processing', error: message });
        throw err;
      }
      log.error({ err }, 'stage failed');
      const code = isAppError(err) ? err.code : 'E_STAGE_FAILED';
      await repo.update(c.id, { status: 'failed', error: message, error_code: code });
      await this.emit(c, { status: 'failed', error: message });
      await contributionFinished(this.deps, { ...c, error_code: code }, 'contribution.failed');
      return;
    }
    log.info({ ms: Date.now() - started }, 'stage done');
    await this.advance(c, stage);
  }

  private async advance(c: ContributionRow, stage: StageName) {
    const next = nextStage(stage);
    await this.deps.db.tx(async (q) => {
      const repo = contributionsRepo(q);
      if (next) {
        await repo.update(c.id, { stage: next, status: 'queued', progress: 0, error: null, error_code: null });
        await this.deps.queue.send(next, c.id, q);
      } else {
        await repo.update(c.id, { status: 'ready', progress: 1, error: null, error_code: null });
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
    const { db, storage, tools, transcriber, ai } = this.deps;
    let last = { at: 0, fraction: 0 };
    return {
      db,
      storage,
      tools,
      transcriber,
      ai,
      log,
      signal: this.abort.signal,
      progress: (fraction) => {
        const now = Date.now();
        if (now - last.at < 1000 && fraction - last.fraction < 0.05) return;
        last = { at: now, fraction };
        const progress = Math.max(0, Math.min(1, fraction));
        void contributionsRepo(db)
          .setProgress(c.id, c.stage, progress)
          .then(() => this.emit(c, { progress }))
          .catch((err) => log.warn({ err }, 'progress update failed'));
      },
    };
  }

  private emit(c: ContributionRow, change: Partial<Pick<ContributionEvent, 'stage' | 'status' | 'progress' | 'error'>>) {
    return publish(this.deps.db, {
      type: 'contribution',
      id: c.id,
      conferenceId: c.conference_id,
      spaceId: c.space_id,
      stage: change.stage ?? c.stage,
      status: change.status ?? c.status,
      progress: change.progress ?? c.progress,
      error: change.error ?? null,
    });
  }
}
