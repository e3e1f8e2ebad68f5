import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { customerForContext } from '@/lib/db/customers';
import type { KefuDatabase } from '@/lib/db/database';
import { addFollowUp, completeFollowUp, listFollowUps } from '@/lib/db/follow-ups';
import { freshDb } from '@/lib/db/testing';
import { FollowUpsSection } from './FollowUpsSection';
import { recordBackgroundMessages, render, typeInto, type Rendered } from './render-testing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const local = (month: number, day: number, hour: number, minute = 0) => new Date(2026, month - 1, day, hour, minute).getTime();
// Local 10:00 on 10 March 2026: "today" and "tomorrow" hold in any time zone.
const NOW = local(3, 10, 10);
const who = { author: '小王', now: NOW - DAY };

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

async function setup(lang: 'zh' | 'en' = 'zh') {
  const customer = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
  view = render(<FollowUpsSection db={db} customerId={customer.id} author="小王" now={NOW} />, lang);
  // React renders asynchronously: wait for the form (and the first list read).
  const rendered = view;
  await vi.waitFor(() => expect(rendered.all('followup-save')).toHaveLength(1));
  return { customer, view: rendered };
}

const items = () => view!.all('followup-item');
const texts = () => items().map((li) => li.querySelector('.followup-reason')?.textContent);

describe('FollowUpsSection', () => {
  it('plans a follow-up for tomorrow 10:00 by default, with a reason picked in one click', async () => {
    const { customer, view } = await setup();
    const date = view.one('followup-date') as HTMLInputElement;
    expect(date.type).toBe('datetime-local');
    expect(date.value).toBe('2026-03-11T10:00');
    await vi.waitFor(() => expect(view.container.textContent).toContain('还没有回访计划'));

    view.all('followup-pick').find((b) => b.textContent === '确认换货已收到')!.click();
    await vi.waitFor(() => expect((view.one('followup-reason') as HTMLInputElement).value).toBe('确认换货已收到'));
    view.one('followup-save').click();

    await vi.waitFor(() => expect(texts()).toEqual(['确认换货已收到']));
    expect(items()[0]?.textContent).toContain('明天 10:00');
    const [saved] = await listFollowUps(db, customer.id);
    expect(saved).toMatchObject({ dueAt: local(3, 11, 10), reason: '确认换货已收到', status: 'open', author: '小王' });
    expect((view.one('followup-reason') as HTMLInputElement).value).toBe('');
    await vi.waitFor(() => expect(sent).toContain('rescheduleFollowUpReminders'));
  });

  it('takes the date and time typed, and says what to fix beside the field', async () => {
    const { customer, view } = await setup();
    view.one('followup-save').click();
    await vi.waitFor(() => expect(view.one('followup-error-reason').textContent).toBe('请填写回访事由，例如“确认换货已收到”。'));

    typeInto(view.one('followup-date'), '');
    typeInto(view.one('followup-reason'), '节日问候');
    view.one('followup-save').click();
    await vi.waitFor(() => expect(view.one('followup-error-dueAt').textContent).toBe('请选择回访日期和时间。'));
    expect(view.all('followup-error-reason')).toEqual([]);

    typeInto(view.one('followup-date'), '2026-03-14T15:30');
    view.one('followup-save').click();
    await vi.waitFor(() => expect(texts()).toEqual(['节日问候']));
    expect(view.all('followup-error-dueAt')).toEqual([]);
    expect((await listFollowUps(db, customer.id))[0]?.dueAt).toBe(local(3, 14, 15, 30));
  });

  it('lists open ones first by due time, overdue flagged with how long, today’s highlighted, then done ones', async () => {
    const { customer, view } = await setup();
    await addFollowUp(db, customer.id, { dueAt: NOW + 2 * DAY, reason: '以后' }, who);
    await addFollowUp(db, customer.id, { dueAt: NOW + 3 * HOUR, reason: '今天' }, who);
    await addFollowUp(db, customer.id, { dueAt: NOW - 2 * DAY, reason: '逾期' }, who);
    const done = await addFollowUp(db, customer.id, { dueAt: NOW - HOUR, reason: '已完成' }, who);
    await completeFollowUp(db, done.id, { author: '小李', now: NOW - HOUR });

    await vi.waitFor(() => expect(texts()).toEqual(['逾期', '今天', '以后', '已完成']));
    expect(items().map((li) => li.dataset.state)).toEqual(['overdue', 'today', 'later', 'done']);
    expect(view.one('followup-overdue', items()[0]).textContent).toBe('已逾期 2 天');
    expect(view.one('followup-today-flag', items()[1]).textContent).toBe('今天到期');
    expect(items()[3]?.textContent).toContain('小李 已于 今天 09:00 完成');
    expect(view.all('followup-done', items()[3])).toEqual([]);
    expect(view.all('followup-reopen', items()[3])).toHaveLength(1);
  });

  it('marks done and reopens, snoozes an hour or to tomorrow morning', async () => {
    const { customer, view } = await setup();
    const f = await addFollowUp(db, customer.id, { dueAt: NOW - HOUR, reason: '确认退款已到账' }, who);
    await vi.waitFor(() => expect(items()).toHaveLength(1));

    view.one('followup-done').click();
    await vi.waitFor(() => expect(items()[0]?.dataset.status).toBe('done'));
    expect((await listFollowUps(db, customer.id))[0]).toMatchObject({ status: 'done', doneBy: '小王', doneAt: NOW });
    view.one('followup-reopen').click();
    await vi.waitFor(() => expect(items()[0]?.dataset.status).toBe('open'));

    view.one('followup-snooze-hour').click();
    await vi.waitFor(() => expect(items()[0]?.dataset.state).toBe('today'));
    expect((await listFollowUps(db, customer.id))[0]?.remindAt).toBe(NOW + HOUR);
    expect(items()[0]?.textContent).toContain('原定 今天 09:00');

    view.one('followup-snooze-tomorrow').click();
    await vi.waitFor(() => expect(items()[0]?.dataset.state).toBe('later'));
    expect((await listFollowUps(db, customer.id))[0]).toMatchObject({ id: f.id, dueAt: NOW - HOUR, remindAt: local(3, 11, 9) });
    expect(sent.filter((type) => type === 'rescheduleFollowUpReminders')).toHaveLength(4);
  });

  it('deletes with undo', async () => {
    const { customer, view } = await setup();
    const f = await addFollowUp(db, customer.id, { dueAt: NOW + DAY, reason: '节日问候' }, who);
    await vi.waitFor(() => expect(items()).toHaveLength(1));
    view.one('followup-delete').click();
    await vi.waitFor(() => expect(items()).toHaveLength(0));
    expect(view.one('followup-undo-notice').textContent).toContain('已删除回访“节日问候”。');

    view.one('followup-undo').click();
    await vi.waitFor(() => expect(texts()).toEqual(['节日问候']));
    expect(view.all('followup-undo-notice')).toEqual([]);
    expect(await listFollowUps(db, customer.id)).toEqual([expect.objectContaining({ id: f.id, dueAt: NOW + DAY, reason: '节日问候', status: 'open' })]);
  });

  it('speaks English when the sidebar does', async () => {
    const { customer, view } = await setup('en');
    await addFollowUp(db, customer.id, { dueAt: NOW - 2 * DAY, reason: 'Holiday greeting' }, who);
    await vi.waitFor(() => expect(items()).toHaveLength(1));
    expect(view.one('followup-save').textContent).toBe('Add follow-up');
    expect(view.all('followup-pick').map((b) => b.textContent)).toContain('Confirm the exchange arrived');
    expect(view.one('followup-overdue').textContent).toBe('Overdue by 2 d');
    expect(view.one('followup-snooze-tomorrow').textContent).toBe('Tomorrow morning');
  });
});
