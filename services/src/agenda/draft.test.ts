import { describe, expect, it } from 'vitest';
import { draftItems, type DraftStatement } from './draft.ts';

const now = new Date('2026-12-03T12:00:00Z');
let seq = 0;
function st(over: Partial<DraftStatement> & Pick<DraftStatement, 'text' | 'act'>): DraftStatement {
  seq++;
  return {
    id: `s${seq}`,
    contributionId: 'c1',
    contributionCreatedAt: new Date('2026-12-01T12:00:00Z'),
    seq,
    speaker: 'Ana',
    gist: null,
    topics: [],
    embedding: null,
    reactions: {},
    responders: [],
    answered: false,
    ...over,
  };
}

describe('draftItems', () => {
  it('lists unanswered questions and undecided proposals, not answered or decided ones', () => {
    const items = draftItems(
      [
        st({ text: 'Who will test the payment flow with real cards?', act: 'question' }),
        st({ text: 'When do we ship the tablet version to customers?', act: 'question', answered: true }),
        st({ text: 'We could move the launch to the second week of April.', act: 'proposal', topics: ['launch'] }),
        st({ text: 'Should the export include the raw media files as well?', act: 'proposal', topics: ['export'] }),
        st({ text: 'Okay, we launch in the second week of April then.', act: 'decision', topics: ['launch'], reactions: { agree: 3 } }),
      ],
      { now, maxItems: 10 },
    );
    expect(items.map((i) => [i.kind, i.statementIds])).toEqual([
      ['question', ['s1']],
      ['proposal', ['s4']],
    ]);
    expect(items[0].title).toBe('Who will test the payment flow with real cards?');
    expect(items[0].why).toContain('not answered');
  });

  it('orders by reactions and the people who spoke to it, and keeps to the size asked', () => {
    const quiet = st({ text: 'Do we need a second reviewer for every interview answer?', act: 'question', contributionId: 'a' });
    const loud = st({
      text: 'Should the digest email go out on Mondays instead of Fridays?',
      act: 'question',
      contributionId: 'b',
      reactions: { important: 2, agree: 1 },
      responders: ['u1', 'u2', 'u3'],
    });
    const items = draftItems([quiet, loud], { now, maxItems: 1 });
    expect(items).toHaveLength(1);
    expect(items[0].statementIds).toEqual([loud.id]);
    expect(items[0].why).toMatch(/3 people spoke to it · 3 reactions · 2 days old/);
  });

  it('a decision agreed by two people needs no confirmation; one that was not does', () => {
    const items = draftItems(
      [
        st({
          text: 'We drop the Android app and focus on the web version.',
          act: 'decision',
          reactions: { agree: 2 },
          contributionId: 'x',
        }),
        st({ text: 'We switch the nightly backups to the new storage bucket.', act: 'decision', contributionId: 'y' }),
      ],
      { now, maxItems: 10 },
    );
    expect(items.map((i) => [i.kind, i.why.split(' · ')[0]])).toEqual([['decision', 'needs confirmation']]);
  });
});
