import { STAGES } from '@colloquy/contract';

/** The pipeline's stages in order (DESIGN.md "The pipeline"): the contract's list, which the API shows as `stage`. */
export { STAGES };
export type StageName = (typeof STAGES)[number];

/** Contributions posted as a transcript have no media: they start at segment. */
export const firstStage = (source: 'upload' | 'transcript'): StageName => (source === 'upload' ? 'probe' : 'segment');

export function nextStage(stage: StageName): StageName | null {
  return STAGES[STAGES.indexOf(stage) + 1] ?? null;
}

/** How long one attempt of a stage may run before the queue considers its worker dead. */
export const STAGE_TIMEOUT_SECONDS: Record<StageName, number> = {
  probe: 5 * 60,
  audio: 60 * 60,
  transcribe: 6 * 60 * 60, // offline recognition of long recordings is slow on a small machine
  segment: 10 * 60,
  embed: 30 * 60,
  label: 60 * 60, // a remote model labels a long meeting in many calls
  summarise: 60 * 60,
  profile: 10 * 60,
};
