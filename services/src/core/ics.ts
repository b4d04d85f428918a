/**
 * iCalendar (RFC 5545) files for agendas and interview invitations: CRLF line ends, lines folded
 * at 75 octets, text values escaped, times in UTC. Calendar apps are strict about all of these.
 */

export interface CalendarPerson {
  email: string;
  name?: string;
}

export interface CalendarEvent {
  /** Stable across updates of the same event, so a re-sent invite replaces the old one. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  organizer?: CalendarPerson;
  attendees?: CalendarPerson[];
  /** Increase when the same uid is sent again with changes. */
  sequence?: number;
  /** When the file was made; defaults to now. */
  stamp?: Date;
}

export interface CalendarOptions {
  /** REQUEST for invitations that ask for an answer, PUBLISH for a plain event to add. */
  method?: 'PUBLISH' | 'REQUEST' | 'CANCEL';
}

/** One VCALENDAR holding the given events, as the text of an `.ics` file. */
export function buildCalendar(events: CalendarEvent[], options: CalendarOptions = {}): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Colloquy//Colloquy//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${options.method ?? 'PUBLISH'}`,
  ];
  for (const event of events) lines.push(...eventLines(event));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

function eventLines(event: CalendarEvent): string[] {
  if (!(event.end.getTime() > event.start.getTime())) throw new Error('a calendar event must end after it starts');
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utcStamp(event.stamp ?? new Date())}`,
    `DTSTART:${utcStamp(event.start)}`,
    `DTEND:${utcStamp(event.end)}`,
    `SEQUENCE:${event.sequence ?? 0}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.url) lines.push(`URL:${event.url.replace(/[\r\n]/g, '')}`);
  if (event.organizer) lines.push(`ORGANIZER${personParams(event.organizer)}:mailto:${mailAddress(event.organizer)}`);
  for (const attendee of event.attendees ?? []) {
    lines.push(`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE${personParams(attendee)}:mailto:${mailAddress(attendee)}`);
  }
  lines.push('END:VEVENT');
  return lines;
}

/** 20261203T170000Z */
export function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT values: backslash, semicolon and comma escaped, newlines as \n (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

function personParams(person: CalendarPerson): string {
  if (!person.name) return '';
  // A parameter value is quoted; a quote cannot appear inside it at all.
  return `;CN="${person.name.replace(/["\r\n]/g, '')}"`;
}

function mailAddress(person: CalendarPerson): string {
  return person.email.replace(/[\s;:,"]/g, '');
}

/** Folds a content line at 75 octets (UTF-8), never inside a multi-byte character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // Continuation lines start with a space, which counts toward their 75 octets.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
