import { conferences, spaces } from '$lib/api';
import { loadOrFail } from '$lib/load';
import { markConferenceOpen } from '$lib/perf';
import type { PageLoad } from './$types';

/**
 * Reads only: the visit (a write) and the digest that follows it start in the conference's view,
 * once it is on screen, because SvelteKit also runs this to preload a link the pointer rests on.
 */
export const load: PageLoad = async ({ params, url }) => {
  markConferenceOpen(); // a timing mark for the time to the digest (perf.ts), not a write
  return loadOrFail(url, async () => {
    // Your role decides the host links; the list of your spaces says it, fetched alongside.
    const [conference, mine] = await Promise.all([conferences.get(params.conferenceId), spaces.list()]);
    return { ...conference, role: mine.find((s) => s.id === conference.conference.spaceId)?.role ?? null };
  });
};
