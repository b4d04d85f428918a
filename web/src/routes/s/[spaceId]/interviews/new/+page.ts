import { errorMessage, interviews, spaces } from '$lib/api';
import { loadOrFail } from '$lib/load';
import type { QuestionSet } from '@colloquy/contract';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params, url }) =>
  loadOrFail(url, async () => {
    // Templates are a convenience: the builder still works from scratch when they cannot be listed.
    const templates = interviews.templates(params.spaceId).then(
      (list): { list: QuestionSet[]; error: string | null } => ({ list, error: null }),
      (err) => ({ list: [], error: errorMessage(err) }),
    );
    const [{ space }, t] = await Promise.all([spaces.get(params.spaceId), templates]);
    return { space, templates: t.list, templatesError: t.error };
  });
