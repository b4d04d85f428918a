import { auth } from '$lib/api';
import { loginHref } from '$lib/links';
import { redirect } from '@sveltejs/kit';
import type { User } from '@colloquy/contract';
import type { LayoutLoad } from './$types';

// A single-page app: pages render in the browser from the API's JSON (svelte.config.js).
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';

/**
 * Pages anyone may open: signing in, resetting a forgotten password, an outside expert's link and a
 * candidate's interview link (their token is the credential).
 */
const PUBLIC = [/^\/login$/, /^\/signup$/, /^\/password-reset$/, /^\/x\//, /^\/i\//];

export const load: LayoutLoad = async ({ url, depends }) => {
  depends('app:session');
  // Asked once and shared with the page's own load (lib/load.ts); 200 with null when signed out.
  const user: User | null = await auth.me();
  const isPublic = PUBLIC.some((re) => re.test(url.pathname));
  if (!user && !isPublic) redirect(303, loginHref(url.pathname + url.search));
  return { user };
};
