import { error } from '@sveltejs/kit';
import { ApiError, candidate, errorMessage } from '$lib/api';
import type { CandidateLink } from '@colloquy/contract';
import type { PageLoad } from './$types';

/**
 * A candidate's interview link: the token in the address is the only credential (no account).
 * Unknown, malformed and withdrawn links are one answer (404 E_LINK_INVALID), which the page
 * explains itself; anything else (the server unreachable) is the link's own error page.
 */
export const load: PageLoad = async ({ params }) => {
  try {
    return { token: params.token, link: (await candidate.get(params.token)) as CandidateLink | null };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.code === 'E_LINK_INVALID')) return { token: params.token, link: null };
    error(err instanceof ApiError && err.status >= 400 ? err.status : 503, {
      message: errorMessage(err),
      code: err instanceof ApiError ? err.code : 'E_NETWORK',
    });
  }
};
