import { people, spaces } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params, url }) =>
  loadOrFail(url, async () => {
    const [{ space }, list] = await Promise.all([spaces.get(params.spaceId), people.list(params.spaceId)]);
    return { space, people: list };
  });
