import { error } from '@sveltejs/kit';
import { interviews, invitations } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

// Depends on the path only: ?answer=, ?t= and ?s= are read by the page, so moving between answers
// and seconds does not fetch the review again (nor reset a draft being written).
export const load: PageLoad = async ({ params, url }) => {
  const { interview, review, scores } = await loadOrFail(url, async () => {
    const [interview, review, scores] = await Promise.all([
      interviews.get(params.conferenceId),
      interviews.review(params.conferenceId),
      invitations.scores(params.invitationId),
    ]);
    return { interview, review, scores };
  });
  const candidate = review.candidates.find((c) => c.invitationId === params.invitationId);
  if (!candidate) error(404, { message: 'This candidate is not part of this opening.', code: 'E_NOT_FOUND' });
  return { interview, questions: review.questions, criteria: review.criteria, candidate, scores };
};
