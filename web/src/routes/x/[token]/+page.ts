import { error } from '@sveltejs/kit';
import { ApiError, errorMessage, expert } from '$lib/api';
import type { ExpertLink } from '@colloquy/contract';
import type { PageLoad } from './$types';

/**
 * An outside expert's link: the token in the address is the only credential (no account, no
 * sign-in). An unknown, expired or revoked link is one answer (404 E_LINK_INVALID): the page
 * says so itself rather than showing the app's error page with its links into the app.
 */
export const load: PageLoad = async ({ params }) => {
  try {
    return { token: params.token, link: (await expert.get(params.token)) as ExpertLink | null, removed: false };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.code === 'E_LINK_INVALID'))
      return { token: params.token, link: null, removed: false };
    // Its statement was deleted or hidden by the conference's hosts (410 E_LINK_REMOVED).
    if (err instanceof ApiError && err.code === 'E_LINK_REMOVED') return { token: params.token, link: null, removed: true };
    error(err instanceof ApiError && err.status >= 400 ? err.status : 503, {
      message: errorMessage(err),
      code: err instanceof ApiError ? err.code : 'E_NETWORK',
    });
  }
};
