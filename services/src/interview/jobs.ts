/** The hourly pg-boss task `interviews`: due reminders, then the retention sweep. */
import type { Services } from '../services.ts';
import { sendDueReminders } from './reminders.ts';
import { runRetention } from './retention.ts';

export async function startInterviewJobs(s: Services): Promise<void> {
  await s.queue.workTask('interviews', async () => {
    const now = new Date();
    await sendDueReminders(s, now);
    await runRetention(s, now);
  });
  await s.queue.scheduleTask('interviews', '0 * * * *');
}
