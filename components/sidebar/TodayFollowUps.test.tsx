import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { customerForContext } from '@/lib/db/customers';
import type { KefuDatabase } from '@/lib/db/database';
import { addFollowUp, completeFollowUp, getFollowUp } from '@/lib/db/follow-ups';
import { freshDb } from '@/lib/db/testing';
import { recordBackgroundMessages, render, type Rendered } from './render-testing';
import { TodayFollowUps } from './TodayFollowUps';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date(2026, 2, 10, 10, 0).getTime();
const who = { author: '小王', now: NOW - 3 * DAY };

let db: KefuDatabase;
let view: Rendered | undefined;
let sent: string[];

beforeEach(() => {
  fakeBrowser.reset();
  sent = recordBackgroundMessages();
  db = freshDb();
});
afterEach(async () => {
  view?.unmount();
  view = undefined;
  await db.delete();
});

async function show(opts: { lang?: 'zh' | 'en'; limit?: number } = {}) {
  const opened: string[] = [];
  view = render(<TodayFollowUps db={db} author="小李" now={NOW} limit={opts.limit} onOpenCustomer={(id) => opened.push(id)} />, opts.lang);
  const rendered = view;
  await vi.waitFor(() => expect(rendered.all('followups-today')).toHaveLength(1));
  return { view: rendered, opened };
}

const rows = () => view!.all('followup-due');
const names = () => rows().map((row) => row.querySelector('[data-testid="followup-open"]')?.textContent);

describe('TodayFollowUps', () => {
  it('lists today’s and every overdue follow-up of all customers, most overdue first', async () => {
    const ahua = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    const xm = await customerForContext(db, { platform: 'pinduoduo', buyerName: '小明' }, who);
    await addFollowUp(db, ahua.id, { dueAt: NOW + 4 * HOUR, reason: '节日问候' }, who);
    await addFollowUp(db, xm.id, { dueAt: NOW - 2 * DAY, reason: '确认换货已收到' }, who);
    await addFollowUp(db, xm.id, { dueAt: NOW + DAY, reason: '明天的' }, who);
    const done = await addFollowUp(db, ahua.id, { dueAt: NOW - HOUR, reason: '已处理' }, who);
    await completeFollowUp(db, done.id, who);

    const { view } = await show();
    await vi.waitFor(() => expect(names()).toEqual(['小明', '阿花']));
    expect(rows().map((row) => row.querySelector('.followup-reason')?.textContent)).toEqual(['确认换货已收到', '节日问候']);
    expect(rows().map((row) => row.dataset.state)).toEqual(['overdue', 'today']);
    expect(view.one('followup-overdue', rows()[0]).textContent).toBe('已逾期 2 天');
    expect(rows()[0]?.textContent).toContain('拼多多');
    expect(rows()[1]?.textContent).toContain('今天 14:00');
  });

  it('opens the customer’s record from their name', async () => {
    const ahua = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    await addFollowUp(db, ahua.id, { dueAt: NOW, reason: '回访' }, who);
    const { view, opened } = await show();
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    view.one('followup-open').click();
    expect(opened).toEqual([ahua.id]);
  });

  it('drops a row once done or snoozed past today; an hour’s snooze stays on today’s list', async () => {
    const ahua = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    const a = await addFollowUp(db, ahua.id, { dueAt: NOW - HOUR, reason: '甲' }, who);
    await addFollowUp(db, ahua.id, { dueAt: NOW - 2 * HOUR, reason: '乙' }, who);
    await addFollowUp(db, ahua.id, { dueAt: NOW - 3 * HOUR, reason: '丙' }, who);
    const { view } = await show();
    await vi.waitFor(() => expect(rows()).toHaveLength(3));

    view.one('followup-done', rows()[0]).click();
    await vi.waitFor(() => expect(rows()).toHaveLength(2));
    view.one('followup-snooze-tomorrow', rows()[0]).click();
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    view.one('followup-snooze-hour', rows()[0]).click();
    await vi.waitFor(() => expect(rows()[0]?.dataset.state).toBe('today'));
    expect(await getFollowUp(db, a.id)).toMatchObject({ remindAt: NOW + HOUR, author: '小李' });
    expect(sent.filter((type) => type === 'rescheduleFollowUpReminders')).toHaveLength(3);
  });

  it('says when nothing is due, and when the list is cut', async () => {
    const { view } = await show({ lang: 'en' });
    await vi.waitFor(() => expect(view.container.textContent).toContain('No follow-ups due today.'));
    view.unmount();

    const ahua = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    for (let i = 0; i < 3; i++) await addFollowUp(db, ahua.id, { dueAt: NOW - i * HOUR, reason: `回访 ${i}` }, who);
    const cut = await show({ limit: 2 });
    await vi.waitFor(() => expect(rows()).toHaveLength(2));
    expect(cut.view.container.textContent).toContain('只显示最早到期的 2 条。');
  });
});
