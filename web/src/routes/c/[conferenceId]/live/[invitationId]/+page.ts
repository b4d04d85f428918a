import { error } from '@sveltejs/kit';
import { interviews, liveRound } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url }) => {
  const loaded = await loadOrFail(url, async () => {
    const [interview, review, guide, combined] = await Promise.all([
      interviews.get(params.conferenceId),
      interviews.review(params.conferenceId),
      liveRound.guide(params.conferenceId),
      liveRound.combined(params.invitationId),
    ]);
    return { interview, review, guide, combined };
  });
  const candidate = loaded.review.candidates.find((c) => c.invitationId === params.invitationId);
  if (!candidate) error(404, { message: 'This candidate is not part of this opening.', code: 'E_NOT_FOUND' });
  // Live scores exist only once the candidate is advanced.
  const scores = loaded.combined.liveRound ? await loadOrFail(url, () => liveRound.scores(params.invitationId)) : null;
  return { ...loaded, candidate, scores };
};
