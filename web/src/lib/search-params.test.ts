import { describe, expect, it } from 'vitest';
import {
  dayBound,
  EMPTY_FORM,
  groupByContribution,
  hasFilters,
  readSearchForm,
  searchFormHref,
  toAskScope,
  toSearchQuery,
} from './search-params';

const SPACE = '11111111-1111-4111-8111-111111111111';
const CONF = '22222222-2222-4222-8222-222222222222';

describe('the search form in the address', () => {
  it('reads what is there and drops what is malformed', () => {
    const form = readSearchForm(
      new URLSearchParams(`q=%20pricing%20&mode=ask&space=${SPACE}&conference=nope&speaker=Ana&from=2025-01-31&to=31/01/2025`),
    );
    expect(form).toEqual({ ...EMPTY_FORM, q: 'pricing', mode: 'ask', space: SPACE, speaker: 'Ana', from: '2025-01-31' });
    expect(readSearchForm(new URLSearchParams('mode=other')).mode).toBe('search');
  });

  it('writes only what is set, a conference winning over its space, and reads back the same', () => {
    const form = { ...EMPTY_FORM, q: ' why android ', space: SPACE, conference: CONF, label: 'decision', to: '2025-02-01' };
    const href = searchFormHref(form);
    expect(href).toBe(`/search?q=why+android&conference=${CONF}&label=decision&to=2025-02-01`);
    expect(readSearchForm(new URL(href, 'http://x').searchParams)).toEqual({ ...form, q: 'why android', space: '' });
    expect(searchFormHref(EMPTY_FORM)).toBe('/search');
    expect(hasFilters(EMPTY_FORM)).toBe(false);
    expect(hasFilters({ ...EMPTY_FORM, speaker: 'Ben' })).toBe(true);
  });

  it('turns days into the bounds of the reader’s days, both ends included', () => {
    const from = new Date(dayBound('2025-03-10', false)!);
    const to = new Date(dayBound('2025-03-10', true)!);
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours(), from.getMinutes()]).toEqual([2025, 2, 10, 0, 0]);
    expect([to.getDate(), to.getHours(), to.getMinutes(), to.getSeconds()]).toEqual([10, 23, 59, 59]);
    expect(dayBound('tomorrow', false)).toBeUndefined();
  });

  it('makes the API queries: filters for a search, the scope alone for a question', () => {
    const form = { ...EMPTY_FORM, q: 'pricing', space: SPACE, speaker: 'Ana', label: 'decision', from: '2025-01-01' };
    expect(toSearchQuery(form, 10)).toEqual({
      q: 'pricing',
      space: SPACE,
      speaker: 'Ana',
      label: 'decision',
      from: dayBound('2025-01-01', false),
      limit: 10,
    });
    expect(toAskScope(form)).toEqual({ space: SPACE });
    expect(toAskScope({ ...form, conference: CONF })).toEqual({ conference: CONF });
    expect(toAskScope(EMPTY_FORM)).toEqual({});
  });

  it('groups hits by contribution in rank order: groups by their best hit, the best hit leads its group', () => {
    const hits = [
      { contributionId: 'b', startMs: 9000, id: 1 },
      { contributionId: 'a', startMs: 5000, id: 2 },
      { contributionId: 'b', startMs: 1000, id: 3 },
    ];
    expect(groupByContribution(hits).map((g) => [g.contributionId, g.hits.map((h) => h.id)])).toEqual([
      ['b', [1, 3]],
      ['a', [2]],
    ]);
  });
});
