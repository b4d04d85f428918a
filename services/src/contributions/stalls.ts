import type { Config } from '../config.ts';
import { conflict } from '../core/errors.ts';
import { contributionsRepo, type ContributionRow } from '../db/repos/contributions.repo.ts';
import type { Services } from '../services.ts';
import { healthRepo } from '../db/repos/health.repo.ts';

/** Queue depth, running, stalled and failed per stage: what /api/health and /metrics report. */
export async function pipelineJobs(s: Pick<Services, 'config' | 'db' | 'queue'>) {
  const [counts, failed] = await Promise.all([s.queue.stageCounts(s.db, stalledAfterSeconds(s.config)), healthRepo(s.db).failedByStage()]);
  const stages = Object.fromEntries(Object.entries(counts).map(([stage, c]) => [stage, { ...c, failed: failed[stage] ?? 0 }]));
  return { stallMinutes: s.config.workers.stallMs / 60_000, stages };
}

/**
 * A stalled contribution: its stage's job is active but its worker has not beaten the heartbeat
 * for half of JOB_STALL_MINUTES. Health reports it from then on; the workers hand the job to
 * another worker at JOB_STALL_MINUTES, and a host need not wait: Retry takes it away at once.
 */
export const stalledAfterSeconds = (config: Pick<Config, 'workers'>) => config.workers.stallMs / 2000;

/** Runs a failed or stalled contribution again from its stage; finished recognition pieces are kept. */
export async function retryContribution(s: Services, c: ContributionRow): Promise<void> {
  const stalled = c.status === 'failed' ? [] : await s.queue.stalledJobs(s.db, stalledAfterSeconds(s.config), c.id);
  if (c.status !== 'failed' && stalled.length === 0) {
    throw conflict(`only a failed or stalled contribution can be retried (this one is ${c.status})`, 'E_NOT_FAILED');
  }
  for (const job of stalled) await s.queue.cancelJob(job.stage, job.id);
  const { stage } = c;
  await s.db.tx(async (q) => {
    await contributionsRepo(q).update(c.id, { status: 'queued', progress: 0, eta_seconds: null, error: null, error_code: null });
    await s.queue.send(stage, c.id, q);
  });
  s.queue.wake(stage);
}
