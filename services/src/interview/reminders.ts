/**
 * Scheduled reminders: once per invitation, INTERVIEW_REMINDER_HOURS before the deadline, to
 * candidates who have not finished (invited or started; not revoked, deleted or completed). A
 * host's earlier "remind now" does not count: it was not in the window. Each reminder mails a
 * fresh link, since the first token was never stored in clear.
 */
import type { Services } from '../services.ts';
import { mailCandidateLink } from './invitation-mail.ts';

/**
 * Invitations due a reminder at `now` ($1, with the window in seconds as $2). Only those invited
 * before the window opened: a candidate invited two days before the deadline is not reminded at once.
 */
const DUE = `i.revoked_at is null and i.deleted_at is null and i.completed_at is null and i.candidate_email is not null
    and i.deadline > $1 and i.deadline <= $1 + make_interval(secs => $2)
    and i.created_at < i.deadline - make_interval(secs => $2)
    and (i.reminded_at is null or i.reminded_at < i.deadline - make_interval(secs => $2))`;

/** Sends the reminders due at `now`; returns how many were queued. */
export async function sendDueReminders(s: Services, now = new Date()): Promise<number> {
  const windowS = s.config.interviews.reminderHours * 3600;
  const due = await s.db.query<{ id: string }>(`select i.id from invitations i where ${DUE} order by i.deadline`, [now, windowS]);
  let sent = 0;
  for (const { id } of due) {
    // Claimed and mailed in one transaction: two workers (or a retried job) cannot both send it.
    const mailed = await s.db.tx(async (q) => {
      const claimed = await q.query(`update invitations i set reminded_at = $1 where i.id = $3 and ${DUE} returning i.id`, [
        now,
        windowS,
        id,
      ]);
      return claimed.length > 0 && (await mailCandidateLink(q, s, id, 'interview-reminder'));
    });
    if (mailed) sent++;
  }
  if (sent) {
    s.queue.wakeTask('mail');
    s.log.info({ sent }, 'interview reminders queued');
  }
  return sent;
}
