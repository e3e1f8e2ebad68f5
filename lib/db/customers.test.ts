import { afterEach, describe, expect, it } from 'vitest';
import {
  customerForContext,
  eraseCustomer,
  exportCustomer,
  findCustomer,
  findCustomerForContext,
  getCustomer,
  listRecentCustomers,
  recordOrder,
  recordReplyForCustomer,
  renameCustomer,
  SEEN_RESOLUTION_MS,
  setCustomerPreferences,
  setCustomerTags,
} from './customers';
import { searchCustomers } from './customer-search';
import type { KefuDatabase } from './database';
import { addFollowUp, listDueFollowUps, listFollowUps } from './follow-ups';
import { addNote, deleteNote, editNote, listNotes } from './notes';
import { addCaseNote, openCase, setStepDone } from './cases';
import { createTemplate } from './checklist-templates';
import { CustomerExport } from './customer-export';
import { expectAppError, freshDb } from './testing';

const T0 = Date.UTC(2026, 2, 10, 2, 0);
const who = { author: '小王', now: T0 };
const feige = { platform: 'feige', shop: '花花旗舰店' };

let db: KefuDatabase;
afterEach(async () => {
  await db?.delete();
});

describe('customerForContext', () => {
  it('creates the record on first contact and finds it again', async () => {
    db = freshDb();
    const c = await customerForContext(db, { ...feige, buyerName: '王小明', orderId: '6912345678901234' }, who);
    expect(c).toMatchObject({
      platform: 'feige',
      shop: '花花旗舰店',
      buyerId: '王小明',
      nickname: '王小明',
      displayName: '王小明',
      renamed: false,
      tags: [],
      preferences: {},
      orders: [{ orderId: '6912345678901234', status: '', seenAt: T0 }],
      lastSeenAt: T0,
      createdAt: T0,
      author: '小王',
    });
    expect(c).not.toHaveProperty('terms');
    const again = await customerForContext(db, { ...feige, buyerName: '王小明' }, { author: '小李', now: T0 + 1000 });
    expect(again).toEqual(c);
    expect(await db.customers.count()).toBe(1);
  });

  it('gives the same buyer the same record id on every device, and a buyer erased before a new one', async () => {
    db = freshDb();
    const other = freshDb();
    try {
      const here = await customerForContext(db, { ...feige, buyerName: '王小明' }, who);
      const there = await customerForContext(other, { ...feige, buyerName: '王小明', orderId: '123' }, { author: '小李', now: T0 + 5 });
      expect(there.id).toBe(here.id);
      expect((await customerForContext(db, { ...feige, buyerName: '李四' }, who)).id).not.toBe(here.id);
      expect((await customerForContext(db, { platform: 'pinduoduo', buyerName: '王小明' }, who)).id).not.toBe(here.id);

      // Erased on both devices (the tombstone syncs): the buyer's next record has a new id, the same on both.
      await eraseCustomer(db, here.id, who);
      await eraseCustomer(other, there.id, who);
      const next = await customerForContext(db, { ...feige, buyerName: '王小明' }, who);
      expect(next.id).not.toBe(here.id);
      expect((await customerForContext(other, { ...feige, buyerName: '王小明' }, who)).id).toBe(next.id);
      expect(await db.customers.get(here.id)).toMatchObject({ erased: true });
    } finally {
      await other.delete();
    }
  });

  it('finds the record a context names without writing, by the same key customerForContext uses', async () => {
    db = freshDb();
    expect(await findCustomerForContext(db, { ...feige, buyerName: ' 王小明 ' })).toBeUndefined();
    expect(await db.customers.count()).toBe(0);
    const c = await customerForContext(db, { ...feige, buyerName: '王小明' }, who);
    // Trimmed like customerForContext; a new order on screen is not written.
    const found = await findCustomerForContext(db, { ...feige, buyerName: ' 王小明 ', orderId: '6912345678901234' });
    expect(found).toEqual(c);
    expect((await getCustomer(db, c.id)).orders).toEqual([]);
    expect(await findCustomerForContext(db, { ...feige, shop: '别的店', buyerName: '王小明' })).toBeUndefined();
    await expectAppError(findCustomerForContext(db, { ...feige, buyerName: '  ' }), 'validation', 'buyerId', 'buyer-id-required');
  });

  it('keys by the console buyer id when there is one, so a new nickname is the same buyer', async () => {
    db = freshDb();
    const pdd = { platform: 'pinduoduo' };
    const c = await customerForContext(db, { ...pdd, buyerId: 'uid-8823', buyerName: '小花' }, who);
    const later = await customerForContext(db, { ...pdd, buyerId: 'uid-8823', buyerName: '小花花' }, { ...who, now: T0 + 10 });
    expect(later.id).toBe(c.id);
    expect(later).toMatchObject({ buyerId: 'uid-8823', nickname: '小花花', displayName: '小花花', updatedAt: T0 + 10 });
    // The same buyer id on another shop or console is another customer.
    const otherShop = await customerForContext(db, { ...pdd, shop: '二店', buyerId: 'uid-8823' }, who);
    expect(otherShop.id).not.toBe(c.id);
  });

  it('a buyer entered by hand is both id and display name until renamed', async () => {
    db = freshDb();
    const c = await customerForContext(db, { platform: 'generic', buyerId: '  tb_buyer_77 ' }, who);
    expect(c).toMatchObject({ buyerId: 'tb_buyer_77', displayName: 'tb_buyer_77', shop: '', renamed: false });
    expect(c.nickname).toBeUndefined();
    const renamed = await renameCustomer(db, c.id, '张女士（老客户）', who);
    expect(renamed).toMatchObject({ displayName: '张女士（老客户）', renamed: true, buyerId: 'tb_buyer_77' });
    // A renamed record keeps its name when the console shows a nickname.
    const seen = await customerForContext(db, { platform: 'generic', buyerId: 'tb_buyer_77', buyerName: 'zhang' }, { ...who, now: T0 + 1 });
    expect(seen).toMatchObject({ displayName: '张女士（老客户）', nickname: 'zhang' });
    // Undoing the rename follows the nickname again.
    expect((await renameCustomer(db, c.id, null, who)).displayName).toBe('zhang');
  });

  it('says what to fix when the page shows no buyer', async () => {
    db = freshDb();
    const err = await expectAppError(customerForContext(db, { platform: 'feige', buyerName: '   ' }, who), 'validation', 'buyerId', 'buyer-id-required');
    expect(err.message).toMatch(/type the buyer/);
    await expectAppError(customerForContext(db, { platform: '' }, who), 'validation', 'platform', 'platform-required');
    await expectAppError(customerForContext(db, { platform: 'x', buyerId: 'x'.repeat(101) }, who), 'validation', 'buyerId', 'buyer-id-too-long');
    expect(await db.customers.count()).toBe(0);
  });

  it('reads without writing when the record is current, and refreshes lastSeenAt and orders when stale', async () => {
    db = freshDb();
    const c = await customerForContext(db, { ...feige, buyerName: '阿花', orderId: 'A1' }, who);
    const same = await customerForContext(db, { ...feige, buyerName: '阿花', orderId: 'A1' }, { ...who, now: T0 + SEEN_RESOLUTION_MS - 1 });
    expect(same.updatedAt).toBe(T0);
    const other = await customerForContext(db, { ...feige, buyerName: '阿花', orderId: 'B2' }, { ...who, now: T0 + 2 });
    expect(other.orders.map((o) => o.orderId)).toEqual(['B2', 'A1']);
    expect(other.lastSeenAt).toBe(T0);
    const back = await customerForContext(db, { ...feige, buyerName: '阿花', orderId: 'A1' }, { ...who, now: T0 + SEEN_RESOLUTION_MS });
    expect(back.orders.map((o) => o.orderId)).toEqual(['A1', 'B2']);
    expect(back.lastSeenAt).toBe(T0 + SEEN_RESOLUTION_MS);
    expect((await findCustomer(db, { platform: 'feige', shop: '花花旗舰店', buyerId: '阿花' }))?.id).toBe(c.id);
  });
});

describe('customer fields', () => {
  it('sets tags: built-ins by Chinese name or English label without colour, custom ones with theirs, no duplicates', async () => {
    db = freshDb();
    const c = await customerForContext(db, { ...feige, buyerName: '阿花' }, who);
    const tagged = await setCustomerTags(
      db,
      c.id,
      [{ name: 'vip', color: '#000000' }, { name: 'Repeat buyer' }, { name: '回头客' }, { name: '爱砍价', color: '#3366ff' }, { name: ' 爱砍价 ' }],
      who,
    );
    expect(tagged.tags).toEqual([{ name: 'VIP' }, { name: '回头客' }, { name: '爱砍价', color: '#3366ff' }]);
    await expectAppError(setCustomerTags(db, c.id, [{ name: '' }], who), 'validation', 'tags', 'tag-required');
    await expectAppError(setCustomerTags(db, c.id, [{ name: '急', color: 'red' }], who), 'validation', 'tags', 'tag-color-invalid');
    await expectAppError(setCustomerTags(db, c.id, Array.from({ length: 21 }, (_, i) => ({ name: `t${i}` })), who), 'validation', 'tags', 'too-many-tags');
    expect((await getCustomer(db, c.id)).tags).toHaveLength(3);
  });

  it('sets preferences as free key/value pairs', async () => {
    db = freshDb();
    const c = await customerForContext(db, { ...feige, buyerName: '阿花' }, who);
    const p = await setCustomerPreferences(db, c.id, { 尺码: ' L ', 快递: '顺丰', 联系时间: '晚上 8 点后' }, who);
    expect(p.preferences).toEqual({ 尺码: 'L', 快递: '顺丰', 联系时间: '晚上 8 点后' });
    await expectAppError(setCustomerPreferences(db, c.id, { 尺码: '' }, who), 'validation', 'preferences', 'preference-value-required');
    await expectAppError(setCustomerPreferences(db, c.id, { [' ']: 'x' }, who), 'validation', 'preferences', 'preference-key-required');
  });

  it('records orders mentioned with their status, newest first', async () => {
    db = freshDb();
    const c = await customerForContext(db, { ...feige, buyerName: '阿花', orderId: 'A1' }, who);
    await recordOrder(db, c.id, { orderId: 'B2', status: '待发货' }, { ...who, now: T0 + 1 });
    const r = await recordOrder(db, c.id, { orderId: 'A1', status: '已签收' }, { ...who, now: T0 + 2 });
    expect(r.orders).toEqual([
      { orderId: 'A1', status: '已签收', seenAt: T0 + 2 },
      { orderId: 'B2', status: '待发货', seenAt: T0 + 1 },
    ]);
    // Seen again without a status keeps the recorded one.
    const s = await customerForContext(db, { ...feige, buyerName: '阿花', orderId: 'B2' }, { ...who, now: T0 + 3 });
    expect(s.orders[0]).toEqual({ orderId: 'B2', status: '待发货', seenAt: T0 + 3 });
    await expectAppError(recordOrder(db, c.id, { orderId: ' ' }, who), 'validation', 'orderId', 'order-id-required');
  });

  it('lists recent customers, most recently seen first', async () => {
    db = freshDb();
    const a = await customerForContext(db, { ...feige, buyerName: 'A' }, { ...who, now: T0 });
    const b = await customerForContext(db, { ...feige, buyerName: 'B' }, { ...who, now: T0 + SEEN_RESOLUTION_MS });
    await customerForContext(db, { ...feige, buyerName: 'A' }, { ...who, now: T0 + 2 * SEEN_RESOLUTION_MS });
    expect((await listRecentCustomers(db)).map((c) => c.id)).toEqual([a.id, b.id]);
    expect((await listRecentCustomers(db, 1)).map((c) => c.id)).toEqual([a.id]);
  });

  it('not-found errors name the record and carry a key for the agent', async () => {
    db = freshDb();
    const err = await expectAppError(renameCustomer(db, 'nope', 'x', who), 'not-found', 'form', 'customer-not-found');
    expect(err.message).toContain('nope');
  });
});

describe('eraseCustomer (right to erasure)', () => {
  it('removes notes, follow-ups and every personal field, leaving a content-free tombstone', async () => {
    db = freshDb();
    const c = await customerForContext(db, { ...feige, buyerId: 'uid-1', buyerName: '王小明', orderId: '6912345678901234' }, who);
    await setCustomerTags(db, c.id, [{ name: 'VIP' }], who);
    await setCustomerPreferences(db, c.id, { 尺码: 'L' }, who);
    const n1 = await addNote(db, c.id, { text: '电话 13800000000，只在晚上联系' }, who);
    await editNote(db, n1.id, { text: '只在晚上联系' }, who);
    const n2 = await addNote(db, c.id, { text: '已删除的备注' }, who);
    await deleteNote(db, n2.id, who);
    await addFollowUp(db, c.id, { dueAt: T0, reason: '确认收货' }, who);
    // Someone else's records stay.
    const other = await customerForContext(db, { ...feige, buyerName: '李四' }, who);
    await addNote(db, other.id, { text: '李四的备注' }, who);

    await eraseCustomer(db, c.id, { author: '主管', now: T0 + 100 });

    const row = await db.customers.get(c.id);
    expect(row).toEqual({ id: c.id, createdAt: T0 + 100, updatedAt: T0 + 100, deletedAt: T0 + 100, author: '主管', erased: true });
    expect(await db.notes.where('customerId').equals(c.id).count()).toBe(0);
    expect(await db.followUps.where('customerId').equals(c.id).count()).toBe(0);
    // Nothing of the buyer can be found any more, by any field.
    const everything = JSON.stringify([await db.customers.toArray(), await db.notes.toArray(), await db.followUps.toArray()]);
    for (const trace of ['王小明', 'uid-1', '6912345678901234', '13800000000', '只在晚上', '已删除的备注', '确认收货', 'wangxiaoming']) {
      expect(everything).not.toContain(trace);
    }
    expect(await searchCustomers(db, '王小明')).toEqual([]);
    expect(await listDueFollowUps(db, T0)).toEqual([]);
    await expectAppError(getCustomer(db, c.id), 'not-found');
    expect((await listNotes(db, other.id)).map((n) => n.text)).toEqual(['李四的备注']);

    // The buyer writing again starts a new record; erasing twice is harmless.
    const fresh = await customerForContext(db, { ...feige, buyerId: 'uid-1', buyerName: '王小明' }, who);
    expect(fresh.id).not.toBe(c.id);
    await eraseCustomer(db, c.id, who);
    await expectAppError(eraseCustomer(db, 'never-existed', who), 'not-found');
  });
});

/** A one-step template for the tests that only need some case to exist. */
const tinyTemplate = (name = '一般投诉') => ({
  name,
  type: 'general',
  steps: [{ id: 'record', title: '倾听记录', guidance: '', fields: [], required: true, timeLimitMinutes: 10 }],
});

describe('eraseCustomer and complaint cases', () => {
  it('hard-deletes the customer’s cases and every event of them, and nobody else’s', async () => {
    db = freshDb();
    const template = await createTemplate(db, tinyTemplate(), who);
    const c = await customerForContext(db, { ...feige, buyerName: '王小明', orderId: '6912345678901234' }, who);
    const first = await openCase(db, c.id, { templateId: template.id, summary: '包裹破损，要求补发', orderId: '6912345678901234' }, who);
    await addCaseNote(db, first.id, '买家电话 13800000000', { ...who, now: T0 + 1 });
    const second = await openCase(db, c.id, { templateId: template.id, summary: '第二次投诉' }, { ...who, now: T0 + 2 });
    await setStepDone(db, second.id, 'record', true, { ...who, now: T0 + 3 });
    const other = await customerForContext(db, { ...feige, buyerName: '李四' }, who);
    const kept = await openCase(db, other.id, { templateId: template.id, summary: '李四的投诉' }, who);
    const keptEvents = await db.caseEvents.where('[caseId+createdAt]').between([kept.id, 0], [kept.id, Infinity]).count();

    await eraseCustomer(db, c.id, { author: '主管', now: T0 + 100 });

    expect(await db.cases.where('customerId').equals(c.id).count()).toBe(0);
    expect((await db.cases.toArray()).map((x) => x.id)).toEqual([kept.id]);
    expect(await db.caseEvents.filter((e) => e.caseId === first.id || e.caseId === second.id).count()).toBe(0);
    expect(await db.caseEvents.count()).toBe(keptEvents);
    const everything = JSON.stringify([await db.cases.toArray(), await db.caseEvents.toArray(), await db.customers.toArray()]);
    for (const trace of ['王小明', '包裹破损', '13800000000', '第二次投诉', '6912345678901234']) expect(everything).not.toContain(trace);
    // The template is the team's, not the buyer's: it stays.
    expect(await db.checklistTemplates.count()).toBe(1);
  });
});

describe('exportCustomer', () => {
  it('exports the whole record, deleted notes and earlier wordings included, as validated JSON', async () => {
    db = freshDb();
    const c = await customerForContext(db, { ...feige, buyerName: '王小明', orderId: 'A1' }, who);
    await setCustomerPreferences(db, c.id, { 尺码: 'L' }, who);
    const n1 = await addNote(db, c.id, { text: '第一版' }, { author: '小王', now: T0 + 1 });
    await editNote(db, n1.id, { text: '第二版' }, { author: '小李', now: T0 + 2 });
    const n2 = await addNote(db, c.id, { text: '删掉的' }, { ...who, now: T0 + 3 });
    await deleteNote(db, n2.id, who);
    await addFollowUp(db, c.id, { dueAt: T0 + 86_400_000, reason: '节日问候' }, who);

    const out = await exportCustomer(db, c.id, { now: T0 + 10 });
    const roundTrip = CustomerExport.parse(JSON.parse(JSON.stringify(out)));
    expect(roundTrip).toEqual(out);
    expect(out).toMatchObject({ format: 'kefu-customer-export', version: 2, exportedAt: T0 + 10 });
    expect(out.customer).toMatchObject({ id: c.id, displayName: '王小明', preferences: { 尺码: 'L' } });
    expect(out.notes.map((n) => [n.text, n.deletedAt !== undefined])).toEqual([
      ['第二版', false],
      ['删掉的', true],
    ]);
    expect(out.notes[0]?.history).toEqual([{ text: '第一版', author: '小王', writtenAt: T0 + 1 }]);
    expect(out.followUps.map((f) => f.reason)).toEqual(['节日问候']);
    expect(JSON.stringify(out)).not.toContain('"terms"');
    expect(await listFollowUps(db, c.id)).toHaveLength(1);
    expect(out.cases).toEqual([]);
    expect(out.caseEvents).toEqual([]);
  });

  it('includes the customer’s complaint cases and their full history, oldest first', async () => {
    db = freshDb();
    const template = await createTemplate(db, tinyTemplate(), who);
    const c = await customerForContext(db, { ...feige, buyerName: '王小明' }, who);
    const other = await customerForContext(db, { ...feige, buyerName: '李四' }, who);
    await openCase(db, other.id, { templateId: template.id, summary: '李四的投诉' }, who);
    const later = await openCase(db, c.id, { templateId: template.id, summary: '第二次' }, { ...who, now: T0 + 20 });
    const first = await openCase(db, c.id, { templateId: template.id, summary: '第一次', severity: 'high' }, { ...who, now: T0 + 10 });
    await setStepDone(db, first.id, 'record', true, { author: '小李', now: T0 + 30 });
    await addCaseNote(db, first.id, '已联系仓库', { author: '小李', now: T0 + 40 });

    const out = await exportCustomer(db, c.id, { now: T0 + 50 });
    expect(CustomerExport.parse(JSON.parse(JSON.stringify(out)))).toEqual(out);
    expect(out.cases.map((x) => [x.id, x.summary])).toEqual([
      [first.id, '第一次'],
      [later.id, '第二次'],
    ]);
    expect(out.cases[0]?.steps[0]).toMatchObject({ doneAt: T0 + 30, doneBy: '小李' });
    expect(out.caseEvents.map((e) => [e.caseId, e.kind, e.author])).toEqual([
      [first.id, 'opened', '小王'],
      [first.id, 'step-done', '小李'],
      [first.id, 'note', '小李'],
      [later.id, 'opened', '小王'],
    ]);
    expect(JSON.stringify(out)).not.toContain('李四的投诉');
  });
});

describe('recordReplyForCustomer', () => {
  it('keeps the replies sent to a buyer newest first, once each, within the cap, and exports them', async () => {
    db = freshDb();
    const c = await customerForContext(db, { ...feige, buyerName: '王小明' }, who);
    await recordReplyForCustomer(db, c.id, 'r-greeting', { ...who, now: T0 + 1 });
    await recordReplyForCustomer(db, c.id, 'r-refund', { ...who, now: T0 + 2 });
    const again = await recordReplyForCustomer(db, c.id, 'r-greeting', { ...who, now: T0 + 3 });
    expect(again.repliesUsed).toEqual([
      { replyId: 'r-greeting', usedAt: T0 + 3 },
      { replyId: 'r-refund', usedAt: T0 + 2 },
    ]);
    for (let i = 0; i < 40; i++) await recordReplyForCustomer(db, c.id, `r-${i}`, { ...who, now: T0 + 10 + i });
    const full = await getCustomer(db, c.id);
    expect(full.repliesUsed).toHaveLength(30);
    expect(full.repliesUsed?.[0]?.replyId).toBe('r-39');
    expect((await exportCustomer(db, c.id)).customer.repliesUsed).toHaveLength(30);
  });

  it('refuses an erased customer with a clear error', async () => {
    db = freshDb();
    const c = await customerForContext(db, { ...feige, buyerName: '王小明' }, who);
    await eraseCustomer(db, c.id, who);
    await expectAppError(recordReplyForCustomer(db, c.id, 'r-1', who), 'not-found');
  });
});
