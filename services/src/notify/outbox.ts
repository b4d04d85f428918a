import type { Queryable } from '../db/db.ts';
import { outboxRepo } from '../db/repos/outbox.repo.ts';
import type { JobQueue } from '../jobs/queue.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the email is: 'forward', 'digest', 'notification', … (kept for the outbox listing). */
  kind: string;
  /** The body carries a secret link (a forward token): it is blanked in the table once delivered. */
  sensitive?: boolean;
  /** An iCalendar file (core/ics.ts) sent as the text/calendar part and an invite.ics attachment. */
  calendar?: string;
}

/**
 * Puts an email in the outbox and queues its delivery. Pass the transaction that made the reason
 * for the email, so the email exists exactly when that change does.
 */
export async function enqueueEmail(q: Queryable, queue: JobQueue, mail: OutgoingEmail): Promise<string> {
  const id = await outboxRepo(q).add({
    ...mail,
    html: mail.html ?? null,
    sensitive: mail.sensitive ?? false,
    calendar: mail.calendar ?? null,
  });
  await queue.sendTask('mail', { outboxId: id }, { q });
  return id;
}
