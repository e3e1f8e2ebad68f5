import * as z from 'zod/mini';
import { browser } from 'wxt/browser';

/**
 * The weekly backup reminder's state, in extension storage (the background
 * reads it without opening IndexedDB, and its changes wake the alarm code):
 * when the last full backup was downloaded, since when an install that never
 * backed up has been counting, a snooze, and the on/off switch. Each field
 * falls back on its own, like the settings.
 */
export const WEEK = 7 * 24 * 60 * 60_000;
export const BACKUP_REMINDER_KEY = 'backupReminder';

export const BackupReminder = z.object({
  enabled: z.catch(z.boolean(), true),
  lastBackupAt: z.catch(z.optional(z.number()), undefined),
  /** The first time the reminder ran with no backup ever made: the week is counted from it. */
  since: z.catch(z.optional(z.number()), undefined),
  snoozedUntil: z.catch(z.optional(z.number()), undefined),
});
export type BackupReminder = z.infer<typeof BackupReminder>;

export async function loadBackupReminder(): Promise<BackupReminder> {
  const stored = await browser.storage.local.get(BACKUP_REMINDER_KEY);
  const raw: unknown = stored[BACKUP_REMINDER_KEY];
  return z.parse(BackupReminder, raw && typeof raw === 'object' ? raw : {});
}

async function update(patch: Partial<BackupReminder>): Promise<BackupReminder> {
  const next = z.parse(BackupReminder, { ...(await loadBackupReminder()), ...patch });
  await browser.storage.local.set({ [BACKUP_REMINDER_KEY]: next });
  return next;
}

/** A full backup was downloaded at `now`: the next reminder is a week later. */
export const recordBackup = (now: number) => update({ lastBackupAt: now, snoozedUntil: undefined });
/** "Remind me in a week". */
export const snoozeBackupReminder = (now: number) => update({ snoozedUntil: now + WEEK });
export const setBackupReminderEnabled = (enabled: boolean) => update({ enabled });

/** Starts the week's count for an install that never backed up (once). */
export async function startBackupReminderCount(now: number): Promise<BackupReminder> {
  const state = await loadBackupReminder();
  if (state.lastBackupAt !== undefined || state.since !== undefined) return state;
  return update({ since: now });
}

/** When the reminder is due: a week after the last backup (or the start of the count), or after a snooze. */
export function backupDueAt(state: BackupReminder): number | undefined {
  if (!state.enabled) return undefined;
  const base = state.lastBackupAt ?? state.since;
  if (base === undefined) return undefined;
  return Math.max(base + WEEK, state.snoozedUntil ?? 0);
}

export function isBackupDue(state: BackupReminder, now: number): boolean {
  const due = backupDueAt(state);
  return due !== undefined && now >= due;
}

export function onBackupReminderChanged(cb: (state: BackupReminder) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(BACKUP_REMINDER_KEY in changes)) return;
    const raw = changes[BACKUP_REMINDER_KEY]?.newValue;
    cb(z.parse(BackupReminder, raw && typeof raw === 'object' ? raw : {}));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
