import { conferences, participation } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params, url }) =>
  loadOrFail(url, async () => {
    const [conference, report] = await Promise.all([conferences.get(params.conferenceId), participation.get(params.conferenceId)]);
    return { conference: conference.conference, participation: report };
  });
