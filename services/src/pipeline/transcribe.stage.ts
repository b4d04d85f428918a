import fs from 'node:fs/promises';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import { linkCaptionSpeakers } from '../people/speakers.ts';
import { parseCaptions } from '../transcript/captions.ts';
import type { Stage } from './context.ts';

/**
 * Speech to timed text; an uploaded caption file is used instead of recognition, and the speakers
 * it names are linked to members by name (people/speakers.ts).
 */
export const transcribeStage: Stage = async (c, ctx) => {
  const repo = contributionsRepo(ctx.db);
  if (c.captions_path) {
    const segments = parseCaptions(await fs.readFile(ctx.storage.resolve(c.captions_path), 'utf8'));
    await repo.replaceTranscript(c.id, segments);
    await repo.update(c.id, { transcribed_by: 'captions' });
    const members = (await spacesRepo(ctx.db).members(c.space_id))
      .filter((m) => m.user_id !== null)
      .map((m) => ({ id: m.user_id!, name: m.name }));
    const labels = segments.map((t) => t.speaker).filter((x): x is string => x !== null);
    await linkCaptionSpeakers(ctx.db, c.id, labels, members);
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
