import { log } from '../log';
import { sendToBackground } from '../messaging/bus';

/**
 * Tells the background that follow-ups changed, so that it moves the reminder
 * alarm (lib/background/follow-up-alarms.ts). Call after every follow-up
 * write: add, done, reopen, snooze, delete, undo, and erasing a customer.
 * Never rejects: the write itself succeeded, and the next worker start
 * reschedules anyway.
 */
export async function rescheduleFollowUpReminders(): Promise<void> {
  try {
    await sendToBackground('rescheduleFollowUpReminders', {});
  } catch (err) {
    log.warn('follow-up reminders not rescheduled', { err: String(err) });
  }
}
