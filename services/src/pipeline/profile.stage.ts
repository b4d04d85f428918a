import { profilesRepo } from '../db/repos/profiles.repo.ts';
import { analyzeIfStale } from '../db/statistics.ts';
import type { Stage } from './context.ts';

/**
 * Refreshes the author's expertise profile in the space from all their statements there, and
 * keeps the planner's statistics fresh as the library grows (the last stage: everything is written).
 */
export const profileStage: Stage = async (c, ctx) => {
  if (c.author_id) await profilesRepo(ctx.db).refresh(c.space_id, c.author_id, ctx.ai.embedder.model);
  const analyzed = await analyzeIfStale(ctx.db);
  if (analyzed.length) ctx.log.info({ analyzed }, 'refreshed planner statistics');
};
