import { spaces } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params, url }) =>
  loadOrFail(url, async () => {
    const [{ space, members }, conferences] = await Promise.all([spaces.get(params.spaceId), spaces.conferences(params.spaceId)]);
    return { space, members, conferences };
  });
