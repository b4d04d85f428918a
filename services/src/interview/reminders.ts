/**
 * Scheduled reminders: once per invitation, INTERVIEW_REMINDER_HOURS before the deadline, to
 * candidates who have not finished (invited or started; not revoked, deleted or completed). A
 * host's earlier "remind now" does not count: it was not in the window. Each reminder mails a
 * fresh link, since the first token was never stored in clear.
 */
import { invitationsRepo } from '../db/repos/invitations.repo.ts';
import type { Services } from '../services.ts';
import { mailCandidateLink } from './invitation-mail.ts';

/** Sends the reminders due at `now`; returns how many were queued. */
export async function sendDueReminders(
  s: Pick<Services, 'config' | 'db' | 'log' | 'queue' | 'publicBase'>,
  now = new Date(),
): Promise<number> {
  const windowS = s.config.interviews.reminderHours * 3600;
  const due = await invitationsRepo(s.db).dueForReminder(now, windowS);
  let sent = 0;
  for (const id of due) {
    // Claimed and mailed in one transaction: two workers (or a retried job) cannot both send it.
    const mailed = await s.db.tx(async (q) => {
      const claimed = await invitationsRepo(q).claimReminder(id, now, windowS);
      return claimed && (await mailCandidateLink(q, s, id, 'interview-reminder'));
    });
    if (mailed) sent++;
  }
  if (sent) {
    s.queue.wakeTask('mail');
    s.log.info({ sent }, 'interview reminders queued');
  }
  return sent;
}
