import { describe, expect, it } from 'vitest';
import type { SpaceDigest } from '@colloquy/contract';
import { renderDigestEmail } from './digest-email.ts';
import { renderNotificationEmail } from './notification-email.ts';

const conf = '11111111-1111-4111-8111-111111111111';
const decision = {
  statementId: 'aaaaaaaa-0000-4000-8000-000000000001',
  contributionId: 'c1',
  conferenceId: conf,
  startMs: 65_400,
  endMs: 80_000,
  speaker: 'Ana',
  gist: 'Keep Android; freeze <new> features',
  act: 'decision',
};
const question = {
  statementId: 'aaaaaaaa-0000-4000-8000-000000000002',
  contributionId: 'c1',
  conferenceId: conf,
  startMs: 3_725_000,
  endMs: 3_730_000,
  speaker: null,
  gist: 'Who writes the notes?',
  act: 'question',
  answered: false,
};

const digest: SpaceDigest = {
  spaceId: 's1',
  spaceName: 'Product & Co',
  since: '2025-03-03T07:00:00.000Z',
  unseenMs: 754_000,
  readingMs: 45_000,
  conferences: [
    {
      conferenceId: conf,
      title: 'Roadmap <Q2>',
      digest: {
        conferenceId: conf,
        since: '2025-03-03T07:00:00.000Z',
        summary: [{ text: 'The team keeps the Android app.', statementIds: [decision.statementId] }],
        sections: [
          { key: 'decisions', title: 'Decisions', items: [decision] },
          { key: 'questions', title: 'Open questions', items: [question] },
          { key: 'other', title: 'Other', items: [] },
        ],
        contributionCount: 2,
        unseenMs: 754_000,
        readingMs: 45_000,
      },
    },
  ],
};

describe('renderDigestEmail', () => {
  const mail = renderDigestEmail(digest, { name: 'Ben' }, 'https://c.example.org');

  it('links every line to the second its statement starts at', () => {
    expect(mail.subject).toBe('Product & Co: 2 new contributions (Colloquy digest)');
    expect(mail.text).toContain(`https://c.example.org/c/${conf}/watch/${decision.contributionId}?t=65&s=${decision.statementId}`);
    expect(mail.text).toContain(`- Ana: Keep Android; freeze <new> features (1:05)`);
    expect(mail.text).toContain(`- Who writes the notes? (1:02:05) (unanswered)`);
    expect(mail.text).toContain('since Mon, 3 Mar 2025');
    expect(mail.text).toContain('12 min 34 s of video you have not watched; this digest reads in 45 s.');
    expect(mail.text).not.toContain('Other:'); // empty sections are left out
    expect(mail.html).toContain(
      `href="https://c.example.org/c/${conf}/watch/${question.contributionId}?t=3725&amp;s=${question.statementId}"`,
    );
  });

  it('escapes what people wrote in the HTML version', () => {
    expect(mail.html).toContain('Roadmap &lt;Q2&gt;');
    expect(mail.html).toContain('freeze &lt;new&gt; features');
    expect(mail.html).not.toContain('<new>');
  });
});

describe('renderNotificationEmail', () => {
  it('lists the items of a burst with their links', () => {
    const item = (title: string, statementId: string) => ({
      conferenceId: conf,
      contributionId: `c-${statementId}`,
      conferenceTitle: 'Roadmap',
      title,
      authorName: 'Ben',
      statementId,
      startMs: 0,
    });
    const mail = renderNotificationEmail(
      { kind: 'contribution', count: 2, payload: { ...item('One', 's1'), items: [item('One', 's1'), item('Two', 's2')] } },
      { name: 'Ana' },
      'http://localhost:3000',
    );
    expect(mail.subject).toBe('2 new contributions in "Roadmap"');
    expect(mail.text).toContain(`- Ben posted "One"\n  http://localhost:3000/c/${conf}/watch/c-s1?t=0&s=s1`);
    expect(mail.text).toContain('- Ben posted "Two"');
  });
});

describe('renderNotificationEmail for a forward', () => {
  it('names the forwarder and shows their note and the statement', () => {
    const payload = {
      conferenceId: conf,
      conferenceTitle: 'Roadmap',
      statementId: 's9',
      contributionId: 'c9',
      startMs: 4200,
      from: { userId: 'u', name: 'Olga' },
      note: 'Can you answer?',
      text: 'What about <Android>?',
    };
    const mail = renderNotificationEmail(
      { kind: 'forward', count: 1, payload: { ...payload, items: [payload] } },
      { name: 'Ben' },
      'http://localhost:3000',
    );
    expect(mail.subject).toBe('Olga forwarded you a statement in "Roadmap"');
    expect(mail.text).toContain(`  Note: Can you answer?\n  "What about <Android>?"\n  http://localhost:3000/c/${conf}/watch/c9?t=4&s=s9`);
    expect(mail.html).toContain('What about &lt;Android&gt;?');
  });
});

describe("renderNotificationEmail for an outside expert's answer", () => {
  it('opens the answer in the thread, not the forwarded statement', () => {
    const payload = {
      forwardId: 'f1',
      statementId: 'forwarded-statement',
      contributionId: 'answer',
      conferenceId: conf,
      conferenceTitle: 'Roadmap',
      title: 'Reply from Margaret',
      outside: { personId: 'p1', name: 'Margaret' },
    };
    const mail = renderNotificationEmail({ kind: 'reply', count: 1, payload }, { name: 'Ana' }, 'http://127.0.0.1:41234');
    expect(mail.text).toContain(`http://127.0.0.1:41234/c/${conf}#contribution-answer`);
    expect(mail.text).not.toContain('forwarded-statement');
  });
});
