import { notifications } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => loadOrFail(url, () => notifications.list({ limit: 100 }));
