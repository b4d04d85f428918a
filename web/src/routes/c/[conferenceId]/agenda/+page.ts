import { agendas, conferences, spaces } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

/** The conference (its contributions, to link the live meeting), your role in its space, and its agenda. */
export const load: PageLoad = ({ params, url }) =>
  loadOrFail(url, async () => {
    const [conference, mine, agenda] = await Promise.all([
      conferences.get(params.conferenceId),
      spaces.list(),
      agendas.get(params.conferenceId),
    ]);
    return { ...conference, agenda, role: mine.find((s) => s.id === conference.conference.spaceId)?.role ?? null };
  });
