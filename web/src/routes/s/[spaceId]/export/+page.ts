import { exports, spaces } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params, url }) =>
  loadOrFail(url, async () => {
    const [{ space }, conferences, mine] = await Promise.all([
      spaces.get(params.spaceId),
      spaces.conferences(params.spaceId),
      exports.list(),
    ]);
    return { space, conferences, exports: mine.filter((e) => e.spaceId === params.spaceId) };
  });
