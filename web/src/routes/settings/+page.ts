import { account, preferences } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) =>
  loadOrFail(url, async () => {
    const [prefs, sessions, tokens] = await Promise.all([preferences.get(), account.sessions(), account.tokens()]);
    return { preferences: prefs, sessions, tokens };
  });
