import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCase, reopenCase, setCaseStatus, setStepDone, setStepField } from '../db/cases';
import { createTemplate } from '../db/checklist-templates';
import type { TemplateDraft } from '../db/complaint-records';
import { customerForContext, eraseCustomer } from '../db/customers';
import type { KefuDatabase } from '../db/database';
import { freshDb } from '../db/testing';
import { saveSettings } from '../settings/settings';
import {
  CASE_ALARM,
  CASE_NOTIFIED_KEY,
  caseNotificationIdOf,
  MAX_CASE_NOTIFICATIONS,
  MORE_CASE_NOTIFICATION_ID,
  onCaseNotificationClicked,
  registerCaseAlarms,
  runCaseAlarms,
} from './case-alarms';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = new Date(2026, 10, 30, 10, 0).getTime();
const who = { author: '小王', now: NOW };

/** Deadlines at +10 min, +30 min and +2 h; the last step has none. */
const DRAFT: TemplateDraft = {
  name: '物流问题',
  type: 'logistics',
  steps: [
    { id: 'record', title: '倾听记录', guidance: '', required: true, timeLimitMinutes: 10, fields: [] },
    { id: 'calm', title: '安抚致歉', guidance: '', required: true, timeLimitMinutes: 30, fields: [] },
    { id: 'investigate', title: '联系快递核实', guidance: '', required: true, timeLimitMinutes: 120, fields: [] },
    { id: 'close', title: '归档改进', guidance: '', required: false, fields: [{ key: 'root-cause', label: '根本原因', kind: 'text', required: false }] },
  ],
};

let db: KefuDatabase;
let stop: (() => void) | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  db = freshDb();
  await saveSettings({ language: 'zh' });
});
afterEach(async () => {
  stop?.();
  stop = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
  await db.delete();
});

async function openOne(buyerName = '阿花', at = NOW) {
  const template = (await db.checklistTemplates.toArray())[0] ?? (await createTemplate(db, DRAFT, who));
  const customer = await customerForContext(db, { platform: 'feige', buyerName, shop: '鹿鹿旗舰店' }, who);
  return openCase(db, customer.id, { templateId: template.id, summary: '三天没有物流更新' }, { ...who, now: at });
}

const notifications = async () => (await fakeBrowser.notifications.getAll()) as Record<string, { title: string; message: string }>;
const alarmAt = async () => (await fakeBrowser.alarms.get(CASE_ALARM))?.scheduledTime;

describe('complaint deadlines: the alarm', () => {
  it('is set at the earliest deadline ahead and follows the case as steps are done', async () => {
    const c = await openOne();
    expect(await runCaseAlarms(db, NOW)).toEqual({ notified: [], nextAt: NOW + 10 * MINUTE });
    expect(await alarmAt()).toBe(NOW + 10 * MINUTE);
    await setStepDone(db, c.id, 'record', true, who);
    expect((await runCaseAlarms(db, NOW)).nextAt).toBe(NOW + 30 * MINUTE);
    await setCaseStatus(db, c.id, 'resolved', who);
    expect((await runCaseAlarms(db, NOW)).nextAt).toBeUndefined();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });

  it('counts the later deadlines of a case that already has an overdue step', async () => {
    await openOne();
    // At +15 min the first step is overdue (the case's nextDueAt); the next alarm is the second step's deadline.
    const run = await runCaseAlarms(db, NOW + 15 * MINUTE);
    expect(run.nextAt).toBe(NOW + 30 * MINUTE);
    expect(await alarmAt()).toBe(NOW + 30 * MINUTE);
  });
});

describe('complaint deadlines: notifications', () => {
  it('notifies each step once when its deadline passes, naming the step and the customer', async () => {
    const c = await openOne();
    expect((await runCaseAlarms(db, NOW + 10 * MINUTE)).notified).toEqual([`${c.id}:record`]);
    expect((await notifications())[caseNotificationIdOf(c.id, 'record')]).toMatchObject({
      title: '投诉处理超时：倾听记录 · 阿花',
      message: '物流问题 · 已超时 1 分钟 · 抖店飞鸽 · 鹿鹿旗舰店',
    });
    await fakeBrowser.notifications.clear(caseNotificationIdOf(c.id, 'record'));
    expect((await runCaseAlarms(db, NOW + 20 * MINUTE)).notified).toEqual([]);

    // Both the next step and, hours later, the third: each notified once, most overdue first.
    expect((await runCaseAlarms(db, NOW + 3 * HOUR)).notified).toEqual([`${c.id}:calm`, `${c.id}:investigate`]);
    expect((await notifications())[caseNotificationIdOf(c.id, 'calm')]?.message).toBe('物流问题 · 已超时 2 小时 · 抖店飞鸽 · 鹿鹿旗舰店');
    expect((await runCaseAlarms(db, NOW + 4 * HOUR)).notified).toEqual([]);
  });

  it('does not notify done steps, inactive cases, or a step unticked again the same day', async () => {
    const c = await openOne();
    await setStepDone(db, c.id, 'record', true, who);
    const other = await openOne('小李');
    await setCaseStatus(db, other.id, 'resolved', who);
    expect((await runCaseAlarms(db, NOW + 15 * MINUTE)).notified).toEqual([]);

    const c2 = await openOne('老周');
    expect((await runCaseAlarms(db, NOW + 15 * MINUTE)).notified).toEqual([`${c2.id}:record`]);
    await setStepDone(db, c2.id, 'record', true, { ...who, now: NOW + 16 * MINUTE });
    await runCaseAlarms(db, NOW + 16 * MINUTE);
    await setStepDone(db, c2.id, 'record', false, { ...who, now: NOW + 17 * MINUTE });
    expect((await runCaseAlarms(db, NOW + 17 * MINUTE)).notified).toEqual([]);
  });

  it('notifies again after reopening only steps not yet notified', async () => {
    const c = await openOne();
    await runCaseAlarms(db, NOW + 10 * MINUTE);
    for (const step of ['record', 'calm', 'investigate']) await setStepDone(db, c.id, step, true, { ...who, now: NOW + 11 * MINUTE });
    await setStepField(db, c.id, 'close', 'root-cause', '快递网点爆仓', { ...who, now: NOW + 11 * MINUTE });
    await setCaseStatus(db, c.id, 'closed', { ...who, now: NOW + 12 * MINUTE });
    await reopenCase(db, c.id, { ...who, now: NOW + 13 * MINUTE });
    await setStepDone(db, c.id, 'calm', false, { ...who, now: NOW + 14 * MINUTE });
    expect((await runCaseAlarms(db, NOW + 40 * MINUTE)).notified).toEqual([`${c.id}:calm`]);
  });

  it('writes in the agent’s language', async () => {
    await saveSettings({ language: 'en' });
    const c = await openOne();
    await runCaseAlarms(db, NOW + 70 * MINUTE);
    expect((await notifications())[caseNotificationIdOf(c.id, 'record')]).toMatchObject({
      title: 'Complaint overdue: 倾听记录 · 阿花',
      message: '物流问题 · overdue by 1 h · Douyin Feige · 鹿鹿旗舰店',
    });
  });

  it(`shows at most ${MAX_CASE_NOTIFICATIONS} at once and sums up the rest`, async () => {
    for (let i = 0; i < 3; i++) await openOne(`买家${i}`, NOW + i * MINUTE);
    // 3 cases × 2 overdue steps = 6.
    expect((await runCaseAlarms(db, NOW + 40 * MINUTE)).notified).toHaveLength(6);
    const shown = await notifications();
    expect(Object.keys(shown)).toHaveLength(MAX_CASE_NOTIFICATIONS + 1);
    expect(shown[MORE_CASE_NOTIFICATION_ID]?.title).toBe('还有 1 个投诉步骤超时');
  });

  it('keeps the notified set small: entries go once their step is handled and a day has passed', async () => {
    const handled = await openOne('甲');
    const open = await openOne('乙');
    await runCaseAlarms(db, NOW + 10 * MINUTE);
    await setStepDone(db, handled.id, 'record', true, who);
    await setCaseStatus(db, open.id, 'waiting-buyer', who);
    await runCaseAlarms(db, NOW + 10 * MINUTE + 2 * DAY);
    const stored = (await fakeBrowser.storage.local.get(CASE_NOTIFIED_KEY))[CASE_NOTIFIED_KEY] as Record<string, unknown>;
    // open's record step is still overdue (waiting for the buyer is still active); handled's entry is gone.
    expect(Object.keys(stored).filter((k) => k.endsWith(':record'))).toEqual([`${open.id}:record`]);
  });

  it('a click brings the customer’s console forward; an erased customer’s opens nothing', async () => {
    const c = await openOne();
    await runCaseAlarms(db, NOW + 10 * MINUTE);
    const id = caseNotificationIdOf(c.id, 'record');
    expect(await onCaseNotificationClicked(db, 'follow-up:x')).toBeUndefined();
    // No 飞鸽 tab is open: the console opens in a new tab.
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await onCaseNotificationClicked(db, id)).toBe('opened');
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ active: true }));
    expect(await notifications()).toEqual({});
    await runCaseAlarms(db, NOW + 10 * MINUTE);
    await eraseCustomer(db, c.customerId, who);
    expect(await onCaseNotificationClicked(db, id)).toBe('none');
    expect(await notifications()).toEqual({});
  });
});

describe('complaint deadlines: wiring', () => {
  const envelope = { channel: 'kefu', type: 'rescheduleCaseAlarms', payload: {} };
  const sidebar = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/sidebar.html') });

  it('runs at start, on its alarm, and when a page of the extension asks; refuses anyone else', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    stop = registerCaseAlarms(() => db);
    await vi.waitFor(async () => expect(await alarmAt()).toBeUndefined());

    const c = await openOne();
    const fromPage = await fakeBrowser.runtime.onMessage.trigger(envelope, { id: fakeBrowser.runtime.id, url: 'https://im.jinritemai.com/pc_seller_v2/' });
    expect(fromPage.find(Boolean)).toBeUndefined();
    const answers = await fakeBrowser.runtime.onMessage.trigger(envelope, sidebar());
    expect(await answers.find(Boolean)).toEqual({ ok: true, data: { nextAt: NOW + 10 * MINUTE } });

    vi.setSystemTime(NOW + 10 * MINUTE);
    await fakeBrowser.alarms.onAlarm.trigger({ name: CASE_ALARM, scheduledTime: NOW + 10 * MINUTE });
    await vi.waitFor(async () => expect(Object.keys(await notifications())).toEqual([caseNotificationIdOf(c.id, 'record')]));
    await vi.waitFor(async () => expect(await alarmAt()).toBe(NOW + 30 * MINUTE));
  });
});
