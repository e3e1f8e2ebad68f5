import { afterEach, describe, expect, it } from 'vitest';
import { customerForContext, eraseCustomer } from './customers';
import type { KefuDatabase } from './database';
import {
  addFollowUp,
  completeFollowUp,
  deleteFollowUp,
  endOfLocalDay,
  listDueFollowUps,
  listFollowUps,
  reopenFollowUp,
  restoreFollowUp,
  snoozeFollowUp,
} from './follow-ups';
import { expectAppError, freshDb } from './testing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Local 10:00 on some day, so "today" is unambiguous in any time zone the tests run in.
const NOW = new Date(2026, 2, 10, 10, 0).getTime();
const who = { author: '小王', now: NOW };

let db: KefuDatabase;
afterEach(async () => {
  await db?.delete();
});

describe('follow-ups repository', () => {
  it('lists today’s and overdue open follow-ups, soonest first, with their customer', async () => {
    db = freshDb();
    const a = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    const b = await customerForContext(db, { platform: 'feige', buyerName: '小明' }, who);
    const overdue = await addFollowUp(db, a.id, { dueAt: NOW - 3 * DAY, reason: '确认换货已收到' }, who);
    const tonight = await addFollowUp(db, b.id, { dueAt: NOW + 11 * HOUR, reason: '节日问候' }, who);
    const earlier = await addFollowUp(db, b.id, { dueAt: NOW - HOUR, reason: '催付' }, who);
    await addFollowUp(db, a.id, { dueAt: endOfLocalDay(NOW), reason: '明天' }, who);
    const done = await addFollowUp(db, a.id, { dueAt: NOW - DAY, reason: '已处理' }, who);
    await completeFollowUp(db, done.id, { author: '小李', now: NOW });

    const due = await listDueFollowUps(db, NOW);
    expect(due.map((d) => d.followUp.id)).toEqual([overdue.id, earlier.id, tonight.id]);
    expect(due.map((d) => d.customer.displayName)).toEqual(['阿花', '小明', '小明']);
    expect(due[0]?.customer).not.toHaveProperty('terms');
    expect((await listDueFollowUps(db, NOW, { limit: 2 })).map((d) => d.followUp.id)).toEqual([overdue.id, earlier.id]);
  });

  it('snoozes: due again later, original date kept; only forward in time, only open ones', async () => {
    db = freshDb();
    const c = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    const f = await addFollowUp(db, c.id, { dueAt: NOW - HOUR, reason: '回访' }, who);
    const s = await snoozeFollowUp(db, f.id, NOW + 2 * DAY, { ...who, now: NOW });
    expect(s).toMatchObject({ dueAt: NOW - HOUR, snoozedUntil: NOW + 2 * DAY, remindAt: NOW + 2 * DAY, status: 'open' });
    expect(await listDueFollowUps(db, NOW)).toEqual([]);
    expect((await listDueFollowUps(db, NOW + 2 * DAY)).map((d) => d.followUp.id)).toEqual([f.id]);
    await expectAppError(snoozeFollowUp(db, f.id, NOW - 1, who), 'validation', 'snoozedUntil', 'snooze-in-past');
    await completeFollowUp(db, f.id, who);
    await expectAppError(snoozeFollowUp(db, f.id, NOW + DAY, who), 'validation', 'status', 'follow-up-already-done');
  });

  it('marks done with who and when, and reopens', async () => {
    db = freshDb();
    const c = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    const f = await addFollowUp(db, c.id, { dueAt: NOW, reason: '回访' }, who);
    const d = await completeFollowUp(db, f.id, { author: '小李', now: NOW + 5 });
    expect(d).toMatchObject({ status: 'done', doneAt: NOW + 5, doneBy: '小李' });
    expect((await completeFollowUp(db, f.id, { author: '别人', now: NOW + 9 })).doneAt).toBe(NOW + 5);
    const r = await reopenFollowUp(db, f.id, who);
    expect(r.status).toBe('open');
    expect(r.doneAt).toBeUndefined();
    expect((await listDueFollowUps(db, NOW)).map((x) => x.followUp.id)).toEqual([f.id]);
  });

  it('lists a customer’s follow-ups: open by due time, then done; deleted ones gone', async () => {
    db = freshDb();
    const c = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    const late = await addFollowUp(db, c.id, { dueAt: NOW + DAY, reason: '后' }, who);
    const soon = await addFollowUp(db, c.id, { dueAt: NOW, reason: '先' }, who);
    const done = await addFollowUp(db, c.id, { dueAt: NOW - DAY, reason: '完成' }, who);
    const gone = await addFollowUp(db, c.id, { dueAt: NOW, reason: '误加' }, who);
    await completeFollowUp(db, done.id, who);
    await deleteFollowUp(db, gone.id, who);
    expect((await listFollowUps(db, c.id)).map((f) => f.id)).toEqual([soon.id, late.id, done.id]);
    expect(await listDueFollowUps(db, NOW)).toHaveLength(1);
  });

  it('restores a deleted follow-up as it was, under the same id', async () => {
    db = freshDb();
    const c = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    const f = await addFollowUp(db, c.id, { dueAt: NOW, reason: '确认换货已收到' }, who);
    const snoozed = await snoozeFollowUp(db, f.id, NOW + 2 * HOUR, { author: '小王', now: NOW + 1 });
    await deleteFollowUp(db, f.id, { author: '小王', now: NOW + 2 });
    const back = await restoreFollowUp(db, f.id, { author: '小李', now: NOW + 3 });
    expect(back).toEqual({ ...snoozed, updatedAt: NOW + 3, author: '小李' });
    expect((await db.followUps.get(f.id))?.deletedAt).toBeUndefined();
    expect((await listFollowUps(db, c.id)).map((x) => x.id)).toEqual([f.id]);
    // Restoring a live one changes nothing.
    expect(await restoreFollowUp(db, f.id, { author: '别人', now: NOW + 9 })).toEqual(back);
  });

  it('does not restore a follow-up of an erased customer', async () => {
    db = freshDb();
    const c = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    const f = await addFollowUp(db, c.id, { dueAt: NOW, reason: '回访' }, who);
    await deleteFollowUp(db, f.id, who);
    await eraseCustomer(db, c.id, who);
    await expectAppError(restoreFollowUp(db, f.id, who), 'not-found');
  });

  it('says what to fix in the form', async () => {
    db = freshDb();
    const c = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    await expectAppError(addFollowUp(db, c.id, { reason: '回访' }, who), 'validation', 'dueAt', 'due-required');
    await expectAppError(addFollowUp(db, c.id, { dueAt: NOW, reason: ' ' }, who), 'validation', 'reason', 'reason-required');
    await expectAppError(addFollowUp(db, 'missing', { dueAt: NOW, reason: '回访' }, who), 'not-found', 'form', 'customer-not-found');
    expect(await db.followUps.count()).toBe(0);
  });
});
