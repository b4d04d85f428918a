import type { SpaceDigest } from '@colloquy/contract';
import { clock, conferenceLink, escapeHtml, formatDuration, momentLink } from './links.ts';
import { type AskLine, askLinesHtml, askLinesText } from './ask-lines.ts';
import type { RenderedEmail } from './notification-email.ts';

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

interface Rendered {
  title: string;
  link: string;
  summary: { text: string; link: string }[];
  sections: { title: string; lines: { text: string; link: string }[] }[];
}

/** Every line of the email links to the second its statement starts at. */
function shape(d: SpaceDigest, base: string): Rendered[] {
  return d.conferences.map(({ conferenceId, title, digest }) => {
    const items = new Map(digest.sections.flatMap((s) => s.items.map((i) => [i.statementId, i] as const)));
    const at = (i: { contributionId: string; statementId: string; startMs: number }) => momentLink(base, conferenceId, i);
    return {
      title,
      link: conferenceLink(base, conferenceId),
      summary: digest.summary.map((sentence) => {
        const cited = sentence.statementIds.map((id) => items.get(id)).find(Boolean);
        return { text: sentence.text, link: cited ? at(cited) : conferenceLink(base, conferenceId) };
      }),
      sections: digest.sections
        .filter((s) => s.items.length > 0)
        .map((s) => ({
          title: s.title,
          lines: s.items.map((i) => ({
            text: `${i.speaker ? `${i.speaker}${i.outside ? ' (outside expert)' : ''}: ` : i.outside ? 'Outside expert: ' : ''}${i.gist} (${clock(i.startMs)})${i.answered === true ? ' (answered)' : i.answered === false ? ' (unanswered)' : ''}`,
            link: at(i),
          })),
        })),
    };
  });
}

export function digestTotals(d: SpaceDigest) {
  return {
    conferenceCount: d.conferences.length,
    contributionCount: d.conferences.reduce((n, c) => n + c.digest.contributionCount, 0),
    unseenMs: d.unseenMs,
    readingMs: d.readingMs,
  };
}

/**
 * A plain-text and a simple HTML email of a space digest. It opens with what the reader was asked
 * and has not answered yet ("You were asked: …", each linked to the question's moment).
 */
export function renderDigestEmail(d: SpaceDigest, recipient: { name: string }, base: string, asks: AskLine[] = []): RenderedEmail {
  const totals = digestTotals(d);
  const when = d.since ? `since ${day(d.since)}` : 'lately';
  const news = totals.contributionCount === 1 ? '1 new contribution' : `${totals.contributionCount} new contributions`;
  const subject = `${d.spaceName}: ${news} (Colloquy digest)`.replace(/\s+/g, ' ');
  const intro = `Here is what happened in ${d.spaceName} ${when}.`;
  const time = `${formatDuration(d.unseenMs)} of video you have not watched; this digest reads in ${formatDuration(d.readingMs)}.`;
  const conferences = shape(d, base);

  const text = [
    `Hi ${recipient.name},`,
    '',
    ...(asks.length ? [...askLinesText(asks), ''] : []),
    intro,
    time,
    ...conferences.flatMap((c) => [
      '',
      `== ${c.title} ==`,
      c.link,
      ...(c.summary.length ? ['', ...c.summary.map((s) => `${s.text}\n  ${s.link}`)] : []),
      ...c.sections.flatMap((s) => ['', `${s.title}:`, ...s.lines.map((l) => `- ${l.text}\n  ${l.link}`)]),
    ]),
    '',
    'You get this digest because of your Colloquy preferences (daily, weekly or off).',
    '',
  ].join('\n');

  const a = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;max-width:40em">',
    `<p>Hi ${escapeHtml(recipient.name)},</p>`,
    ...askLinesHtml(asks),
    `<p>${escapeHtml(intro)}<br>${escapeHtml(time)}</p>`,
    ...conferences.flatMap((c) => [
      `<h2>${a(c.link, c.title)}</h2>`,
      ...(c.summary.length ? [`<p>${c.summary.map((s) => `${escapeHtml(s.text)} ${a(s.link, '▶')}`).join(' ')}</p>`] : []),
      ...c.sections.flatMap((s) => [
        `<h3>${escapeHtml(s.title)}</h3>`,
        '<ul>',
        ...s.lines.map((l) => `<li>${a(l.link, l.text)}</li>`),
        '</ul>',
      ]),
    ]),
    '<p style="color:#666;font-size:small">You get this digest because of your Colloquy preferences (daily, weekly or off).</p>',
    '</body></html>',
  ].join('\n');

  return { subject, text, html };
}
