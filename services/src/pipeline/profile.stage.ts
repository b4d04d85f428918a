import { profilesRepo } from '../db/repos/profiles.repo.ts';
import type { Stage } from './context.ts';

/** Refreshes the author's expertise profile in the space from all their statements there. */
export const profileStage: Stage = async (c, ctx) => {
  if (!c.author_id) return;
  await profilesRepo(ctx.db).refresh(c.space_id, c.author_id, ctx.ai.embedder.model);
};
