import fs from 'node:fs';
import type { ContributionRow } from '../db/repos/contributions.repo.ts';
import { extractAudio } from '../media/extract.ts';
import type { StageContext } from './context.ts';

/**
 * The 16 kHz WAV the recogniser reads: an intermediate file, not kept. It is 115 MB an hour
 * whatever the upload's size (a 4 MB opus of three silent hours made 345 MB), so the transcribe
 * stage removes it once the transcript is stored, and extracts it again if a retry finds it gone.
 */
export async function ensureSpeechAudio(c: ContributionRow, ctx: StageContext, onProgress?: (fraction: number) => void): Promise<string> {
  const audio = ctx.storage.pathOf(c.id, 'audio');
  if (!fs.existsSync(audio)) {
    await extractAudio(ctx.tools, ctx.storage.resolve(c.media_path!), audio, {
      durationMs: c.duration_ms ?? undefined,
      onProgress,
      signal: ctx.signal,
    });
  }
  return audio;
}

export async function removeSpeechAudio(c: ContributionRow, ctx: StageContext): Promise<void> {
  await fs.promises.rm(ctx.storage.pathOf(c.id, 'audio'), { force: true });
}
