import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import { transcriptPiecesRepo } from '../db/repos/transcript-pieces.repo.ts';
import { linkCaptionSpeakers } from '../people/speakers.ts';
import { clampToMedia, parseCaptions } from '../transcript/captions.ts';
import type { PieceCheckpoints } from '../ai/transcribe/transcriber.ts';
import type { Stage } from './context.ts';
import { ensureSpeechAudio, removeSpeechAudio } from './speech-audio.ts';

/**
 * Speech to timed text; an uploaded caption file is used instead of recognition, and the speakers
 * it names are linked to members by name (people/speakers.ts). Recognition checkpoints every
 * finished piece, so a retry (after a failure, a restart or a dead worker) recognises only the
 * pieces that are left; the checkpoints and the intermediate WAV go once the transcript is stored.
 */
export const transcribeStage: Stage = async (c, ctx) => {
  const repo = contributionsRepo(ctx.db);
  if (c.captions_path) {
    const parsed = parseCaptions(await ctx.storage.readText(c.captions_path));
    const { segments, warning } = c.duration_ms ? clampToMedia(parsed, c.duration_ms) : { segments: parsed, warning: null };
    if (warning) ctx.log.warn({ mediaMs: c.duration_ms }, warning);
    await repo.replaceTranscript(c.id, segments);
    await repo.update(c.id, { transcribed_by: 'captions' });
    const members = (await spacesRepo(ctx.db).members(c.space_id))
      .filter((m) => m.user_id !== null)
      .map((m) => ({ id: m.user_id!, name: m.name }));
    const labels = segments.map((t) => t.speaker).filter((x): x is string => x !== null);
    await linkCaptionSpeakers(ctx.db, c.id, labels, members);
    return;
  }
  const { transcriber } = ctx;
  const recognisedBy = `${transcriber.provider}:${transcriber.model}`;
  const pieces = transcriptPiecesRepo(ctx.db);
  const checkpoints: PieceCheckpoints = {
    load: async () =>
      (await pieces.finished(c.id, recognisedBy)).map((p) => ({
        seq: p.seq,
        startMs: p.start_ms,
        endMs: p.end_ms,
        segments: p.segments,
        elapsedMs: p.elapsed_ms,
      })),
    save: (piece) => pieces.save(c.id, recognisedBy, piece).then(() => undefined),
  };
  const audioKey = await ensureSpeechAudio(c, ctx);
  const result = await ctx.storage.withLocalFile(audioKey, (audioPath) =>
    transcriber.transcribe({
      audioPath,
      durationMs: c.duration_ms ?? 0,
      onProgress: (p) => ctx.progress(p.fraction, p.etaSeconds),
      signal: ctx.signal,
      checkpoints,
    }),
  );
  if (result.pieces) ctx.log.info(result.pieces, 'recognised in pieces');
  await ctx.db.tx(async (q) => {
    await contributionsRepo(q).replaceTranscript(c.id, result.segments);
    await contributionsRepo(q).update(c.id, { transcribed_by: recognisedBy });
    await transcriptPiecesRepo(q).clear(c.id);
  });
  await removeSpeechAudio(c, ctx);
};
