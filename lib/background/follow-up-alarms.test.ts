import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { customerForContext } from '../db/customers';
import type { KefuDatabase } from '../db/database';
import { addFollowUp, completeFollowUp, deleteFollowUp, reopenFollowUp, snoozeFollowUp } from '../db/follow-ups';
import { freshDb } from '../db/testing';
import { saveSettings } from '../settings/settings';
import {
  MAX_NOTIFICATIONS,
  MORE_NOTIFICATION_ID,
  notificationIdOf,
  NOTIFIED_KEY,
  onReminderClicked,
  registerFollowUpReminders,
  REMINDER_ALARM,
  runFollowUpReminders,
} from './follow-up-alarms';

// fakeBrowser implements alarms, notifications, storage and tabs in memory;
// tabs.sendMessage (opening the sidebar) is spied where a test needs it.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Local 10:00, so "today" is unambiguous in any time zone.
const NOW = new Date(2026, 2, 10, 10, 0).getTime();
/** Written yesterday: a follow-up planned ahead of its due time. */
const planned = { author: '小王', now: NOW - DAY };

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

const customer = (buyerName = '阿花', platform = 'feige') => customerForContext(db, { platform, buyerName, shop: '鹿鹿旗舰店' }, planned);
const notifications = async () => (await fakeBrowser.notifications.getAll()) as Record<string, { title: string; message: string; iconUrl: string }>;
const alarmAt = async () => (await fakeBrowser.alarms.get(REMINDER_ALARM))?.scheduledTime;

describe('follow-up reminders: the alarm', () => {
  it('is set at the earliest open follow-up ahead, skipping done and deleted ones', async () => {
    const c = await customer();
    await addFollowUp(db, c.id, { dueAt: NOW + 3 * HOUR, reason: '节日问候' }, planned);
    await addFollowUp(db, c.id, { dueAt: NOW + HOUR, reason: '确认换货已收到' }, planned);
    const done = await addFollowUp(db, c.id, { dueAt: NOW + 10 * MINUTE, reason: '已处理' }, planned);
    await completeFollowUp(db, done.id, planned);
    const gone = await addFollowUp(db, c.id, { dueAt: NOW + 5 * MINUTE, reason: '误加' }, planned);
    await deleteFollowUp(db, gone.id, planned);

    const run = await runFollowUpReminders(db, NOW);
    expect(run).toEqual({ notified: [], nextAt: NOW + HOUR });
    expect(await alarmAt()).toBe(NOW + HOUR);
    expect(await fakeBrowser.alarms.getAll()).toHaveLength(1);
  });

  it('is cleared when nothing lies ahead', async () => {
    const c = await customer();
    const f = await addFollowUp(db, c.id, { dueAt: NOW + HOUR, reason: '回访' }, planned);
    await runFollowUpReminders(db, NOW);
    await completeFollowUp(db, f.id, planned);
    expect((await runFollowUpReminders(db, NOW)).nextAt).toBeUndefined();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });

  it('moves with a snooze and reminds again at the new time', async () => {
    const c = await customer();
    const f = await addFollowUp(db, c.id, { dueAt: NOW, reason: '确认换货已收到' }, planned);
    expect(await runFollowUpReminders(db, NOW - HOUR)).toEqual({ notified: [], nextAt: NOW });

    expect((await runFollowUpReminders(db, NOW)).notified).toEqual([f.id]);
    await snoozeFollowUp(db, f.id, NOW + 2 * HOUR, { author: '小王', now: NOW + MINUTE });
    expect(await runFollowUpReminders(db, NOW + MINUTE)).toEqual({ notified: [], nextAt: NOW + 2 * HOUR });
    expect(await alarmAt()).toBe(NOW + 2 * HOUR);

    expect((await runFollowUpReminders(db, NOW + 2 * HOUR)).notified).toEqual([f.id]);
  });
});

describe('follow-up reminders: notifications', () => {
  it('notifies a follow-up when it falls due, once', async () => {
    const c = await customer();
    const f = await addFollowUp(db, c.id, { dueAt: NOW, reason: '确认换货已收到' }, planned);
    expect((await runFollowUpReminders(db, NOW + 20_000)).notified).toEqual([f.id]);
    const shown = (await notifications())[notificationIdOf(f.id)];
    expect(shown).toMatchObject({ title: '回访提醒：阿花', message: '确认换货已收到\n约定时间 今天 10:00 · 抖店飞鸽 · 鹿鹿旗舰店' });
    expect(shown?.iconUrl).toMatch(/^chrome-extension:\/\/.+\/notification-icon\.png$/);

    await fakeBrowser.notifications.clear(notificationIdOf(f.id));
    expect((await runFollowUpReminders(db, NOW + MINUTE)).notified).toEqual([]);
    expect((await runFollowUpReminders(db, NOW + 3 * HOUR)).notified).toEqual([]);
    expect(await notifications()).toEqual({});
  });

  it('does not remind again after done and undo', async () => {
    const c = await customer();
    const f = await addFollowUp(db, c.id, { dueAt: NOW, reason: '回访' }, planned);
    await runFollowUpReminders(db, NOW);
    await completeFollowUp(db, f.id, { author: '小王', now: NOW + MINUTE });
    await runFollowUpReminders(db, NOW + MINUTE);
    await reopenFollowUp(db, f.id, { author: '小王', now: NOW + 2 * MINUTE });
    expect((await runFollowUpReminders(db, NOW + 2 * MINUTE)).notified).toEqual([]);
  });

  it('says how overdue a reminder is that fell due while the browser was closed', async () => {
    const c = await customer();
    const f = await addFollowUp(db, c.id, { dueAt: NOW - 3 * HOUR, reason: '确认退款已到账' }, planned);
    expect((await runFollowUpReminders(db, NOW)).notified).toEqual([f.id]);
    expect((await notifications())[notificationIdOf(f.id)]?.message).toBe('确认退款已到账\n已逾期 3 小时 · 抖店飞鸽 · 鹿鹿旗舰店');
  });

  it('does not notify a follow-up written already overdue: the agent is looking at it', async () => {
    const c = await customer();
    await addFollowUp(db, c.id, { dueAt: NOW - HOUR, reason: '补记' }, { author: '小王', now: NOW });
    expect((await runFollowUpReminders(db, NOW)).notified).toEqual([]);
    expect(await notifications()).toEqual({});
  });

  it('writes in the agent’s language', async () => {
    await saveSettings({ language: 'en' });
    const c = await customer();
    const f = await addFollowUp(db, c.id, { dueAt: NOW, reason: 'Confirm the exchange arrived' }, planned);
    await runFollowUpReminders(db, NOW);
    expect((await notifications())[notificationIdOf(f.id)]).toMatchObject({
      title: 'Follow-up: 阿花',
      message: 'Confirm the exchange arrived\nDue Today 10:00 · Douyin Feige · 鹿鹿旗舰店',
    });
  });

  it(`shows at most ${MAX_NOTIFICATIONS} at once and sums up the rest`, async () => {
    const c = await customer();
    const ids: string[] = [];
    for (let i = 0; i < MAX_NOTIFICATIONS + 2; i++) ids.push((await addFollowUp(db, c.id, { dueAt: NOW - i * MINUTE, reason: `回访 ${i}` }, planned)).id);
    expect((await runFollowUpReminders(db, NOW)).notified).toHaveLength(MAX_NOTIFICATIONS + 2);
    const shown = await notifications();
    expect(Object.keys(shown)).toHaveLength(MAX_NOTIFICATIONS + 1);
    expect(shown[MORE_NOTIFICATION_ID]?.title).toBe('还有 2 条回访到期');
    // The most overdue first.
    expect(shown[notificationIdOf(ids[MAX_NOTIFICATIONS + 1]!)]).toBeDefined();
    expect(shown[notificationIdOf(ids[0]!)]).toBeUndefined();
  });

  it('keeps the notified set small: entries go once their follow-up is handled and a day has passed', async () => {
    const c = await customer();
    const handled = await addFollowUp(db, c.id, { dueAt: NOW, reason: '已处理' }, planned);
    const open = await addFollowUp(db, c.id, { dueAt: NOW, reason: '还没处理' }, planned);
    await runFollowUpReminders(db, NOW);
    await completeFollowUp(db, handled.id, planned);
    await runFollowUpReminders(db, NOW + 2 * DAY);
    const stored = (await fakeBrowser.storage.local.get(NOTIFIED_KEY))[NOTIFIED_KEY];
    expect(Object.keys(stored as object)).toEqual([open.id]);
  });
});

describe('follow-up reminders: wiring', () => {
  const envelope = { channel: 'kefu', type: 'rescheduleFollowUpReminders', payload: {} };
  const sidebar = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/sidebar.html') });

  it('runs at start, on its alarm, and when the sidebar asks; refuses anyone else', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const c = await customer();
    await addFollowUp(db, c.id, { dueAt: NOW + HOUR, reason: '回访' }, planned);
    stop = registerFollowUpReminders(() => db);
    await vi.waitFor(async () => expect(await alarmAt()).toBe(NOW + HOUR));

    const later = await addFollowUp(db, c.id, { dueAt: NOW + 30 * MINUTE, reason: '更早' }, planned);
    const fromPage = await fakeBrowser.runtime.onMessage.trigger(envelope, { id: fakeBrowser.runtime.id, url: 'https://im.jinritemai.com/pc_seller_v2/' });
    expect(fromPage.find(Boolean)).toBeUndefined();
    const answers = await fakeBrowser.runtime.onMessage.trigger(envelope, sidebar());
    expect(await answers.find(Boolean)).toEqual({ ok: true, data: { nextAt: NOW + 30 * MINUTE } });
    expect(await alarmAt()).toBe(NOW + 30 * MINUTE);

    vi.setSystemTime(NOW + 30 * MINUTE);
    await fakeBrowser.alarms.onAlarm.trigger({ name: REMINDER_ALARM, scheduledTime: NOW + 30 * MINUTE });
    await vi.waitFor(async () => expect(Object.keys(await notifications())).toEqual([notificationIdOf(later.id)]));
    await vi.waitFor(async () => expect(await alarmAt()).toBe(NOW + HOUR));
  });

  it('ignores alarms that are not its own', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const c = await customer();
    await addFollowUp(db, c.id, { dueAt: NOW + HOUR, reason: '回访' }, planned);
    stop = registerFollowUpReminders(() => db);
    await vi.waitFor(async () => expect(await alarmAt()).toBe(NOW + HOUR));
    const create = vi.spyOn(fakeBrowser.alarms, 'create');
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'something-else', scheduledTime: NOW });
    await new Promise((r) => setTimeout(r, 50));
    expect(create).not.toHaveBeenCalled();
    await fakeBrowser.alarms.onAlarm.trigger({ name: REMINDER_ALARM, scheduledTime: NOW });
    await vi.waitFor(() => expect(create).toHaveBeenCalledWith(REMINDER_ALARM, { when: NOW + HOUR }));
  });
});

describe('follow-up reminders: a click', () => {
  const FEIGE = 'https://im.jinritemai.com/pc_seller_v2/main/workspace';

  it('focuses the customer’s console tab and opens the sidebar there', async () => {
    const c = await customer();
    const f = await addFollowUp(db, c.id, { dueAt: NOW, reason: '回访' }, planned);
    await fakeBrowser.tabs.create({ url: 'https://mms.pinduoduo.com/chat-merchant/index.html' });
    const feige = await fakeBrowser.tabs.create({ url: FEIGE });
    const update = vi.spyOn(fakeBrowser.tabs, 'update');
    const focus = vi.spyOn(fakeBrowser.windows, 'update');
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue({ ok: true, data: { width: 360, mode: 'push', collapsed: false } });
    await fakeBrowser.notifications.create(notificationIdOf(f.id), { type: 'basic', iconUrl: '', title: '', message: '' });

    expect(await onReminderClicked(db, notificationIdOf(f.id))).toBe('focused');
    expect(update).toHaveBeenCalledWith(feige.id, { active: true });
    expect(focus).toHaveBeenCalledWith(feige.windowId, { focused: true });
    expect(send).toHaveBeenCalledWith(feige.id, { channel: 'kefu', type: 'setSidebarLayout', payload: { collapsed: false } }, { frameId: 0 });
    expect(await notifications()).toEqual({});
  });

  it('opens the console when no tab of it is open, and does nothing where the console has no single address', async () => {
    const c = await customer();
    const f = await addFollowUp(db, c.id, { dueAt: NOW, reason: '回访' }, planned);
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await onReminderClicked(db, notificationIdOf(f.id))).toBe('opened');
    expect(create).toHaveBeenCalledWith({ url: FEIGE, active: true });

    create.mockClear();
    const regional = await customer('Ana', 'shopee');
    const g = await addFollowUp(db, regional.id, { dueAt: NOW, reason: 'follow up' }, planned);
    expect(await onReminderClicked(db, notificationIdOf(g.id))).toBe('none');
    expect(create).not.toHaveBeenCalled();
  });

  it('does nothing for a follow-up deleted since, nor for notifications that are not its own', async () => {
    const c = await customer();
    const f = await addFollowUp(db, c.id, { dueAt: NOW, reason: '回访' }, planned);
    await deleteFollowUp(db, f.id, planned);
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await onReminderClicked(db, notificationIdOf(f.id))).toBe('none');
    expect(await onReminderClicked(db, 'someone-else')).toBeUndefined();
    expect(create).not.toHaveBeenCalled();
  });
});
