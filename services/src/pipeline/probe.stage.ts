import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { AppError } from '../core/errors.ts';
import { mediaTooLong, probeWithinLimit } from '../media/decoded-length.ts';
import type { Stage } from './context.ts';

/**
 * ffprobe the stored upload: streams, and the length as read through (not as its headers claim);
 * reject what is not audio or video, or longer than MAX_MEDIA_SECONDS, before any heavy work.
 */
export const probeStage: Stage = async (c, ctx) => {
  if (!c.media_path) throw new AppError('E_NO_MEDIA', 'this contribution has no media file', 422);
  const info = await ctx.storage.withLocalFile(c.media_path, (file) =>
    probeWithinLimit(ctx.tools, file, ctx.maxMediaMs, (ms) => mediaTooLong(ms, ctx.maxMediaMs), { signal: ctx.signal }),
  );
  if (!info.hasAudio && !c.captions_path) {
    throw new AppError(
      'E_MEDIA_NO_AUDIO',
      'the file has no audio track and no captions were uploaded, so there is nothing to transcribe',
      422,
    );
  }
  await contributionsRepo(ctx.db).update(c.id, { duration_ms: Math.round(info.durationMs), has_video: info.hasVideo });
};
