import { contributions } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params, url }) =>
  loadOrFail(url, async () => ({ contribution: await contributions.get(params.contributionId) }));
