/**
 * For +page.ts load functions: a visitor who is not signed in goes to sign in (and back afterwards)
 * before anything is asked of the server, a 401 does the same, and any other API error becomes
 * SvelteKit's error page with the server's message.
 */
import { error, redirect } from '@sveltejs/kit';
import { ApiError, auth, errorMessage, isUnauthorized } from './api';
import { loginHref } from './links';

/**
 * Signed out: straight to sign-in. SvelteKit runs a page's load beside the layout's (which also
 * redirects), so without this a page would first ask for its data and get a 401, which the
 * browser reports as an error in the console. `auth.me()` is asked once and shared.
 */
export async function requireSignedIn(url: URL): Promise<void> {
  if (!(await auth.me())) redirect(303, loginHref(url.pathname + url.search));
}

export async function loadOrFail<T>(url: URL, fn: () => Promise<T>): Promise<T> {
  try {
    await requireSignedIn(url);
    return await fn();
  } catch (err) {
    if (isUnauthorized(err)) {
      auth.forget(); // signed out elsewhere (revoked, expired): the next page asks again
      redirect(303, loginHref(url.pathname + url.search));
    }
    if (err instanceof ApiError) error(err.status >= 400 ? err.status : 503, { message: errorMessage(err), code: err.code });
    throw err;
  }
}
