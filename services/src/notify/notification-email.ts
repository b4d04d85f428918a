import { agendaLink, conferenceLink, escapeHtml, momentLink, threadLink } from './links.ts';

/**
 * The email for one notification (a burst arrives as one email listing its items). Payload fields
 * are read defensively: forwards are notified by another module with fields of its own.
 */
export interface NotificationForEmail {
  kind: string;
  count: number;
  payload: Record<string, unknown> & { items?: Record<string, unknown>[] };
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const MAX_ITEMS = 10;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

interface Line {
  text: string;
  link: string | null;
  quote: string | null;
  note: string | null;
}

/** Who did it: an author, a forwarder ({from: {name}}) or an outside expert ({outside: {name}}). */
const nameOf = (o: unknown) => (o && typeof o === 'object' ? str((o as Record<string, unknown>).name) : null);
const actor = (item: Record<string, unknown>) =>
  str(item.authorName) ?? str(item.fromName) ?? nameOf(item.from) ?? nameOf(item.outside) ?? 'Someone';

/**
 * Where one event leads, as on the notifications page: an outside expert's answer opens in the
 * thread (its statementId is the forwarded statement, not the answer); anything else with a
 * contribution opens the player at its statement's second.
 */
function linkFor(kind: string, item: Record<string, unknown>, base: string): string | null {
  const conferenceId = str(item.conferenceId);
  const contributionId = str(item.contributionId);
  if (!conferenceId) return null;
  if (kind === 'agenda') return agendaLink(base, conferenceId);
  if (!contributionId) return conferenceLink(base, conferenceId);
  if (kind === 'reply' && str(item.forwardId)) return threadLink(base, conferenceId, contributionId);
  return momentLink(base, conferenceId, {
    contributionId,
    statementId: str(item.statementId) ?? undefined,
    startMs: num(item.startMs) ?? 0,
  });
}

function lineFor(kind: string, item: Record<string, unknown>, base: string): Line {
  const link = linkFor(kind, item, base);
  const who = actor(item);
  const title = str(item.title);
  const quote = str(item.excerpt) ?? str(item.text) ?? str(item.gist);
  const what = title ? `"${title}"` : 'a contribution';
  const text =
    kind === 'reply'
      ? `${who} replied with ${what}`
      : kind === 'mention'
        ? `${who} mentioned you in ${what}`
        : kind === 'agenda'
          ? `${who} published the agenda ${what} for the next live meeting`
          : kind === 'forward'
            ? `${who} forwarded you a statement${str(item.speaker) ? ` by ${str(item.speaker)}` : ''}`
            : `${who} posted ${what}`;
  return { text, link, quote, note: str(item.note) };
}

function subjectFor(n: NotificationForEmail): string {
  const first = n.payload.items?.[0] ?? n.payload;
  const conference = str(first.conferenceTitle) ?? str(n.payload.conferenceTitle);
  const inConference = conference ? ` in "${conference}"` : '';
  const who = actor(first);
  const many = n.count > 1;
  switch (n.kind) {
    case 'contribution':
      return many ? `${n.count} new contributions${inConference}` : `New${inConference}: ${str(first.title) ?? 'a contribution'}`;
    case 'reply':
      return many ? `${n.count} replies to you${inConference}` : `${who} replied to you${inConference}`;
    case 'mention':
      return many ? `You were mentioned ${n.count} times${inConference}` : `${who} mentioned you${inConference}`;
    case 'agenda':
      return `Agenda for the next live meeting${inConference}: ${str(first.title) ?? 'published'}`;
    case 'forward':
      return many ? `${n.count} statements forwarded to you` : `${who} forwarded you a statement${inConference}`;
    default:
      return 'New activity in Colloquy';
  }
}

export function renderNotificationEmail(n: NotificationForEmail, recipient: { name: string }, base: string): RenderedEmail {
  const items = (n.payload.items?.length ? n.payload.items : [n.payload]).slice(-MAX_ITEMS);
  const lines = items.map((item) => lineFor(n.kind, item, base));
  const more = n.count > items.length ? n.count - items.length : 0;
  const subject = subjectFor(n).replace(/\s+/g, ' ').slice(0, 200);
  const footer = 'You get this email because of your Colloquy preferences (which notifications also come by email).';

  const text = [
    `Hi ${recipient.name},`,
    '',
    `${subject}.`,
    '',
    ...lines.flatMap((l) => [
      `- ${l.text}`,
      ...(l.note ? [`  Note: ${l.note}`] : []),
      ...(l.quote ? [`  "${l.quote}"`] : []),
      ...(l.link ? [`  ${l.link}`] : []),
    ]),
    ...(more ? [`… and ${more} more.`] : []),
    '',
    footer,
    '',
  ].join('\n');

  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>Hi ${escapeHtml(recipient.name)},</p>`,
    `<p><strong>${escapeHtml(subject)}</strong></p>`,
    '<ul>',
    ...lines.map(
      (l) =>
        `<li>${l.link ? `<a href="${escapeHtml(l.link)}">${escapeHtml(l.text)}</a>` : escapeHtml(l.text)}` +
        `${l.note ? `<br>Note: ${escapeHtml(l.note)}` : ''}${l.quote ? `<br><q>${escapeHtml(l.quote)}</q>` : ''}</li>`,
    ),
    '</ul>',
    more ? `<p>… and ${more} more.</p>` : '',
    `<p style="color:#666;font-size:small">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');

  return { subject, text, html };
}
