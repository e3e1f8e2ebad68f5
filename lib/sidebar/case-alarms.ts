import { log } from '../log';
import { sendToBackground } from '../messaging/bus';

/**
 * Tells the background that complaint cases changed, so that it moves the
 * deadline alarm (lib/background/case-alarms.ts). Call after opening a case,
 * unticking a step, and reopening or reactivating a case: the writes that can
 * bring a deadline earlier. Never rejects: the write itself succeeded, and the
 * next worker start reschedules anyway.
 */
export async function rescheduleCaseAlarms(): Promise<void> {
  try {
    await sendToBackground('rescheduleCaseAlarms', {});
  } catch (err) {
    log.warn('complaint deadlines not rescheduled', { err: String(err) });
  }
}
