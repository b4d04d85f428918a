import { conferences } from '$lib/api';
import { loadOrFail } from '$lib/load';
import { markConferenceOpen } from '$lib/perf';
import type { Digest } from '$lib/types';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url }) => {
  markConferenceOpen();
  const id = params.conferenceId;
  // The visit is recorded first (the digest covers what came since the one before); both start
  // now, alongside the conference, and the page shows the digest when it comes.
  const digest: Promise<Digest> = conferences
    .visit(id)
    .catch(() => undefined) // the digest is still worth showing
    .then(() => conferences.digest(id));
  digest.catch(() => undefined); // the page shows this error; not an unhandled rejection
  const { conference, contributions } = await loadOrFail(url, () => conferences.get(id));
  return { conference, contributions, digest };
};
