import * as z from 'zod/mini';
import { browser } from 'wxt/browser';
import type { CustomSite } from '../adapters';
import type { KefuDatabase } from '../db/database';
import { getCustomer } from '../db/customers';
import { getFollowUp, listDueFollowUps, type DueFollowUp } from '../db/follow-ups';
import { DAY, formatDueTime, formatDuration, MINUTE } from '../i18n/due-time';
import { t, type Lang } from '../i18n/messages';
import { openFromNotification, registerNotifyingAlarm, showNotifications, whereOf, type NotificationText } from './alarm-notifications';
import { createOneAtATime } from './one-at-a-time';
import type { ConsoleOutcome } from './console-tabs';

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

/** Title and text of one reminder, in the agent's language. */
export function reminderText(lang: Lang, due: DueFollowUp, now: number, customSites: readonly CustomSite[] = []): NotificationText {
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
  await showNotifications({
    fresh,
    max: MAX_NOTIFICATIONS,
    word: (due, lang, customSites) => ({ id: notificationIdOf(due.followUp.id), text: reminderText(lang, due, now, customSites) }),
    more: (count, lang) => ({ id: MORE_NOTIFICATION_ID, text: { title: t(lang, 'followup.notify.moreTitle', { count }), message: t(lang, 'followup.notify.moreBody') } }),
    what: 'follow-up reminder',
  });
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
  return openFromNotification(notificationId, { prefix: NOTIFICATION_PREFIX, moreId: MORE_NOTIFICATION_ID }, async (followUpId) => {
    const followUp = await getFollowUp(db, followUpId);
    return (await getCustomer(db, followUp.customerId)).platform;
  });
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
  return registerNotifyingAlarm({
    alarm: REMINDER_ALARM,
    run,
    onClicked: (notificationId) => onReminderClicked(getDb(), notificationId),
    handlers: { rescheduleFollowUpReminders: async () => ({ nextAt: (await run()).nextAt }) },
    what: 'follow-up reminder',
  });
}
