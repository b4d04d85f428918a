import { z } from 'zod';
import { STAGES } from '@colloquy/contract';

/**
 * Every queue Colloquy runs, with the payload its jobs carry: the one catalogue. Payloads carry
 * ids, never content. Workers re-validate a payload when they take a job (jobs/queue.ts), so a
 * job written by an older version fails loudly instead of doing something half-right.
 */

// ---- the pipeline: one queue per stage, a job per contribution ----

export { STAGES };
export type StageName = (typeof STAGES)[number];
export const StageJobPayload = z.object({ contributionId: z.uuid() });

/** Contributions posted as a transcript have no media: they start at segment. */
export const firstStage = (source: 'upload' | 'transcript'): StageName => (source === 'upload' ? 'probe' : 'segment');

export function nextStage(stage: StageName): StageName | null {
  return STAGES[STAGES.indexOf(stage) + 1] ?? null;
}

/** How long one attempt of a stage may run before the queue considers its worker dead. */
export const STAGE_TIMEOUT_SECONDS: Record<StageName, number> = {
  probe: 15 * 60, // reads the media through (its real length): about a minute for MAX_MEDIA_SECONDS' 4 h on a busy core
  audio: 60 * 60,
  transcribe: 6 * 60 * 60, // offline recognition of long recordings is slow on a small machine
  segment: 10 * 60,
  embed: 30 * 60,
  label: 60 * 60, // a remote model labels a long meeting in many calls
  summarise: 60 * 60,
  profile: 10 * 60,
};

// ---- background tasks besides the pipeline ----

export const TASK_PAYLOADS = {
  /** Fanning out: a contribution became ready (tell its readers), or a notification wants an email. */
  notify: z.discriminatedUnion('event', [
    z.object({ event: z.literal('contribution-ready'), contributionId: z.uuid() }),
    z.object({ event: z.literal('notification-email'), notificationId: z.uuid() }),
  ]),
  /** Delivering one queued email, or (every minute) sweeping up whatever a lost job left behind. */
  mail: z.union([z.object({ outboxId: z.uuid() }), z.object({ sweep: z.literal(true) })]),
  /** Writing one export's zip, or (hourly) removing expired ones. */
  export: z.union([z.object({ exportId: z.uuid() }), z.object({ sweep: z.literal(true) })]),
  /** Delivering one webhook call (retried with backoff by the delivery itself). */
  webhook: z.object({ deliveryId: z.uuid() }),
  /** Hourly: the scheduled digest emails that are due. */
  'digest-emails': z.object({}),
  /**
   * A corrected statement: redo its vector, labels and gist, its contribution's summary and its
   * author's profile. `revision` is the correction's; a later one makes this job a no-op.
   */
  'statement-edit': z.object({ statementId: z.uuid(), revision: z.int() }),
  /** Hourly: reminders to members asked something NUDGE_AFTER_HOURS ago who have not answered. */
  nudges: z.object({}),
  /** Hourly: interview reminders, then the retention sweep (`manual` when started by hand). */
  interviews: z.object({ manual: z.boolean().optional() }),
  /** At start and hourly: media left behind by killed or stalled uploads and jobs (contributions/media-sweep.ts). */
  'media-sweep': z.object({}),
} as const;

export type TaskName = keyof typeof TASK_PAYLOADS;
export type TaskPayload<T extends TaskName> = z.infer<(typeof TASK_PAYLOADS)[T]>;
export const TASKS = Object.keys(TASK_PAYLOADS) as TaskName[];
