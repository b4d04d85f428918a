import { preferences } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => loadOrFail(url, async () => ({ preferences: await preferences.get() }));
