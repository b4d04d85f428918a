import { expert } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

/** An outside expert's link: the token in the address is the only credential (no account). */
export const load: PageLoad = ({ params, url }) => loadOrFail(url, async () => ({ link: await expert.get(params.token), token: params.token }));
