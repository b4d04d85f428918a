import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { extractPoster } from '../media/extract.ts';
import type { Stage } from './context.ts';
import { ensureSpeechAudio } from './speech-audio.ts';

/**
 * 16 kHz mono audio for speech recognition (until it is transcribed), and a poster frame for video.
 * ffmpeg reads the stored upload as a local file (from a bucket: a scratch copy) and writes scratch
 * files that go into the store.
 */
export const audioStage: Stage = async (c, ctx) => {
  const { storage } = ctx;
  const fields: Record<string, string> = {};
  if (c.has_video) {
    const poster = storage.relative(c.id, 'poster');
    await storage.withLocalFile(c.media_path!, (input) =>
      storage.withScratchFile(async (tmp) => {
        await extractPoster(ctx.tools, input, tmp, { atMs: Math.min(1000, (c.duration_ms ?? 0) / 2) });
        await storage.putFile(poster, tmp);
      }, '.jpg'),
    );
    fields.poster_path = poster;
  }
  // Captions replace recognition, so the audio is only needed when there are none.
  if (!c.captions_path) fields.audio_path = await ensureSpeechAudio(c, ctx, ctx.progress);
  if (Object.keys(fields).length) await contributionsRepo(ctx.db).update(c.id, fields);
};
