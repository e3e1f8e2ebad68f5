import * as z from 'zod/mini';
import { browser, type Browser } from 'wxt/browser';
import { adapterById, type CustomSite } from '../adapters';
import type { KefuDatabase } from '../db/database';
import { getCustomer } from '../db/customers';
import { getFollowUp, listDueFollowUps, type DueFollowUp } from '../db/follow-ups';
import { AppError } from '../errors';
import { DAY, formatDueTime, formatDuration, MINUTE } from '../i18n/due-time';
import { t, type Lang } from '../i18n/messages';
import { log } from '../log';
import { createOneAtATime } from './one-at-a-time';
import { isOwnExtensionPage, listen } from '../messaging/bus';
import { loadCustomSites } from '../settings/custom-sites';
import { loadSettings, resolveLanguage } from '../settings/settings';
import { bringConsoleForward, type ConsoleOutcome } from './console-tabs';

/**
 * Follow-up reminders (回访提醒): one browser alarm at the next time a
 * follow-up falls due, and a notification per follow-up when it does.
 *
 * No polling and no state in the worker's memory (MV3 workers stop at will):
 * the alarm is set again after every follow-up write (the sidebar sends
 * `rescheduleFollowUpReminders`) and at every worker start; which follow-ups
 * were notified, for which due time, lives in extension storage. A run shows
 * what is due and not yet notified, then moves the alarm to the next due time.
 * Chrome fires an alarm missed while the browser was closed at its next start,
 * so a reminder that fell due overnight comes in the morning, marked overdue.
 */

export const REMINDER_ALARM = 'follow-up-reminder';
/** Storage key of the notified set. */
export const NOTIFIED_KEY = 'followUpReminders';
const NOTIFICATION_PREFIX = 'follow-up:';
/** The summary of reminders beyond MAX_NOTIFICATIONS (after a long absence). */
export const MORE_NOTIFICATION_ID = 'follow-up-more';
/** At most this many reminders pop up at once; the rest are summed up in one. */
export const MAX_NOTIFICATIONS = 5;
/** A reminder shown this long after its time says how overdue it is (the browser was closed). */
const LATE_AFTER = 15 * MINUTE;
/**
 * Notified entries are kept while their follow-up is still due at that time,
 * and at least this long (so "done" then "undo" does not remind again).
 */
const KEEP_NOTIFIED = DAY;
/** The notification icon (public/notification-icon.png): Chrome requires one. */
const ICON = '/notification-icon.png';

export const notificationIdOf = (followUpId: string): string => `${NOTIFICATION_PREFIX}${followUpId}`;

/** follow-up id → the remindAt it was notified for, and when. */
const Notified = z.record(z.string(), z.object({ remindAt: z.number(), at: z.number() }));
type Notified = z.infer<typeof Notified>;

async function loadNotified(): Promise<Notified> {
  const stored = await browser.storage.local.get(NOTIFIED_KEY);
  const parsed = z.safeParse(Notified, stored[NOTIFIED_KEY] ?? {});
  return parsed.success ? parsed.data : {};
}

/**
 * When the next open follow-up falls due after `now`. A read of the
 * [status+remindAt] index; lib/db/follow-ups.ts offers no such query yet.
 */
async function nextReminderAt(db: KefuDatabase, now: number): Promise<number | undefined> {
  let next: number | undefined;
  await db.followUps
    .where('[status+remindAt]')
    .between(['open', now], ['open', Infinity], false, true)
    .until(() => next !== undefined)
    .each((f) => {
      if (f.deletedAt === undefined) next ??= f.remindAt;
    });
  return next;
}

/** Where the buyer is: the console's name in `lang`, and the shop when known. */
function whereOf(lang: Lang, customer: DueFollowUp['customer'], customSites: readonly CustomSite[]): string {
  const platform = adapterById(customer.platform, customSites)?.name[lang] ?? customer.platform;
  return customer.shop ? `${platform} · ${customer.shop}` : platform;
}

/** Title and text of one reminder, in the agent's language. */
export function reminderText(lang: Lang, due: DueFollowUp, now: number, customSites: readonly CustomSite[] = []): { title: string; message: string } {
  const { followUp, customer } = due;
  const where = whereOf(lang, customer, customSites);
  const late = now - followUp.remindAt;
  const line =
    late > LATE_AFTER
      ? t(lang, 'followup.notify.overdue', { duration: formatDuration(lang, late), where })
      : t(lang, 'followup.notify.due', { time: formatDueTime(lang, followUp.remindAt, now), where });
  return { title: t(lang, 'followup.notify.title', { name: customer.displayName }), message: `${followUp.reason}\n${line}` };
}

async function showReminders(fresh: DueFollowUp[], now: number): Promise<void> {
  const settings = await loadSettings();
  const lang = resolveLanguage(settings.language, navigator.language);
  const customSites = await loadCustomSites();
  const iconUrl = browser.runtime.getURL(ICON);
  const create = async (id: string, text: { title: string; message: string }) => {
    try {
      await browser.notifications.create(id, { type: 'basic', iconUrl, ...text });
    } catch (err) {
      // Not retried: an OS that refuses notifications would otherwise be asked at every run.
      log.error('follow-up notification not shown', err, { id });
    }
  };
  const shown = fresh.slice(0, MAX_NOTIFICATIONS);
  for (const due of shown) await create(notificationIdOf(due.followUp.id), reminderText(lang, due, now, customSites));
  const more = fresh.length - shown.length;
  if (more > 0) {
    await create(MORE_NOTIFICATION_ID, { title: t(lang, 'followup.notify.moreTitle', { count: more }), message: t(lang, 'followup.notify.moreBody') });
  }
}

export interface ReminderRun {
  /** Follow-ups notified by this run. */
  notified: string[];
  /** When the alarm fires next; undefined when no open follow-up lies ahead. */
  nextAt?: number;
}

/**
 * One run: notifies every open follow-up that is due at `now` and was not yet
 * notified for this due time, then sets the alarm at the next due time. A
 * follow-up written already overdue is not notified (the agent is looking at
 * it as they save it); it stays in the "today" list until handled. A snoozed
 * one is notified again at its new time.
 */
export async function runFollowUpReminders(db: KefuDatabase, now: number): Promise<ReminderRun> {
  const due = (await listDueFollowUps(db, now)).filter((d) => d.followUp.remindAt <= now);
  const notified = await loadNotified();
  const fresh = due.filter(({ followUp: f }) => f.remindAt >= f.createdAt && notified[f.id]?.remindAt !== f.remindAt);
  if (fresh.length > 0) await showReminders(fresh, now);

  // Pruned: an entry matters while its follow-up is still due at that time.
  const dueAt = new Map(due.map(({ followUp: f }) => [f.id, f.remindAt]));
  const kept: Notified = {};
  for (const [id, entry] of Object.entries(notified)) {
    if (dueAt.get(id) === entry.remindAt || now - entry.at < KEEP_NOTIFIED) kept[id] = entry;
  }
  for (const { followUp: f } of fresh) kept[f.id] = { remindAt: f.remindAt, at: now };
  if (fresh.length > 0 || Object.keys(kept).length !== Object.keys(notified).length) {
    await browser.storage.local.set({ [NOTIFIED_KEY]: kept });
  }

  const nextAt = await nextReminderAt(db, now);
  if (nextAt === undefined) await browser.alarms.clear(REMINDER_ALARM);
  else await browser.alarms.create(REMINDER_ALARM, { when: nextAt });
  return { notified: fresh.map((d) => d.followUp.id), nextAt };
}

/**
 * A click on a reminder: brings the customer's console forward (see
 * console-tabs.ts). The summary brings any console forward, where the
 * sidebar lists today's follow-ups. Other notifications are not ours.
 */
export async function onReminderClicked(db: KefuDatabase, notificationId: string): Promise<ConsoleOutcome | undefined> {
  if (notificationId === MORE_NOTIFICATION_ID) {
    await browser.notifications.clear(notificationId);
    return bringConsoleForward(undefined);
  }
  if (!notificationId.startsWith(NOTIFICATION_PREFIX)) return undefined;
  await browser.notifications.clear(notificationId);
  let platform: string;
  try {
    const followUp = await getFollowUp(db, notificationId.slice(NOTIFICATION_PREFIX.length));
    platform = (await getCustomer(db, followUp.customerId)).platform;
  } catch (err) {
    // Deleted (or the customer erased) since the reminder: nothing to open.
    if (err instanceof AppError && err.code === 'not-found') return 'none';
    throw err;
  }
  return bringConsoleForward(platform);
}

/** Runs one at a time: an alarm and a reschedule arriving together must not both notify. */
const oneAtATime = createOneAtATime();

/**
 * Wires the reminders into the background: the alarm, notification clicks,
 * the sidebar's `rescheduleFollowUpReminders` (accepted only from this
 * extension's pages), and a run now (every worker start).
 */
export function registerFollowUpReminders(getDb: () => KefuDatabase): () => void {
  const run = () => oneAtATime(() => runFollowUpReminders(getDb(), Date.now()));
  const fail = (err: unknown) => log.error('follow-up reminders failed', err);
  const onAlarm = (alarm: Browser.alarms.Alarm) => {
    if (alarm.name === REMINDER_ALARM) run().catch(fail);
  };
  const onClicked = (notificationId: string) => {
    onReminderClicked(getDb(), notificationId).catch((err: unknown) => log.error('opening a follow-up failed', err, { notificationId }));
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  browser.notifications.onClicked.addListener(onClicked);
  const stopListening = listen(
    'background',
    { rescheduleFollowUpReminders: async () => ({ nextAt: (await run()).nextAt }) },
    (sender) => isOwnExtensionPage(sender),
  );
  run().catch(fail);
  return () => {
    browser.alarms.onAlarm.removeListener(onAlarm);
    browser.notifications.onClicked.removeListener(onClicked);
    stopListening();
  };
}
