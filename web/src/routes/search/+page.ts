import { ask, errorMessage, isUnauthorized, search } from '$lib/api';
import { loadOrFail, requireSignedIn } from '$lib/load';
import { readSearchForm, toAskScope, toSearchQuery } from '$lib/search-params';
import type { Answer, SearchHit } from '@colloquy/contract';
import type { PageLoad } from './$types';

/**
 * The form comes from the address. A search is waited for (it is quick); a question is started
 * here and shown when it comes (a model writes the answer), like the conference page's digest.
 * Failures other than a lost session are shown on the page, next to the form, not as an error page.
 */
export const load: PageLoad = async ({ url }) => {
  const form = readSearchForm(url.searchParams);
  if (!form.q) return { form, results: [] as SearchHit[], total: 0, error: null, answer: null };
  if (form.mode === 'ask') {
    await requireSignedIn(url);
    const answer: Promise<Answer> = ask(form.q, toAskScope(form));
    answer.catch(() => undefined); // the page shows this error; not an unhandled rejection
    return { form, results: [] as SearchHit[], total: 0, error: null, answer };
  }
  return loadOrFail(url, () =>
    search(toSearchQuery(form)).then(
      ({ results, total }) => ({ form, results, total, error: null as string | null, answer: null }),
      (err) => {
        if (isUnauthorized(err)) throw err;
        return { form, results: [] as SearchHit[], total: 0, error: errorMessage(err), answer: null };
      },
    ),
  );
};
