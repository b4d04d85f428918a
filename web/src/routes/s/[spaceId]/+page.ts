import { spaces } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { SpaceDigest } from '@colloquy/contract';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params, url }) =>
  loadOrFail(url, async () => {
    // The digest takes longest: it starts now and the page shows it when it comes.
    const digest: Promise<SpaceDigest> = spaces.digest(params.spaceId);
    digest.catch(() => undefined); // the page shows this error; not an unhandled rejection
    const [{ space, members }, conferences] = await Promise.all([spaces.get(params.spaceId), spaces.conferences(params.spaceId)]);
    return { space, members, conferences, digest };
  });
