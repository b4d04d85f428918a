/**
 * For +page.ts load functions: a 401 sends the reader to sign in (and back afterwards), any other
 * API error becomes SvelteKit's error page with the server's message.
 */
import { error, redirect } from '@sveltejs/kit';
import { ApiError, errorMessage, isUnauthorized } from './api';
import { loginHref } from './links';

export async function loadOrFail<T>(url: URL, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUnauthorized(err)) redirect(303, loginHref(url.pathname + url.search));
    if (err instanceof ApiError) error(err.status >= 400 ? err.status : 503, { message: errorMessage(err), code: err.code });
    throw err;
  }
}
