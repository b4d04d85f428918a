import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine } from './ics.ts';

const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('buildCalendar', () => {
  const event = {
    uid: 'agenda-1@colloquy',
    start: new Date('2026-12-10T15:00:00Z'),
    end: new Date('2026-12-10T16:00:00Z'),
    stamp: new Date('2026-12-03T17:00:00Z'),
    summary: 'Weekly sync; remote control, v2',
    description: 'Open questions:\n1. Which battery?\n   https://example.org/c/1?t=62',
    location: 'https://meet.example.org/abc',
    organizer: { email: 'host@example.org', name: 'Ann "Host"' },
    attendees: [{ email: 'bob@example.org', name: 'Bob' }],
  };

  it('writes CRLF lines, UTC times and escaped text that calendar apps accept', () => {
    const ics = buildCalendar([event], { method: 'REQUEST' });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = unfold(ics).split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('METHOD:REQUEST');
    expect(lines).toContain('DTSTART:20261210T150000Z');
    expect(lines).toContain('DTEND:20261210T160000Z');
    expect(lines).toContain('DTSTAMP:20261203T170000Z');
    expect(lines).toContain('SUMMARY:Weekly sync\\; remote control\\, v2');
    expect(lines).toContain('DESCRIPTION:Open questions:\\n1. Which battery?\\n   https://example.org/c/1?t=62');
    expect(lines).toContain('ORGANIZER;CN="Ann Host":mailto:host@example.org');
    expect(lines.some((l) => l.startsWith('ATTENDEE;') && l.endsWith(':mailto:bob@example.org'))).toBe(true);
  });

  it('refuses an event that ends before it starts', () => {
    expect(() => buildCalendar([{ ...event, end: event.start }])).toThrow(/end after/);
  });
});

describe('foldLine', () => {
  it('keeps every physical line within 75 octets without splitting a character', () => {
    const line = `DESCRIPTION:${'Überprüfung der Fernbedienung — '.repeat(12)}`;
    const folded = foldLine(line);
    for (const physical of folded.split('\r\n')) expect(Buffer.byteLength(physical, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('leaves a short line alone', () => {
    expect(foldLine('SUMMARY:hi')).toBe('SUMMARY:hi');
  });
});

describe('escapeText', () => {
  it('escapes backslashes before the characters it escapes with them', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });
});
