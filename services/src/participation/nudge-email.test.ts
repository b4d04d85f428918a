import { describe, expect, it } from 'vitest';
import { askLine } from '../notify/ask-lines.ts';
import type { Ask } from '../notify/asks.ts';
import { renderDigestEmail } from '../notify/digest-email.ts';
import { renderNudgeEmail } from './nudge-email.ts';

const base = 'https://colloquy.example.org';
const ask: Ask = {
  userId: 'u-ben',
  kind: 'question',
  conferenceId: 'conf-1',
  statementId: 'st-9',
  contributionId: 'contrib-3',
  startMs: 65_400,
  text: 'Ben, does the <vendor> quote include support?',
  askedBy: 'Ana Lima',
  askedAt: new Date('2026-03-02T10:00:00Z'),
};

describe('askLine', () => {
  it('quotes the question with who asked, where and when, linked to its moment', () => {
    expect(askLine(ask, base, 'Pilot')).toEqual({
      text: 'You were asked: “Ben, does the <vendor> quote include support?” (Ana Lima, in Pilot, 1:05)',
      link: `${base}/c/conf-1/watch/contrib-3?t=65&s=st-9`,
    });
    expect(askLine({ ...ask, kind: 'forward', askedBy: null }, base).text).toBe(
      'You were forwarded: “Ben, does the <vendor> quote include support?” (1:05)',
    );
  });
});

describe('renderNudgeEmail', () => {
  it("quotes a host's nudge and what was asked, escaping HTML", () => {
    const mail = renderNudgeEmail(
      {
        recipient: 'Ben',
        conference: { id: 'conf-1', title: 'Pilot' },
        byName: 'Hana',
        message: 'Before Friday?',
        asks: [askLine(ask, base)],
      },
      base,
    );
    expect(mail.subject).toBe('Pilot: you were asked something (Colloquy)');
    expect(mail.text).toContain('Hana would like to hear from you in “Pilot”.');
    expect(mail.text).toContain('“Before Friday?”');
    expect(mail.text).toContain(
      `You were asked: “Ben, does the <vendor> quote include support?” (Ana Lima, 1:05)\n  ${base}/c/conf-1/watch/contrib-3?t=65&s=st-9`,
    );
    expect(mail.html).toContain('&lt;vendor&gt;');
    expect(mail.html).not.toContain('<vendor>');
  });

  it('invites someone with nothing open to contribute', () => {
    const mail = renderNudgeEmail({ recipient: 'Cy', conference: { id: 'conf-1', title: 'Pilot' }, byName: null, asks: [] }, base);
    expect(mail.subject).toBe('Pilot: your view is welcome (Colloquy)');
    expect(mail.text).toContain('A reminder from “Pilot”.');
    expect(mail.text).toContain('Nobody has heard from you there yet');
    expect(mail.text).not.toContain('You were asked');
  });
});

describe('the digest email', () => {
  it('opens with the "You were asked" lines, right after the greeting', () => {
    const digest = { spaceId: 's1', spaceName: 'Stores', since: null, unseenMs: 0, readingMs: 1000, conferences: [] };
    const mail = renderDigestEmail(digest, { name: 'Ben' }, base, [askLine(ask, base, 'Pilot')]);
    expect(mail.text.split('\n').slice(0, 4)).toEqual([
      'Hi Ben,',
      '',
      'You were asked: “Ben, does the <vendor> quote include support?” (Ana Lima, in Pilot, 1:05)',
      `  ${base}/c/conf-1/watch/contrib-3?t=65&s=st-9`,
    ]);
    expect(renderDigestEmail(digest, { name: 'Ben' }, base).text).not.toContain('You were asked');
  });
});
