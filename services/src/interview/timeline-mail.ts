/**
 * The candidate is told the timeline at each step: their answers are received, they advance to
 * the live round (with a fresh link to pick a slot), or the process ends for them (the opening's
 * ending text, a respectful default until a host edits it). Each email is queued in the
 * transaction that made the step, so it exists exactly when the step does.
 */
import type { Queryable } from '../db/db.ts';
import { invitationsRepo, type InvitationMailRow } from '../db/repos/invitations.repo.ts';
import { escapeHtml } from '../notify/links.ts';
import { enqueueEmail } from '../notify/outbox.ts';
import type { Services } from '../services.ts';
import { candidatePageUrl, mintInvitationToken } from './invitation-links.ts';

export const DEFAULT_ENDING_TEXT =
  'Thank you for the time and care you put into your interview. After careful consideration, we have decided not to move forward with your application for this role. ' +
  'This is no judgement of your worth: we had to choose among many strong candidates. We wish you every success, and you are welcome to apply for future openings.';

export type TimelineKind = 'interview-received' | 'interview-advanced' | 'interview-ended';

const subjectLine = (s: string) => s.replace(/\s+/g, ' ').slice(0, 200);
const paragraphs = (lines: string[]) => lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');

/** The text and HTML of one timeline email; `link` is the slot picker for an advanced candidate. */
export function renderTimelineEmail(ctx: InvitationMailRow, kind: TimelineKind, link?: string) {
  const hello = `Hello ${ctx.candidate_name},`;
  const contact = ctx.contact_email ? `Questions? Write to ${ctx.contact_email}.` : null;
  let subject: string;
  let body: string[];
  if (kind === 'interview-received') {
    subject = `We received your answers: ${ctx.title}`;
    body = [
      `Thank you: ${ctx.space_name} has received your answers for "${ctx.title}".`,
      ctx.timeline ? `What happens next: ${ctx.timeline}` : 'The hiring team will review them and let you know how it goes.',
    ];
  } else if (kind === 'interview-advanced') {
    subject = `Next step: a live interview for ${ctx.title}`;
    body = [
      `Good news: ${ctx.space_name} would like to meet you for a live interview for "${ctx.title}".`,
      `Pick a time that suits you here: ${link}`,
      'Once you pick a time, you and the interviewer both get a calendar invitation with the video-call link.',
    ];
  } else {
    subject = `Your application: ${ctx.title}`;
    body = [ctx.ending_text ?? DEFAULT_ENDING_TEXT];
  }
  const lines = [hello, ...body, ...(contact ? [contact] : []), `— ${ctx.space_name}`];
  const html =
    kind === 'interview-advanced' && link
      ? paragraphs(lines.slice(0, 2)) +
        `\n<p><a href="${escapeHtml(link)}">Pick a time for your live interview</a></p>\n` +
        paragraphs(lines.slice(3))
      : paragraphs(lines);
  return { subject: subjectLine(subject), text: lines.join('\n\n'), html };
}

/**
 * Queues the email in the caller's transaction. An advanced candidate's email carries a fresh
 * link token (only its hash is stored), so it is sensitive. False when there is nobody to mail.
 */
export async function mailTimeline(q: Queryable, s: Pick<Services, 'queue' | 'publicBase'>, invitationId: string, kind: TimelineKind) {
  const ctx = await invitationsRepo(q).mailContext(invitationId);
  if (!ctx?.candidate_email) return false;
  const link = kind === 'interview-advanced' ? candidatePageUrl(s.publicBase.url, await mintInvitationToken(q, invitationId)) : undefined;
  await enqueueEmail(q, s.queue, {
    to: ctx.candidate_email,
    kind,
    sensitive: kind === 'interview-advanced',
    ...renderTimelineEmail(ctx, kind, link),
  });
  return true;
}
