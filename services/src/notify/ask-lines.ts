import { quote } from '../core/text/quote.ts';
import type { Ask } from './asks.ts';
import { clock, escapeHtml, momentLink } from './links.ts';

const QUOTE_CHARS = 160;

export interface AskLine {
  text: string;
  link: string;
}

/** "You were asked: “Ben, can you…” (Ana, 1:05)", linked to the question's moment in the player. */
export function askLine(a: Ask, base: string, conferenceTitle?: string): AskLine {
  const who = [a.askedBy, conferenceTitle ? `in ${conferenceTitle}` : null, clock(a.startMs)].filter(Boolean).join(', ');
  const verb = a.kind === 'forward' ? 'You were forwarded' : 'You were asked';
  return {
    text: `${verb}: “${quote(a.text, QUOTE_CHARS)}” (${who})`,
    link: momentLink(base, a.conferenceId, { contributionId: a.contributionId, statementId: a.statementId, startMs: a.startMs }),
  };
}

export const askLinesText = (lines: AskLine[]) => lines.map((l) => `${l.text}\n  ${l.link}`);

export const askLinesHtml = (lines: AskLine[]) =>
  lines.length ? ['<ul>', ...lines.map((l) => `<li><a href="${escapeHtml(l.link)}">${escapeHtml(l.text)}</a></li>`), '</ul>'] : [];
