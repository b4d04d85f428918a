import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { extractPoster } from '../media/extract.ts';
import type { Stage } from './context.ts';
import { ensureSpeechAudio } from './speech-audio.ts';

/** 16 kHz mono audio for speech recognition (until it is transcribed), and a poster frame for video. */
export const audioStage: Stage = async (c, ctx) => {
  const input = ctx.storage.resolve(c.media_path!);
  const fields: Record<string, string> = {};
  if (c.has_video) {
    const poster = ctx.storage.pathOf(c.id, 'poster');
    await extractPoster(ctx.tools, input, poster, { atMs: Math.min(1000, (c.duration_ms ?? 0) / 2) });
    fields.poster_path = ctx.storage.relative(c.id, 'poster');
  }
  // Captions replace recognition, so the audio is only needed when there are none.
  if (!c.captions_path) {
    await ensureSpeechAudio(c, ctx, ctx.progress);
    fields.audio_path = ctx.storage.relative(c.id, 'audio');
  }
  if (Object.keys(fields).length) await contributionsRepo(ctx.db).update(c.id, fields);
};
