import { spaces, webhooks } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params, url }) =>
  loadOrFail(url, async () => {
    const [{ space }, hooks] = await Promise.all([spaces.get(params.spaceId), webhooks.list(params.spaceId)]);
    return { space, webhooks: hooks };
  });
