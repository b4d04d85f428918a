import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { segmentTranscript } from '../transcript/segment.ts';
import type { Stage } from './context.ts';

/** Transcript → statements: cut at pauses, speaker changes and topic shifts. */
export const segmentStage: Stage = async (c, ctx) => {
  const repo = contributionsRepo(ctx.db);
  const drafts = segmentTranscript(await repo.transcript(c.id));
  await repo.replaceStatements(c.id, drafts);
};
