import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isBackupDue, loadBackupReminder, recordBackup, setBackupReminderEnabled, snoozeBackupReminder, startBackupReminderCount, WEEK } from '../backup/reminder';
import { saveSettings } from '../settings/settings';
import { BACKUP_ALARM, BACKUP_NOTIFICATION_ID, onBackupReminderClicked, registerBackupReminder, runBackupReminder } from './backup-alarms';

const DAY = 24 * 60 * 60_000;
const NOW = new Date(2026, 10, 30, 10, 0).getTime();

beforeEach(async () => {
  fakeBrowser.reset();
  await saveSettings({ language: 'zh' });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const alarmAt = async () => (await fakeBrowser.alarms.get(BACKUP_ALARM))?.scheduledTime;
const notification = async () => ((await fakeBrowser.notifications.getAll()) as Record<string, { title: string; message: string }>)[BACKUP_NOTIFICATION_ID];

describe('weekly backup reminder', () => {
  it('counts a week from the first run of an install that never backed up, then notifies once', async () => {
    expect(await runBackupReminder(NOW)).toEqual({ notified: false, nextAt: NOW + WEEK });
    expect(await alarmAt()).toBe(NOW + WEEK);
    expect(await runBackupReminder(NOW + 3 * DAY)).toEqual({ notified: false, nextAt: NOW + WEEK });

    expect(await runBackupReminder(NOW + WEEK)).toEqual({ notified: true });
    expect((await notification())?.title).toBe('该备份数据了');
    expect(isBackupDue(await loadBackupReminder(), NOW + WEEK)).toBe(true);
    // A worker restart runs again: no second notification for the same due time.
    await fakeBrowser.notifications.clear(BACKUP_NOTIFICATION_ID);
    expect(await runBackupReminder(NOW + WEEK + DAY)).toEqual({ notified: false });
    expect(await notification()).toBeUndefined();
  });

  it('moves to a week after each backup, and after a snooze', async () => {
    await runBackupReminder(NOW);
    await recordBackup(NOW + 2 * DAY);
    expect(await runBackupReminder(NOW + 2 * DAY)).toEqual({ notified: false, nextAt: NOW + 9 * DAY });
    expect(await runBackupReminder(NOW + 9 * DAY)).toEqual({ notified: true });
    await snoozeBackupReminder(NOW + 9 * DAY);
    expect(await runBackupReminder(NOW + 9 * DAY)).toEqual({ notified: false, nextAt: NOW + 16 * DAY });
    expect(await notification()).toBeUndefined();
    expect(await runBackupReminder(NOW + 16 * DAY)).toEqual({ notified: true });
  });

  it('is silent and has no alarm when turned off', async () => {
    await runBackupReminder(NOW);
    await setBackupReminderEnabled(false);
    expect(await runBackupReminder(NOW + 30 * DAY)).toEqual({ notified: false });
    expect(await alarmAt()).toBeUndefined();
    expect(isBackupDue(await loadBackupReminder(), NOW + 30 * DAY)).toBe(false);
  });

  it('a click opens the data page; other notifications are left alone', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await onBackupReminderClicked('follow-up:abc')).toBe(false);
    expect(create).not.toHaveBeenCalled();
    expect(await onBackupReminderClicked(BACKUP_NOTIFICATION_ID)).toBe(true);
    expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/\/options\.html#\/data$/) as string });
  });

  it('re-sets the alarm when a backup is recorded', async () => {
    // The registered runs read the clock: the count starts now.
    const start = Date.now();
    await startBackupReminderCount(start);
    const stop = registerBackupReminder();
    try {
      await vi.waitFor(async () => expect(await alarmAt()).toBe(start + WEEK));
      await recordBackup(start + DAY);
      await vi.waitFor(async () => expect(await alarmAt()).toBe(start + DAY + WEEK));
    } finally {
      stop();
    }
  });
});
