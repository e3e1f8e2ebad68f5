import * as z from 'zod/mini';
import { browser, type Browser } from 'wxt/browser';
import { backupDueAt, onBackupReminderChanged, startBackupReminderCount } from '../backup/reminder';
import { t } from '../i18n/messages';
import { log } from '../log';
import { loadSettings, resolveLanguage } from '../settings/settings';
import { createOneAtATime } from './one-at-a-time';

/**
 * The weekly backup reminder (备份提醒): one alarm at the time the reminder
 * falls due (lib/backup/reminder.ts), and a notification then that opens the
 * workbench's data page. Like the follow-up reminders, nothing is kept in the
 * worker's memory: the alarm is set again at every worker start and whenever
 * the reminder's state changes (a backup, a snooze, the switch), and which due
 * time was notified lives in storage, so a restart does not notify twice.
 */
export const BACKUP_ALARM = 'backup-reminder';
export const BACKUP_NOTIFICATION_ID = 'backup-reminder';
export const BACKUP_NOTIFIED_KEY = 'backupReminderNotified';
export const DATA_PAGE = '/options.html#/data';
const ICON = '/notification-icon.png';

const Notified = z.object({ dueAt: z.number() });

async function notifiedFor(): Promise<number | undefined> {
  const stored = await browser.storage.local.get(BACKUP_NOTIFIED_KEY);
  const parsed = z.safeParse(Notified, stored[BACKUP_NOTIFIED_KEY]);
  return parsed.success ? parsed.data.dueAt : undefined;
}

export interface BackupReminderRun {
  notified: boolean;
  /** When the alarm fires next; undefined when it is off or the due reminder was shown. */
  nextAt?: number;
}

/** One run: notifies once per due time when the reminder is due, else sets the alarm at its due time. */
export async function runBackupReminder(now: number): Promise<BackupReminderRun> {
  const state = await startBackupReminderCount(now);
  const dueAt = backupDueAt(state);
  if (dueAt === undefined) {
    await browser.alarms.clear(BACKUP_ALARM);
    await browser.notifications.clear(BACKUP_NOTIFICATION_ID);
    return { notified: false };
  }
  if (dueAt > now) {
    // A backup or snooze since the last notification: that one is out of date.
    await browser.notifications.clear(BACKUP_NOTIFICATION_ID);
    await browser.alarms.create(BACKUP_ALARM, { when: dueAt });
    return { notified: false, nextAt: dueAt };
  }
  await browser.alarms.clear(BACKUP_ALARM);
  if ((await notifiedFor()) === dueAt) return { notified: false };
  const settings = await loadSettings();
  const lang = resolveLanguage(settings.language, navigator.language);
  try {
    await browser.notifications.create(BACKUP_NOTIFICATION_ID, {
      type: 'basic',
      iconUrl: browser.runtime.getURL(ICON),
      title: t(lang, 'data.notify.title'),
      message: t(lang, 'data.notify.body'),
    });
  } catch (err) {
    // Not retried: the workbench's banner says the same.
    log.error('backup reminder not shown', err);
  }
  await browser.storage.local.set({ [BACKUP_NOTIFIED_KEY]: { dueAt } });
  return { notified: true };
}

/** A click on the reminder opens the data page in a new tab. Other notifications are not ours. */
export async function onBackupReminderClicked(notificationId: string): Promise<boolean> {
  if (notificationId !== BACKUP_NOTIFICATION_ID) return false;
  await browser.notifications.clear(notificationId);
  await browser.tabs.create({ url: browser.runtime.getURL(DATA_PAGE) });
  return true;
}

const oneAtATime = createOneAtATime();

/** Wires the reminder into the background: alarm, notification click, state changes, and a run now. */
export function registerBackupReminder(): () => void {
  const run = () => oneAtATime(() => runBackupReminder(Date.now()));
  const fail = (err: unknown) => log.error('backup reminder failed', err);
  const onAlarm = (alarm: Browser.alarms.Alarm) => {
    if (alarm.name === BACKUP_ALARM) run().catch(fail);
  };
  const onClicked = (id: string) => {
    onBackupReminderClicked(id).catch((err: unknown) => log.error('opening the data page failed', err));
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  browser.notifications.onClicked.addListener(onClicked);
  const stopWatching = onBackupReminderChanged(() => {
    run().catch(fail);
  });
  run().catch(fail);
  return () => {
    browser.alarms.onAlarm.removeListener(onAlarm);
    browser.notifications.onClicked.removeListener(onClicked);
    stopWatching();
  };
}
