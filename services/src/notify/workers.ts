import type { Services } from '../services.ts';
import { sendDueDigests } from './digest-job.ts';
import { fanOutContribution } from './fanout.ts';
import { Mailer } from './mailer.ts';
import { pendingNotificationEmails, queueNotificationEmail } from './notification-mail.ts';
import { startInterviewJobs } from '../interview/jobs.ts';

type NotifyTask = { event: 'contribution-ready'; contributionId: string } | { event: 'notification-email'; notificationId: string };
type MailTask = { outboxId: string } | { sweep: true };

/** Starts the workers of the background tasks (notify, mail, digest-emails) in this process. */
export async function startTaskWorkers(s: Services): Promise<void> {
  const mailer = new Mailer(s.db, s.config.mail, s.log.child({ task: 'mail' }));

  await s.queue.workTask<NotifyTask>('notify', async (task) => {
    if (task.event === 'contribution-ready') await fanOutContribution(s, task.contributionId);
    else if (task.event === 'notification-email') await queueNotificationEmail(s, task.notificationId);
    else s.log.warn({ task }, 'unknown notify task ignored');
  });

  await s.queue.workTask<MailTask>('mail', async (task) => {
    if ('outboxId' in task) {
      await mailer.deliver(task.outboxId);
      return;
    }
    // The sweep: whatever a lost or exhausted job left behind is picked up again, so nothing is dropped.
    for (const id of await pendingNotificationEmails(s.db)) await queueNotificationEmail(s, id);
    for (const id of await mailer.due()) await mailer.deliver(id).catch(() => {}); // logged by deliver; retried by a later sweep
  });

  await s.queue.workTask('digest-emails', async () => {
    const sent = await sendDueDigests(s);
    if (sent) s.log.info({ sent }, 'digest emails queued');
  });

  await s.queue.scheduleTask('mail', '* * * * *', { sweep: true });
  await s.queue.scheduleTask('digest-emails', '0 * * * *');
  await startInterviewJobs(s); // hourly: interview reminders and retention
}
