import * as z from 'zod/mini';
import { browser } from 'wxt/browser';
import type { CustomSite } from '../adapters';
import { getCase, isActiveCase, isOverdue, nextCaseDueAt } from '../db/cases';
import type { ComplaintCase } from '../db/complaint-records';
import { getCustomer, isLiveCustomer } from '../db/customers';
import type { KefuDatabase } from '../db/database';
import type { Customer } from '../db/records';
import { DAY, formatDuration } from '../i18n/due-time';
import type { Lang } from '../i18n/messages';
import { openFromNotification, registerNotifyingAlarm, showNotifications, whereOf, type NotificationText } from './alarm-notifications';
import { createOneAtATime } from './one-at-a-time';
import type { ConsoleOutcome } from './console-tabs';

/**
 * Complaint deadlines (投诉处理超时): one browser alarm at the earliest
 * deadline of a step not done in an active case, and a notification per step
 * when its deadline passes. Built like follow-up-alarms.ts: no polling and no
 * state in the worker's memory; the alarm is set again at every worker start
 * and whenever a page sends `rescheduleCaseAlarms` after a case write (opening
 * a case, unticking a step, reopening: the writes that can bring a deadline
 * earlier); which steps were notified, for which deadline, lives in extension
 * storage. Ticking a step or closing a case needs no reschedule: an alarm that
 * finds nothing due just moves to the next deadline.
 */

export const CASE_ALARM = 'case-deadline';
/** Storage key of the notified set. */
export const CASE_NOTIFIED_KEY = 'caseDeadlineAlerts';
const NOTIFICATION_PREFIX = 'complaint:';
/** The summary of overdue steps beyond MAX_CASE_NOTIFICATIONS. */
export const MORE_CASE_NOTIFICATION_ID = 'complaint-more';
/** At most this many overdue steps pop up at once; the rest are summed up in one. */
export const MAX_CASE_NOTIFICATIONS = 5;
/** Notified entries are kept while the step is still overdue, and at least a day (untick then tick does not notify again). */
const KEEP_NOTIFIED = DAY;

/*
 * The notification texts, in both languages. They live here rather than in
 * lib/i18n/messages.ts because only the background shows them.
 */
const TEXTS = {
  zh: {
    title: '投诉处理超时：{step} · {name}',
    body: '{template} · 已超时 {duration} · {where}',
    moreTitle: '还有 {count} 个投诉步骤超时',
    moreBody: '请打开侧边栏的“投诉”查看超时的步骤。',
  },
  en: {
    title: 'Complaint overdue: {step} · {name}',
    body: '{template} · overdue by {duration} · {where}',
    moreTitle: '{count} more complaint steps overdue',
    moreBody: 'Open the Complaints tab of the sidebar to see them.',
  },
} as const satisfies Record<Lang, Record<string, string>>;
export type CaseAlarmTextKey = keyof (typeof TEXTS)['zh'];

export function caseAlarmText(lang: Lang, key: CaseAlarmTextKey, vars: Record<string, string | number>): string {
  return TEXTS[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export const caseNotificationIdOf = (caseId: string, stepId: string): string => `${NOTIFICATION_PREFIX}${caseId}:${stepId}`;
const notifiedKeyOf = (caseId: string, stepId: string): string => `${caseId}:${stepId}`;

/** "caseId:stepId" → the deadline it was notified for, and when. */
const Notified = z.record(z.string(), z.object({ dueAt: z.number(), at: z.number() }));
type Notified = z.infer<typeof Notified>;

async function loadNotified(): Promise<Notified> {
  const stored = await browser.storage.local.get(CASE_NOTIFIED_KEY);
  const parsed = z.safeParse(Notified, stored[CASE_NOTIFIED_KEY] ?? {});
  return parsed.success ? parsed.data : {};
}

export interface OverdueStep {
  case: ComplaintCase;
  stepId: string;
  stepTitle: string;
  dueAt: number;
  customer: Customer;
}

interface Scan {
  /** Steps of active cases past their deadline, most overdue first. */
  overdue: OverdueStep[];
  /** The next deadline after `now`, if any. */
  nextAt?: number;
}

/**
 * Overdue steps and the next deadline. An active case with an overdue step
 * has its nextDueAt at or before now, so one range of that index finds them;
 * their later deadlines are not in the index (nextDueAt is the earliest), so
 * they count towards the next alarm here.
 */
async function scan(db: KefuDatabase, now: number): Promise<Scan> {
  return db.transaction('r', [db.cases, db.customers], async () => {
    const cases = (await db.cases.where('nextDueAt').belowOrEqual(now).toArray()).filter(isActiveCase);
    let nextAt = await nextCaseDueAt(db, now);
    const customers = new Map<string, Customer>();
    for (const row of await db.customers.bulkGet([...new Set(cases.map((c) => c.customerId))])) {
      if (isLiveCustomer(row)) {
        const { terms: _derived, ...customer } = row;
        customers.set(customer.id, customer);
      }
    }
    const overdue: OverdueStep[] = [];
    for (const c of cases) {
      const customer = customers.get(c.customerId);
      for (const step of c.steps) {
        if (step.dueAt === undefined || step.doneAt !== undefined) continue;
        if (isOverdue(step, now)) {
          if (customer !== undefined) overdue.push({ case: c, stepId: step.id, stepTitle: step.title, dueAt: step.dueAt, customer });
        } else if (nextAt === undefined || step.dueAt < nextAt) nextAt = step.dueAt;
      }
    }
    overdue.sort((a, b) => a.dueAt - b.dueAt);
    return { overdue, nextAt };
  });
}

/** Title and text of one overdue step, in the agent's language. */
export function overdueText(lang: Lang, o: OverdueStep, now: number, customSites: readonly CustomSite[] = []): NotificationText {
  return {
    title: caseAlarmText(lang, 'title', { step: o.stepTitle, name: o.customer.displayName }),
    message: caseAlarmText(lang, 'body', {
      template: o.case.templateName,
      duration: formatDuration(lang, now - o.dueAt),
      where: whereOf(lang, o.customer, customSites),
    }),
  };
}

async function showOverdue(fresh: OverdueStep[], now: number): Promise<void> {
  await showNotifications({
    fresh,
    max: MAX_CASE_NOTIFICATIONS,
    word: (o, lang, customSites) => ({ id: caseNotificationIdOf(o.case.id, o.stepId), text: overdueText(lang, o, now, customSites) }),
    more: (count, lang) => ({ id: MORE_CASE_NOTIFICATION_ID, text: { title: caseAlarmText(lang, 'moreTitle', { count }), message: caseAlarmText(lang, 'moreBody', {}) } }),
    what: 'complaint deadline',
  });
}

export interface CaseAlarmRun {
  /** `caseId:stepId` of the steps notified by this run. */
  notified: string[];
  /** When the alarm fires next; undefined when no deadline lies ahead. */
  nextAt?: number;
}

/**
 * One run: notifies every step of an active case whose deadline has passed
 * and that was not yet notified for that deadline, then sets the alarm at the
 * next deadline.
 */
export async function runCaseAlarms(db: KefuDatabase, now: number): Promise<CaseAlarmRun> {
  const { overdue, nextAt } = await scan(db, now);
  const notified = await loadNotified();
  const fresh = overdue.filter((o) => notified[notifiedKeyOf(o.case.id, o.stepId)]?.dueAt !== o.dueAt);
  if (fresh.length > 0) await showOverdue(fresh, now);

  // Pruned: an entry matters while its step is still overdue for that deadline.
  const overdueAt = new Map(overdue.map((o) => [notifiedKeyOf(o.case.id, o.stepId), o.dueAt]));
  const kept: Notified = {};
  for (const [key, entry] of Object.entries(notified)) {
    if (overdueAt.get(key) === entry.dueAt || now - entry.at < KEEP_NOTIFIED) kept[key] = entry;
  }
  for (const o of fresh) kept[notifiedKeyOf(o.case.id, o.stepId)] = { dueAt: o.dueAt, at: now };
  if (fresh.length > 0 || Object.keys(kept).length !== Object.keys(notified).length) {
    await browser.storage.local.set({ [CASE_NOTIFIED_KEY]: kept });
  }

  if (nextAt === undefined) await browser.alarms.clear(CASE_ALARM);
  else await browser.alarms.create(CASE_ALARM, { when: nextAt });
  return { notified: fresh.map((o) => notifiedKeyOf(o.case.id, o.stepId)), nextAt };
}

/**
 * A click on an overdue step: brings the customer's console forward, like a
 * follow-up reminder does; the summary brings any console forward, where the
 * sidebar's Complaints tab lists them. Other notifications are not ours.
 */
export async function onCaseNotificationClicked(db: KefuDatabase, notificationId: string): Promise<ConsoleOutcome | undefined> {
  return openFromNotification(notificationId, { prefix: NOTIFICATION_PREFIX, moreId: MORE_CASE_NOTIFICATION_ID }, async (rest) => {
    // The customer erased since (and the case with them) opens nothing.
    const c = await getCase(db, rest.split(':')[0] ?? '');
    return (await getCustomer(db, c.customerId)).platform;
  });
}

/** Runs one at a time: an alarm and a reschedule arriving together must not both notify. */
const oneAtATime = createOneAtATime();

/**
 * Wires the deadlines into the background: the alarm, notification clicks,
 * `rescheduleCaseAlarms` from this extension's pages, and a run now (every
 * worker start).
 */
export function registerCaseAlarms(getDb: () => KefuDatabase): () => void {
  const run = () => oneAtATime(() => runCaseAlarms(getDb(), Date.now()));
  return registerNotifyingAlarm({
    alarm: CASE_ALARM,
    run,
    onClicked: (notificationId) => onCaseNotificationClicked(getDb(), notificationId),
    handlers: { rescheduleCaseAlarms: async () => ({ nextAt: (await run()).nextAt }) },
    what: 'complaint deadline',
  });
}
