import { z } from 'zod';

/** The pipeline's stages in order (DESIGN.md "The pipeline"): a contribution's `stage` is one of them. */
export const STAGES = ['probe', 'audio', 'transcribe', 'segment', 'embed', 'label', 'summarise', 'profile'] as const;
export const StageName = z.enum(STAGES);
export type StageName = z.infer<typeof StageName>;
