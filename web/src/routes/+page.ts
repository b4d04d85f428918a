import { spaces } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => loadOrFail(url, async () => ({ spaces: await spaces.list() }));
