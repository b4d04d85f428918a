/** An agenda as Markdown and as an iCalendar event, with absolute links (PUBLIC_URL) to each cited moment. */
import type { Agenda, AgendaCitation, AgendaItem } from '@colloquy/contract';
import { AppError } from '../core/errors.ts';
import { buildCalendar } from '../core/ics.ts';
import { agendaLink, formatDuration, momentLink } from '../notify/links.ts';

const KIND_WORDS: Record<AgendaItem['kind'], string> = {
  question: 'Open question',
  proposal: 'Proposal',
  concern: 'Concern',
  decision: 'Decision to confirm',
  action: 'Action item',
  topic: 'Topic',
};

const at = (c: AgendaCitation) => formatDuration(c.startMs).replace(' ', '\u00a0');
const linkOf = (base: string, agenda: Agenda, c: AgendaCitation) =>
  momentLink(base, agenda.conferenceId, { contributionId: c.contributionId, statementId: c.statementId, startMs: c.startMs });

/** Markdown has no escape for everything; these characters are the ones that change a line's meaning. */
const md = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\s+/g, ' ');

export function agendaMarkdown(agenda: Agenda, base: string): string {
  const lines = [`# ${md(agenda.title)}`, ''];
  if (agenda.startsAt) lines.push(`${whenLine(agenda)}`, '');
  lines.push(`Agenda: ${agendaLink(base, agenda.conferenceId)}`, '');
  for (const [i, item] of agenda.items.entries()) {
    const mark = item.discussed === false ? ' (not discussed)' : '';
    lines.push(`${i + 1}. **${md(item.title)}** (${KIND_WORDS[item.kind]}${item.why ? `: ${md(item.why)}` : ''})${mark}`);
    for (const c of item.citations) {
      lines.push(`   - [${md(c.speaker ?? 'Someone')} at ${at(c)}](${linkOf(base, agenda, c)}): ${md(c.text)}`);
    }
    for (const c of item.discussedAt) lines.push(`   - Discussed: [${md(c.speaker ?? 'Someone')} at ${at(c)}](${linkOf(base, agenda, c)})`);
  }
  if (agenda.items.length === 0) lines.push('_No items._');
  return `${lines.join('\n')}\n`;
}

/** The live meeting as one event; 409 until the host chose its start and duration. */
export function agendaCalendar(agenda: Agenda, base: string): string {
  if (!agenda.startsAt || !agenda.durationMinutes) throw new AppError('E_AGENDA_NO_TIME');
  const start = new Date(agenda.startsAt);
  const description = [
    `Agenda: ${agendaLink(base, agenda.conferenceId)}`,
    '',
    ...agenda.items.flatMap((item, i) => [
      `${i + 1}. ${item.title} (${KIND_WORDS[item.kind]})`,
      ...item.citations.map((c) => `   ${c.speaker ?? 'Someone'} at ${formatDuration(c.startMs)}: ${linkOf(base, agenda, c)}`),
    ]),
  ].join('\n');
  return buildCalendar([
    {
      uid: `agenda-${agenda.id}@colloquy`,
      start,
      end: new Date(start.getTime() + agenda.durationMinutes * 60_000),
      summary: agenda.title,
      description,
      url: agendaLink(base, agenda.conferenceId),
      // Every saved change makes a later version of the same event.
      sequence: Math.max(0, Math.floor(new Date(agenda.updatedAt).getTime() / 1000) - 1_700_000_000),
    },
  ]);
}

function whenLine(agenda: Agenda): string {
  const start = new Date(agenda.startsAt!);
  const when = start.toISOString().replace('T', ' ').slice(0, 16);
  return `When: ${when} UTC${agenda.durationMinutes ? ` (${agenda.durationMinutes} min)` : ''}`;
}
