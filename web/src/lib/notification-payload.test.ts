import { describe, expect, it } from 'vitest';
import { readPayload } from './notification-payload';

describe("a notification's payload, as the page reads it", () => {
  it('keeps the fields it shows, with the types it shows them as', () => {
    const view = readPayload({
      conferenceId: 'c1',
      contributionId: 'k1',
      startMs: 1500,
      title: 'Budget',
      from: { userId: 'u1', name: 'Ada' },
      outside: { personId: null, name: 'Grace' },
    });
    expect(view).toMatchObject({
      conferenceId: 'c1',
      contributionId: 'k1',
      startMs: 1500,
      title: 'Budget',
      fromName: 'Ada',
      outsideName: 'Grace',
    });
    expect(view.items).toEqual([]);
  });

  it('leaves out what is missing or of another type, whatever the server sent', () => {
    const view = readPayload({ title: 7, startMs: '1500', from: 'Ada', outside: null, items: 'none' });
    expect(view.title).toBeUndefined();
    expect(view.startMs).toBeUndefined();
    expect(view.fromName).toBeUndefined();
    expect(view.outsideName).toBeUndefined();
    expect(view.items).toEqual([]);
  });

  it('reads each event of a burst, skipping items that are not objects', () => {
    const view = readPayload({ items: [{ statementId: 's1', text: 'first' }, 'junk', null, { statementId: 's2', excerpt: 'second' }] });
    expect(view.items.map((i) => [i.statementId, i.text ?? i.excerpt])).toEqual([
      ['s1', 'first'],
      ['s2', 'second'],
    ]);
  });
});
