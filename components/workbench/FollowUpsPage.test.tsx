import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { customerForContext } from '@/lib/db/customers';
import type { KefuDatabase } from '@/lib/db/database';
import { addFollowUp, getFollowUp } from '@/lib/db/follow-ups';
import { freshDb } from '@/lib/db/testing';
import { recordBackgroundMessages, render, type Rendered } from '@/components/sidebar/render-testing';
import { until } from './testing-seed';
import { FollowUpsPage } from './FollowUpsPage';
import { DAY, HOUR, NOW } from './testing-seed';

let db: KefuDatabase;
let view: Rendered | undefined;
let sent: string[];
const who = { author: '小王', now: NOW - 3 * DAY };

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

async function seed() {
  const ahua = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
  const xm = await customerForContext(db, { platform: 'pinduoduo', buyerName: '小明' }, who);
  const overdue = await addFollowUp(db, xm.id, { dueAt: NOW - 2 * DAY, reason: '确认换货已收到' }, who);
  const today = await addFollowUp(db, ahua.id, { dueAt: NOW + 4 * HOUR, reason: '节日问候' }, who);
  const soon = await addFollowUp(db, ahua.id, { dueAt: NOW + 2 * DAY, reason: '问问尺码合不合适' }, who);
  const later = await addFollowUp(db, xm.id, { dueAt: NOW + 20 * DAY, reason: '新品到货通知' }, who);
  return { overdue, today, soon, later };
}

const show = (lang: 'zh' | 'en' = 'zh') => {
  view = render(<FollowUpsPage db={db} author="小李" now={NOW} />, lang);
  return view;
};
const reasons = (testid: string) => view!.all(testid).map((r) => r.querySelector('.followup-reason')?.textContent);

describe('FollowUpsPage', () => {
  it('lists today’s and overdue follow-ups of all customers, then the upcoming ones', async () => {
    await seed();
    const view = show();
    await until(() => expect(reasons('followup-due')).toEqual(['确认换货已收到', '节日问候']));
    expect(view.all('followup-due').map((r) => r.dataset.state)).toEqual(['overdue', 'today']);
    expect(view.all('followup-due').map((r) => view.one('followup-customer', r).textContent)).toEqual(['小明', '阿花']);
    expect(view.all('followup-due')[0]!.textContent).toContain('拼多多');
    expect(view.one('followup-overdue').textContent).toBe('已逾期 2 天');
    await until(() => expect(reasons('followup-upcoming')).toEqual(['问问尺码合不合适']));

    const ahead = view.one('followups-ahead') as HTMLSelectElement;
    ahead.value = '30';
    ahead.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => expect(reasons('followup-upcoming')).toEqual(['问问尺码合不合适', '新品到货通知']));
  });

  it('marks done, snoozes and reopens, rescheduling the reminder each time', async () => {
    const { overdue, today } = await seed();
    const view = show('en');
    await until(() => expect(view.all('followup-due')).toHaveLength(2));

    view.one('followup-done', view.all('followup-due')[0]).click();
    await until(() => expect(reasons('followup-due')).toEqual(['节日问候']));
    expect(reasons('followup-done-row')).toEqual(['确认换货已收到']);
    expect(await getFollowUp(db, overdue.id)).toMatchObject({ status: 'done', doneBy: '小李', doneAt: NOW });

    view.one('followup-snooze-tomorrow', view.all('followup-due')[0]).click();
    await until(() => expect(view.all('followup-due')).toHaveLength(0));
    expect(view.container.textContent).toContain('No follow-ups due today.');
    await until(() => expect(reasons('followup-upcoming')).toEqual(['节日问候', '问问尺码合不合适']));
    expect((await getFollowUp(db, today.id)).snoozedUntil).toBeGreaterThan(NOW);

    view.one('followup-reopen').click();
    await until(() => expect(reasons('followup-due')).toEqual(['确认换货已收到']));
    expect(view.all('followup-done-row')).toHaveLength(0);
    expect((await getFollowUp(db, overdue.id)).status).toBe('open');
    expect(sent.filter((type) => type === 'rescheduleFollowUpReminders')).toHaveLength(3);
  });
});
