import { afterEach, describe, expect, it } from 'vitest';
import { customerForContext, eraseCustomer, getCustomer } from './customers';
import type { KefuDatabase } from './database';
import { addNote, deleteNote, editNote, getNote, listNotes, pinNote, restoreNote, timelinePage } from './notes';
import { MAX_NOTE_HISTORY } from './records';
import { expectAppError, freshDb } from './testing';

const T0 = Date.UTC(2026, 2, 10, 2, 0);
const who = { author: '小王', now: T0 };

let db: KefuDatabase;
afterEach(async () => {
  await db?.delete();
});

async function customer(name = '王小明') {
  return customerForContext(db, { platform: 'feige', buyerName: name }, who);
}

describe('notes repository', () => {
  it('adds notes with author and time; a note about an order records the order on the customer too', async () => {
    db = freshDb();
    const c = await customer();
    const n = await addNote(db, c.id, { text: '  买家要求顺丰发货  ', orderId: '6912345678901234' }, { author: '小李', now: T0 + 5 });
    expect(n).toMatchObject({ customerId: c.id, text: '买家要求顺丰发货', orderId: '6912345678901234', pinned: false, history: [], author: '小李', createdAt: T0 + 5 });
    expect(n).not.toHaveProperty('terms');
    expect((await getCustomer(db, c.id)).orders.map((o) => o.orderId)).toEqual(['6912345678901234']);
    // An empty order field means no order.
    const plain = await addNote(db, c.id, { text: '普通备注', orderId: '' }, who);
    expect(plain.orderId).toBeUndefined();
  });

  it('rejects an empty or unknown-customer note with keys that say what to fix, and writes nothing', async () => {
    db = freshDb();
    const c = await customer();
    await expectAppError(addNote(db, c.id, { text: '   ' }, who), 'validation', 'text', 'note-text-required');
    await expectAppError(addNote(db, c.id, { text: 'x'.repeat(5001) }, who), 'validation', 'text', 'note-text-too-long');
    await expectAppError(addNote(db, c.id, { text: 'ok', orderId: '9'.repeat(65) }, who), 'validation', 'orderId', 'order-id-too-long');
    await expectAppError(addNote(db, 'missing', { text: 'ok' }, who), 'not-found', 'form', 'customer-not-found');
    expect(await db.notes.count()).toBe(0);
  });

  it('lists pinned notes first, then newest first', async () => {
    db = freshDb();
    const c = await customer();
    const other = await customer('李四');
    const a = await addNote(db, c.id, { text: 'A' }, { ...who, now: T0 + 1 });
    const b = await addNote(db, c.id, { text: 'B', pinned: true }, { ...who, now: T0 + 2 });
    const d = await addNote(db, c.id, { text: 'D' }, { ...who, now: T0 + 4 });
    await addNote(db, c.id, { text: 'C' }, { ...who, now: T0 + 3 });
    await addNote(db, other.id, { text: 'other' }, { ...who, now: T0 + 5 });
    await pinNote(db, a.id, true, who);
    expect((await listNotes(db, c.id)).map((n) => n.text)).toEqual(['B', 'A', 'D', 'C']);
    await pinNote(db, b.id, false, who);
    await deleteNote(db, d.id, who);
    expect((await listNotes(db, c.id)).map((n) => n.text)).toEqual(['A', 'C', 'B']);
  });

  it('reads a page of the timeline: every pinned note and the newest others', async () => {
    db = freshDb();
    const c = await customer();
    const notes = [];
    for (let i = 0; i < 12; i++) notes.push(await addNote(db, c.id, { text: `n${i}`, pinned: i === 2 || i === 9 }, { ...who, now: T0 + i }));
    await deleteNote(db, notes[11]!.id, who);
    await deleteNote(db, notes[10]!.id, who);
    await pinNote(db, notes[9]!.id, false, who);
    await pinNote(db, notes[0]!.id, true, who);
    // Only live pinned notes are in the sparse pinned index.
    expect(await db.notes.where('[customerId+pinnedCreatedAt]').between([c.id, 0], [c.id, Infinity]).count()).toBe(2);
    expect((await listNotes(db, c.id, { limit: 3 })).map((n) => n.text)).toEqual(['n2', 'n0', 'n9', 'n8', 'n7']);
    expect((await listNotes(db, c.id, { limit: 100 })).map((n) => n.text)).toEqual((await listNotes(db, c.id)).map((n) => n.text));
    expect(await listNotes(db, c.id, { limit: 0 })).toHaveLength(2);
  });

  it('says whether older notes lie beyond a page, pinned and deleted ones not counted', async () => {
    db = freshDb();
    const c = await customer();
    const notes = [];
    for (let i = 0; i < 7; i++) notes.push(await addNote(db, c.id, { text: `n${i}`, pinned: i === 0 }, { ...who, now: T0 + i }));
    const page = async (limit: number) => {
      const p = await timelinePage(db, c.id, limit);
      return { texts: p.notes.map((n) => n.text), older: p.older };
    };
    // Six unpinned notes: a page of five leaves one, a page of six none.
    expect(await page(5)).toEqual({ texts: ['n0', 'n6', 'n5', 'n4', 'n3', 'n2'], older: true });
    expect(await page(6)).toEqual({ texts: ['n0', 'n6', 'n5', 'n4', 'n3', 'n2', 'n1'], older: false });
    // The oldest deleted: nothing older is left to show; undo brings it back beyond the page.
    await deleteNote(db, notes[1]!.id, who);
    expect(await page(5)).toEqual({ texts: ['n0', 'n6', 'n5', 'n4', 'n3', 'n2'], older: false });
    await restoreNote(db, notes[1]!.id, who);
    expect((await page(5)).older).toBe(true);
    // The next page (a larger limit) reaches the oldest, and the pinned note stays on top once.
    expect(await page(10)).toEqual({ texts: ['n0', 'n6', 'n5', 'n4', 'n3', 'n2', 'n1'], older: false });
    // Deleted notes among the newest are skipped, the page still filled from older ones.
    await deleteNote(db, notes[6]!.id, who);
    await deleteNote(db, notes[5]!.id, who);
    expect(await page(3)).toEqual({ texts: ['n0', 'n4', 'n3', 'n2'], older: true });
    expect(await page(4)).toEqual({ texts: ['n0', 'n4', 'n3', 'n2', 'n1'], older: false });
  });

  it('reaches down to a given note (one a search found), however old', async () => {
    db = freshDb();
    const c = await customer();
    const notes: Awaited<ReturnType<typeof addNote>>[] = [];
    for (let i = 0; i < 20; i++) notes.push(await addNote(db, c.id, { text: `n${i}`, pinned: i === 15 }, { ...who, now: T0 + i }));
    await deleteNote(db, notes[2]!.id, who);
    const page = async (limit: number, reach: number) => {
      const p = await timelinePage(db, c.id, limit, { reach });
      return { texts: p.notes.map((n) => n.text), older: p.older };
    };
    const from = (i: number) => notes.slice(i).filter((n) => n.text !== 'n15').reverse().map((n) => n.text);
    expect(await page(3, notes[5]!.createdAt)).toEqual({ texts: ['n15', ...from(5)], older: true });
    // The oldest live note reached: nothing older is left (n2 deleted, n0 and n1 shown).
    expect(await page(3, notes[0]!.createdAt)).toEqual({ texts: ['n15', ...from(3), 'n1', 'n0'], older: false });
    // A note within the page changes nothing.
    expect(await page(3, notes[19]!.createdAt)).toEqual({ texts: ['n15', 'n19', 'n18', 'n17'], older: true });
  });

  it('keeps every earlier wording with who wrote it and when', async () => {
    db = freshDb();
    const c = await customer();
    const n = await addNote(db, c.id, { text: '第一版' }, { author: '小王', now: T0 + 1 });
    await editNote(db, n.id, { text: '第二版' }, { author: '小李', now: T0 + 2 });
    const e = await editNote(db, n.id, { text: '第三版' }, { author: '主管', now: T0 + 3 });
    expect(e).toMatchObject({ text: '第三版', author: '主管', editedAt: T0 + 3, createdAt: T0 + 1, updatedAt: T0 + 3 });
    expect(e.history).toEqual([
      { text: '第一版', author: '小王', writtenAt: T0 + 1 },
      { text: '第二版', author: '小李', writtenAt: T0 + 2 },
    ]);
    // Saving the same text adds no version; pinning does not change who wrote it.
    expect((await editNote(db, n.id, { text: ' 第三版 ' }, { author: '别人', now: T0 + 4 })).history).toHaveLength(2);
    expect((await pinNote(db, n.id, true, { author: '别人', now: T0 + 5 })).author).toBe('主管');
  });

  it('an edit can attach an order, which the customer then records', async () => {
    db = freshDb();
    const c = await customer();
    const n = await addNote(db, c.id, { text: '换货' }, who);
    const e = await editNote(db, n.id, { text: '换货', orderId: 'B2' }, { ...who, now: T0 + 1 });
    expect(e).toMatchObject({ orderId: 'B2', history: [] });
    expect((await getCustomer(db, c.id)).orders.map((o) => o.orderId)).toEqual(['B2']);
  });

  it('history is capped, oldest wording dropping first', async () => {
    db = freshDb();
    const c = await customer();
    const n = await addNote(db, c.id, { text: 'v0' }, who);
    let last = n;
    for (let i = 1; i <= MAX_NOTE_HISTORY + 2; i++) last = await editNote(db, n.id, { text: `v${i}` }, { ...who, now: T0 + i });
    expect(last.history).toHaveLength(MAX_NOTE_HISTORY);
    expect(last.history[0]?.text).toBe('v2');
  });

  it('deletes with a tombstone that leaves search, and restores on undo', async () => {
    db = freshDb();
    const c = await customer();
    const n = await addNote(db, c.id, { text: '客户要求开发票' }, who);
    expect((await db.notes.get(n.id))?.terms).toContain('发票');
    await deleteNote(db, n.id, { author: '小李', now: T0 + 9 });
    expect(await db.notes.get(n.id)).toMatchObject({ deletedAt: T0 + 9, deletedBy: '小李', text: '客户要求开发票', terms: [] });
    await expectAppError(getNote(db, n.id), 'not-found', 'form', 'note-not-found');
    await expectAppError(editNote(db, n.id, { text: 'x' }, who), 'not-found');
    const back = await restoreNote(db, n.id, { author: '小李', now: T0 + 10 });
    expect(back).toMatchObject({ author: '小王', text: '客户要求开发票' });
    expect(back.deletedAt).toBeUndefined();
    expect((await db.notes.get(n.id))?.terms).toContain('发票');
    // A note of an erased customer is gone for good.
    await eraseCustomer(db, c.id, who);
    await expectAppError(restoreNote(db, n.id, who), 'not-found');
  });
});
