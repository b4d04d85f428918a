import { conferences } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params, url }) => loadOrFail(url, () => conferences.get(params.conferenceId));
