import { type AskLine, askLinesHtml, askLinesText } from '../notify/ask-lines.ts';
import { conferenceLink, escapeHtml } from '../notify/links.ts';
import type { RenderedEmail } from '../notify/notification-email.ts';

export interface NudgeMail {
  recipient: string;
  conference: { id: string; title: string };
  /** The host who clicked, or null for the scheduled reminder. */
  byName: string | null;
  message?: string;
  asks: AskLine[];
}

const FOOTER = 'You get nudges because of your Colloquy preferences: turn them off under Settings.';

/** A nudge: what the member was asked (each linked to its moment), or an invitation to add their view. */
export function renderNudgeEmail(n: NudgeMail, base: string): RenderedEmail {
  const title = n.conference.title;
  const link = conferenceLink(base, n.conference.id);
  const opening = n.byName ? `${n.byName} would like to hear from you in “${title}”.` : `A reminder from “${title}”.`;
  const invitation = n.asks.length
    ? 'A short reply, on video or in writing, keeps the conversation going:'
    : 'Nobody has heard from you there yet: your view would help. Add it whenever suits you:';
  const subject = (n.asks.length ? `${title}: you were asked something (Colloquy)` : `${title}: your view is welcome (Colloquy)`).replace(
    /\s+/g,
    ' ',
  );
  const text = [
    `Hi ${n.recipient},`,
    '',
    opening,
    ...(n.message ? ['', `“${n.message}”`] : []),
    ...(n.asks.length ? ['', ...askLinesText(n.asks)] : []),
    '',
    invitation,
    link,
    '',
    FOOTER,
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;max-width:40em">',
    `<p>Hi ${escapeHtml(n.recipient)},</p>`,
    `<p>${escapeHtml(opening)}</p>`,
    ...(n.message ? [`<blockquote>${escapeHtml(n.message)}</blockquote>`] : []),
    ...askLinesHtml(n.asks),
    `<p>${escapeHtml(invitation)} <a href="${escapeHtml(link)}">${escapeHtml(title)}</a></p>`,
    `<p style="color:#666;font-size:small">${escapeHtml(FOOTER)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
