import { redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/links';
import type { PageLoad } from './$types';

/** Already signed in: go where you were heading. */
export const load: PageLoad = async ({ parent, url }) => {
  const { user } = await parent();
  if (user) redirect(303, safeNext(url.searchParams.get('next')));
};
