import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerForContext, eraseCustomer, getCustomer } from './customers';
import type { KefuDatabase } from './database';
import { addFollowUp, completeFollowUp, reopenFollowUp, snoozeFollowUp } from './follow-ups';
import { UsageEvent } from './records';
import { createReply, deleteReply, getReply, recordReplyUse } from './replies';
import { expectAppError, freshDb } from './testing';
import { appendUsageEvent, listUsageEvents } from './usage-events';

const HOUR = 3_600_000;
const NOW = new Date(2026, 2, 10, 10, 0).getTime();
const who = { author: '小王', now: NOW };
const draft = { title: '退款流程', body: '您好，退款将在1-3个工作日内原路退回。', group: '售后', code: '/tk', tags: [], variants: [], pinned: false };

let db: KefuDatabase;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  await db.delete();
});

const all = async () => (await db.usageEvents.toArray()).sort((a, b) => a.createdAt - b.createdAt);

describe('usage events', () => {
  it('an insertion counts the reply, lists it on the buyer’s record and records who, where and for whom, in one write', async () => {
    const reply = await createReply(db, draft, who);
    const buyer = await customerForContext(db, { platform: 'feige', shop: '花花旗舰店', buyerName: '阿花' }, who);
    await recordReplyUse(db, reply.id, { author: '小李', now: NOW + 1, platform: 'feige', shop: ' 花花旗舰店 ', customerId: buyer.id });
    await recordReplyUse(db, reply.id, { author: '小王', now: NOW + 2, platform: '', shop: '' });

    expect((await getReply(db, reply.id)).usageCount).toBe(2);
    expect((await getCustomer(db, buyer.id)).repliesUsed).toEqual([{ replyId: reply.id, usedAt: NOW + 1 }]);
    const events = await all();
    expect(events.map((e) => ({ ...e, id: undefined }))).toEqual([
      { id: undefined, kind: 'reply-inserted', replyId: reply.id, platform: 'feige', shop: '花花旗舰店', customerId: buyer.id, author: '小李', createdAt: NOW + 1, updatedAt: NOW + 1 },
      { id: undefined, kind: 'reply-inserted', replyId: reply.id, author: '小王', createdAt: NOW + 2, updatedAt: NOW + 2 },
    ]);
    for (const e of events) expect(UsageEvent.safeParse(e).success).toBe(true);
  });

  it('a failed insertion record writes nothing: no count, no buyer entry, no event', async () => {
    const reply = await createReply(db, draft, who);
    const buyer = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    // The event's write fails (as on a full disk): the count and the buyer's list roll back with it.
    const failWrite = () => {
      throw new Error('QuotaExceededError');
    };
    db.usageEvents.hook('creating', failWrite);
    await expect(recordReplyUse(db, reply.id, { ...who, customerId: buyer.id })).rejects.toThrow('QuotaExceededError');
    db.usageEvents.hook('creating').unsubscribe(failWrite);
    expect((await getReply(db, reply.id)).usageCount).toBe(0);
    expect((await getCustomer(db, buyer.id)).repliesUsed).toBeUndefined();

    await deleteReply(db, reply.id, who);
    await expectAppError(recordReplyUse(db, reply.id, who), 'not-found');
    expect(await db.usageEvents.count()).toBe(0);
  });

  it('an insertion for a buyer erased meanwhile still counts, for nobody; overlong page text is clipped', async () => {
    const reply = await createReply(db, draft, who);
    const buyer = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    await eraseCustomer(db, buyer.id, who);
    await recordReplyUse(db, reply.id, { ...who, customerId: buyer.id, shop: '店'.repeat(150) });
    expect((await getReply(db, reply.id)).usageCount).toBe(1);
    const [event] = await all();
    expect(event).toMatchObject({ kind: 'reply-inserted', shop: '店'.repeat(100) });
    expect(event && 'customerId' in event ? event.customerId : undefined).toBeUndefined();
  });

  it('follow-ups record done, snoozed and reopened; doing it twice records once', async () => {
    const buyer = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    const f = await addFollowUp(db, buyer.id, { dueAt: NOW, reason: '回访' }, who);
    await snoozeFollowUp(db, f.id, NOW + 3 * HOUR, { author: '小王', now: NOW + 1 });
    await completeFollowUp(db, f.id, { author: '小李', now: NOW + 2 });
    await completeFollowUp(db, f.id, { author: '小李', now: NOW + 3 });
    await reopenFollowUp(db, f.id, { author: '小李', now: NOW + 4 });
    await reopenFollowUp(db, f.id, { author: '小李', now: NOW + 5 });
    expect((await all()).map((e) => [e.kind, e.author, e.createdAt, 'until' in e ? e.until : null])).toEqual([
      ['follow-up-snoozed', '小王', NOW + 1, NOW + 3 * HOUR],
      ['follow-up-done', '小李', NOW + 2, null],
      ['follow-up-reopened', '小李', NOW + 4, null],
    ]);
    // A snooze that is refused (in the past) records nothing.
    await expectAppError(snoozeFollowUp(db, f.id, NOW - HOUR, who), 'validation', 'snoozedUntil', 'snooze-in-past');
    expect(await db.usageEvents.count()).toBe(3);
  });

  it('lists one kind over a time range, half-open, oldest first', async () => {
    const reply = await createReply(db, draft, who);
    for (const at of [NOW + 30, NOW, NOW + 10, NOW + 20]) await recordReplyUse(db, reply.id, { author: '', now: at });
    const buyer = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    const f = await addFollowUp(db, buyer.id, { dueAt: NOW, reason: '回访' }, who);
    await completeFollowUp(db, f.id, { author: '', now: NOW + 15 });
    expect((await listUsageEvents(db, 'reply-inserted', NOW, NOW + 30)).map((e) => e.createdAt)).toEqual([NOW, NOW + 10, NOW + 20]);
    expect((await listUsageEvents(db, 'follow-up-done', NOW, NOW + 30)).map((e) => e.createdAt)).toEqual([NOW + 15]);
    expect(await listUsageEvents(db, 'reply-inserted', NOW + 30, NOW)).toEqual([]);
  });

  it('refuses an event with invalid fields and says which', async () => {
    const err = await expectAppError(
      db.transaction('rw', db.usageEvents, () => appendUsageEvent(db, { kind: 'reply-inserted', replyId: '' }, who)),
      'validation',
    );
    expect(err.message).toContain('replyId');
    expect(await db.usageEvents.count()).toBe(0);
  });

  it('erasing a customer erases the events that point at them, and only those', async () => {
    const reply = await createReply(db, draft, who);
    const ahua = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
    const xm = await customerForContext(db, { platform: 'feige', buyerName: '小明' }, who);
    await recordReplyUse(db, reply.id, { ...who, customerId: ahua.id });
    await recordReplyUse(db, reply.id, { ...who, customerId: xm.id });
    await recordReplyUse(db, reply.id, who);
    const f = await addFollowUp(db, ahua.id, { dueAt: NOW, reason: '回访' }, who);
    await completeFollowUp(db, f.id, who);

    await eraseCustomer(db, ahua.id, who);
    const left = await all();
    expect(left).toHaveLength(2);
    expect(left.map((e) => ('customerId' in e ? e.customerId : undefined)).sort()).toEqual([undefined, xm.id].sort());
    expect(JSON.stringify(left)).not.toContain(ahua.id);
    // The reply's own count is not about the buyer and stays.
    expect((await getReply(db, reply.id)).usageCount).toBe(3);
  });
});
