/**
 * The emails a candidate gets: the invitation, and reminders (manual or scheduled). Each carries
 * a fresh link token, so it is queued in the transaction that stores the token's hash, and marked
 * sensitive (the outbox forgets the body once delivered). The token itself is never logged.
 */
import type { Queryable } from '../db/db.ts';
import { invitationsRepo } from '../db/repos/invitations.repo.ts';
import { questionSetsRepo } from '../db/repos/question-sets.repo.ts';
import { enqueueEmail } from '../notify/outbox.ts';
import { escapeHtml } from '../notify/links.ts';
import type { Services } from '../services.ts';
import { candidatePageUrl, mintInvitationToken } from './invitation-links.ts';

export type CandidateEmailKind = 'interview-invitation' | 'interview-reminder';

/** Everything an invitation email says, read in the sending transaction. */
export interface InvitationMailContext {
  candidateName: string;
  candidateEmail: string;
  deadline: Date;
  inviterName: string | null;
  spaceName: string;
  title: string;
  description: string;
  timeline: string;
  contactEmail: string | null;
  aiSummaries: boolean;
  retentionDays: number;
  questions: { thinkTimeS: number; timeLimitS: number; retakes: number; isPractice: boolean }[];
}

async function mailContext(q: Queryable, invitationId: string): Promise<InvitationMailContext | null> {
  const row = await invitationsRepo(q).mailContext(invitationId);
  if (!row?.candidate_email) return null;
  const questions = await questionSetsRepo(q).questions(row.question_set_id);
  return {
    candidateName: row.candidate_name,
    candidateEmail: row.candidate_email,
    deadline: row.deadline,
    inviterName: row.inviter_name,
    spaceName: row.space_name,
    title: row.title,
    description: row.description,
    timeline: row.timeline,
    contactEmail: row.contact_email,
    aiSummaries: row.ai_summaries,
    retentionDays: row.retention_days,
    questions: questions.map((x) => ({
      thinkTimeS: x.think_time_s,
      timeLimitS: x.time_limit_s,
      retakes: x.retakes,
      isPractice: x.is_practice,
    })),
  };
}

/**
 * Mints a fresh link for the invitation and queues the email with it, in the caller's transaction.
 * Returns false when there is nobody to mail (the candidate's data was deleted).
 */
export async function mailCandidateLink(
  q: Queryable,
  s: Pick<Services, 'queue' | 'publicBase'>,
  invitationId: string,
  kind: CandidateEmailKind,
): Promise<boolean> {
  const ctx = await mailContext(q, invitationId);
  if (!ctx) return false;
  const url = candidatePageUrl(s.publicBase.url, await mintInvitationToken(q, invitationId));
  await enqueueEmail(q, s.queue, { to: ctx.candidateEmail, kind, sensitive: true, ...renderCandidateEmail(ctx, url, kind) });
  return true;
}

const seconds = (s: number) => (s >= 60 && s % 60 === 0 ? `${s / 60} min` : s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`);
const range = (values: number[], format: (n: number) => string) => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? format(lo) : `${format(lo)} to ${format(hi)}`;
};

/** "What to expect", in plain sentences. */
export function whatToExpect(ctx: Pick<InvitationMailContext, 'questions' | 'aiSummaries'>): string[] {
  const real = ctx.questions.filter((q) => !q.isPractice);
  const practice = ctx.questions.some((q) => q.isPractice);
  const lines = [
    `${real.length} question${real.length === 1 ? '' : 's'}, answered on video with your camera and microphone, whenever suits you before the deadline.`,
    `Each question shows for ${range(
      real.map((q) => q.thinkTimeS),
      seconds,
    )} of thinking time; then recording starts by itself and stops after ${range(
      real.map((q) => q.timeLimitS),
      seconds,
    )}.`,
  ];
  const retakes = real.map((q) => q.retakes);
  lines.push(
    Math.max(...retakes) === 0
      ? 'There are no retakes: your first recording is your answer.'
      : `You may record again ${range(retakes, (n) => `${n} time${n === 1 ? '' : 's'}`)} per question and keep the take you prefer.`,
  );
  if (practice) lines.push('A practice question comes first, to try your camera and microphone: it is never sent or seen by anyone.');
  lines.push('You can stop and come back with the same link; what you have answered is kept.');
  if (ctx.aiSummaries) lines.push('Your answers are transcribed, and AI helps reviewers find what you said; people make every decision.');
  return lines;
}

export function renderCandidateEmail(ctx: InvitationMailContext, url: string, kind: CandidateEmailKind) {
  const from = ctx.inviterName ? `${ctx.inviterName} (${ctx.spaceName})` : ctx.spaceName;
  const due = ctx.deadline.toUTCString();
  const intro =
    kind === 'interview-invitation'
      ? `${from} invites you to a one-way video interview for "${ctx.title}".`
      : `A reminder: your video interview for "${ctx.title}" with ${from} closes on ${due}.`;
  const deletion = [
    `If you are not taken forward, your recordings are deleted ${ctx.retentionDays} days after that decision, or ${ctx.retentionDays} days after the deadline if no decision is made.`,
    'You can delete them yourself at any time from the same link' +
      (ctx.contactEmail ? `, or ask ${ctx.contactEmail} to delete them.` : '.'),
  ].join(' ');
  const expect = whatToExpect(ctx);

  const text = [
    `Hello ${ctx.candidateName},`,
    '',
    intro,
    ...(ctx.description ? ['', ctx.description] : []),
    '',
    `Answer by: ${due}`,
    `Your personal link: ${url}`,
    '',
    'What to expect:',
    ...expect.map((l) => `- ${l}`),
    ...(ctx.timeline ? ['', `What happens next: ${ctx.timeline}`] : []),
    '',
    deletion,
    '',
    'This link is yours alone: please do not share it. If you did not expect this email, you can ignore it.',
  ].join('\n');

  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const html = [
    p(`Hello ${ctx.candidateName},`),
    p(intro),
    ...(ctx.description ? [p(ctx.description)] : []),
    `<p><strong>Answer by:</strong> ${escapeHtml(due)}</p>`,
    `<p><a href="${escapeHtml(url)}">Open your interview</a></p>`,
    '<p><strong>What to expect</strong></p>',
    `<ul>${expect.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    ...(ctx.timeline ? [`<p><strong>What happens next:</strong> ${escapeHtml(ctx.timeline)}</p>`] : []),
    p(deletion),
    p('This link is yours alone: please do not share it. If you did not expect this email, you can ignore it.'),
  ].join('\n');

  const subject = (kind === 'interview-invitation' ? `Video interview: ${ctx.title}` : `Reminder: your video interview for ${ctx.title}`)
    .replace(/\s+/g, ' ')
    .slice(0, 200);
  return { subject, text, html };
}
