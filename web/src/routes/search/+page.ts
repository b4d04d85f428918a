import { search } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => {
  const q = url.searchParams.get('q')?.trim() ?? '';
  return loadOrFail(url, async () => ({ q, results: q ? await search({ q, limit: 30 }) : [] }));
};
