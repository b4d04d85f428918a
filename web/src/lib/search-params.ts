/**
 * The search page's form as it lives in the address (/search?q=…&mode=ask&conference=…), so a
 * search or a question can be reloaded, shared and gone back to. Pure functions, no state.
 */
import type { AskBody, Id, SearchQuery } from '@colloquy/contract';
import type { QueryOf } from './query-of';

export type SearchMode = 'search' | 'ask';

export interface SearchForm {
  q: string;
  mode: SearchMode;
  /** A whole space… */
  space: Id;
  /** …or one conference (wins over space). */
  conference: Id;
  speaker: string;
  /** An act (question, decision, …) or a topic tag. */
  label: string;
  /** Contribution dates, YYYY-MM-DD in the reader's time zone, both ends included. */
  from: string;
  to: string;
}

export const EMPTY_FORM: SearchForm = { q: '', mode: 'search', space: '', conference: '', speaker: '', label: '', from: '', to: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the address asks for; anything malformed is left out rather than sent to the API. */
export function readSearchForm(params: URLSearchParams): SearchForm {
  const text = (key: string, max: number) => (params.get(key) ?? '').trim().slice(0, max);
  const id = (key: string) => (UUID.test(params.get(key) ?? '') ? params.get(key)! : '');
  const day = (key: string) => (DAY.test(params.get(key) ?? '') ? params.get(key)! : '');
  return {
    q: text('q', 1000),
    mode: params.get('mode') === 'ask' ? 'ask' : 'search',
    space: id('space'),
    conference: id('conference'),
    speaker: text('speaker', 200),
    label: text('label', 100),
    from: day('from'),
    to: day('to'),
  };
}

/** The address of a form: only the fields that are set, in a stable order. */
export function searchFormHref(form: SearchForm): string {
  const params = new URLSearchParams();
  if (form.q.trim()) params.set('q', form.q.trim());
  if (form.mode === 'ask') params.set('mode', 'ask');
  if (form.conference) params.set('conference', form.conference);
  else if (form.space) params.set('space', form.space);
  for (const key of ['speaker', 'label', 'from', 'to'] as const) if (form[key].trim()) params.set(key, form[key].trim());
  const s = params.toString();
  return s ? `/search?${s}` : '/search';
}

/** Whether any filter narrows the search (the question alone does not count). */
export const hasFilters = (form: SearchForm) =>
  Boolean(form.space || form.conference || form.speaker || form.label || form.from || form.to);

/** A day's start (from) or end (to) in the reader's time zone, as the API's ISO date-time. */
export function dayBound(day: string, end: boolean): string | undefined {
  if (!DAY.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  const date = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** GET /api/search's query for a form. */
export function toSearchQuery(form: SearchForm, limit = 40): QueryOf<typeof SearchQuery, 'q'> {
  return {
    q: form.q,
    ...(form.conference ? { conference: form.conference } : form.space ? { space: form.space } : {}),
    ...(form.speaker ? { speaker: form.speaker } : {}),
    ...(form.label ? { label: form.label } : {}),
    ...(form.from ? { from: dayBound(form.from, false) } : {}),
    ...(form.to ? { to: dayBound(form.to, true) } : {}),
    limit,
  };
}

/** POST /api/ask's scope for a form (the API takes no speaker, label or dates for a question). */
export const toAskScope = (form: SearchForm): Omit<AskBody, 'question'> =>
  form.conference ? { conference: form.conference } : form.space ? { space: form.space } : {};

/**
 * Hits grouped by contribution, in the API's rank order: groups in the order of their best hit,
 * and within a group best first, so the best hit of all is the first line on the page.
 */
export function groupByContribution<T extends { contributionId: Id }>(hits: T[]): { contributionId: Id; hits: T[] }[] {
  const groups = new Map<Id, T[]>();
  for (const hit of hits) {
    const group = groups.get(hit.contributionId);
    if (group) group.push(hit);
    else groups.set(hit.contributionId, [hit]);
  }
  return [...groups].map(([contributionId, list]) => ({ contributionId, hits: list }));
}
