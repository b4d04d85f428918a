import type { Services } from './services.ts';
import { sendDueDigests } from './notify/digest-job.ts';
import { fanOutContribution } from './notify/fanout.ts';
import { Mailer } from './notify/mailer.ts';
import { pendingNotificationEmails, queueNotificationEmail } from './notify/notification-mail.ts';
import { sendDueReminders } from './interview/reminders.ts';
import { runRetention } from './interview/retention.ts';
import { contributionsRepo } from './db/repos/contributions.repo.ts';
import { deliverWebhook } from './webhooks/deliver.ts';
import { runExport, sweepExpiredExports } from './export/exports.ts';
import { contributionFinished } from './webhooks/events.ts';
import { redoCorrectedStatement } from './pipeline/statement-rerun.ts';
import { sendDueNudges } from './participation/nudges.ts';
import { linkAfterImport } from './agenda/agendas.ts';
import { sweepMedia } from './contributions/media-sweep.ts';

/**
 * The background tasks' workers, registered from the composition root (main.ts): each feature
 * exports plain functions, and this file alone decides which queue runs which.
 */
export async function startTaskWorkers(s: Services): Promise<void> {
  const mailer = new Mailer(s.db, s.config.mail, s.log.child({ task: 'mail' }));

  await s.queue.workTask('notify', async (task) => {
    if (task.event === 'contribution-ready') {
      if (!(await contributionsRepo(s.db).byId(task.contributionId))) return; // deleted since it became ready
      await fanOutContribution(s, task.contributionId);
      const c = await contributionsRepo(s.db).byId(task.contributionId);
      if (c) await contributionFinished(s, c, 'contribution.ready');
      // The live meeting's recording arriving after its agenda was published links the two.
      if (c) await linkAfterImport(s, c);
    } else await queueNotificationEmail(s, task.notificationId);
  });

  await s.queue.workTask('webhook', (task) => deliverWebhook(s, task.deliveryId, s.publicBase.url));

  await s.queue.workTask('export', async (task) => {
    if ('exportId' in task) await runExport(s, task.exportId);
    else await sweepExpiredExports(s);
  });
  await s.queue.scheduleTask('export', '0 * * * *', { sweep: true });

  await s.queue.workTask('mail', async (task) => {
    if ('outboxId' in task) {
      await mailer.deliver(task.outboxId);
      return;
    }
    // The sweep: whatever a lost or exhausted job left behind is picked up again, so nothing is dropped.
    for (const id of await pendingNotificationEmails(s.db)) await queueNotificationEmail(s, id);
    for (const id of await mailer.due()) await mailer.deliver(id).catch(() => {}); // logged by deliver; retried by a later sweep
  });

  await s.queue.workTask('statement-edit', (task) => redoCorrectedStatement(s, task));

  await s.queue.workTask('digest-emails', async () => {
    const sent = await sendDueDigests(s);
    if (sent) s.log.info({ sent }, 'digest emails queued');
  });

  await s.queue.scheduleTask('mail', '* * * * *', { sweep: true });
  await s.queue.scheduleTask('digest-emails', '0 * * * *', {});
  // Hourly: due interview reminders, then the retention sweep.
  await s.queue.workTask('interviews', async () => {
    const now = new Date();
    await sendDueReminders(s, now);
    await runRetention(s, now);
  });
  await s.queue.scheduleTask('interviews', '0 * * * *', {});

  await s.queue.workTask('nudges', async () => void (await sendDueNudges(s)));
  await s.queue.scheduleTask('nudges', '30 * * * *', {});
  // Garbage after faults: at start (a crash just left some) and hourly.
  await s.queue.workTask('media-sweep', async () => void (await sweepMedia(s)));
  await s.queue.scheduleTask('media-sweep', '45 * * * *', {});
  await s.queue.sendTask('media-sweep', {}, { singletonKey: 'media-sweep' });
}
