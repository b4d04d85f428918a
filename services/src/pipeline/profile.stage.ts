import { profilesRepo } from '../db/repos/profiles.repo.ts';
import { speakersRepo } from '../db/repos/speakers.repo.ts';
import { analyzeIfStale } from '../db/statistics.ts';
import type { Stage } from './context.ts';

/**
 * Refreshes the expertise profiles of everyone who spoke in it (the author, and the members its
 * transcript speakers are linked to) from all their statements in the space, and
 * keeps the planner's statistics fresh as the library grows (the last stage: everything is written).
 */
export const profileStage: Stage = async (c, ctx) => {
  const speakers = (await speakersRepo(ctx.db).linksOf(c.id)).map((l) => l.user_id);
  for (const userId of new Set([c.author_id, ...speakers]))
    if (userId) await profilesRepo(ctx.db).refresh(c.space_id, userId, ctx.ai.embedder.model);
  const analyzed = await analyzeIfStale(ctx.db);
  if (analyzed.length) ctx.log.info({ analyzed }, 'refreshed planner statistics');
};
