import fs from 'node:fs/promises';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { parseCaptions } from '../transcript/captions.ts';
import type { Stage } from './context.ts';

/** Speech to timed text; an uploaded caption file is used instead of recognition. */
export const transcribeStage: Stage = async (c, ctx) => {
  const repo = contributionsRepo(ctx.db);
  if (c.captions_path) {
    const segments = parseCaptions(await fs.readFile(ctx.storage.resolve(c.captions_path), 'utf8'));
    await repo.replaceTranscript(c.id, segments);
    await repo.update(c.id, { transcribed_by: 'captions' });
    return;
  }
  const result = await ctx.transcriber.transcribe({
    audioPath: ctx.storage.resolve(c.audio_path!),
    durationMs: c.duration_ms ?? 0,
    onProgress: ctx.progress,
    signal: ctx.signal,
  });
  await repo.replaceTranscript(c.id, result.segments);
  await repo.update(c.id, { transcribed_by: `${result.provider}:${result.model}` });
};
