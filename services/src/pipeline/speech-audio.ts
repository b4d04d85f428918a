import type { ContributionRow } from '../db/repos/contributions.repo.ts';
import { extractAudio } from '../media/extract.ts';
import type { StageContext } from './context.ts';

/**
 * The 16 kHz WAV the recogniser reads: an intermediate file, not kept. It is 115 MB an hour
 * whatever the upload's size (a 4 MB opus of three silent hours made 345 MB), so the transcribe
 * stage removes it once the transcript is stored, and extracts it again if a retry finds it gone.
 * Returns its key in the media store.
 */
export async function ensureSpeechAudio(c: ContributionRow, ctx: StageContext, onProgress?: (fraction: number) => void): Promise<string> {
  const { storage } = ctx;
  const audio = storage.relative(c.id, 'audio');
  if ((await storage.size(audio)) === null) {
    await storage.withLocalFile(c.media_path!, (input) =>
      storage.withScratchFile(async (tmp) => {
        await extractAudio(ctx.tools, input, tmp, { durationMs: c.duration_ms ?? undefined, onProgress, signal: ctx.signal });
        await storage.putFile(audio, tmp);
      }, '.wav'),
    );
  }
  return audio;
}

export async function removeSpeechAudio(c: ContributionRow, ctx: StageContext): Promise<void> {
  await ctx.storage.delete([ctx.storage.relative(c.id, 'audio')]);
}
