import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackup, readBackup, restoreBackup } from '../backup/backup';
import { searchCustomers } from './customer-search';
import { customerForContext, eraseCustomer, exportCustomer } from './customers';
import type { KefuDatabase } from './database';
import { indexPendingNotes, noteIndexProgress } from './note-index';
import { allStoredNotes, packNotes, storeStagedNotes } from './note-packs';
import { addNote, deleteNote, editNote, getNote, listNotes, pinNote, restoreNote, timelinePage } from './notes';
import { queueEverything } from './outbox';
import type { Note } from './records';
import { enableSyncState, getSyncState } from './sync-state';
import { freshDb } from './testing';

const T0 = Date.UTC(2026, 2, 10, 2, 0);
const MIN = 60_000;
const who = { author: '小王', now: T0 + 100 * MIN };

let db: KefuDatabase;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  await db.delete();
});

const note = (id: string, customerId: string, text: string, minute: number, extra: Partial<Note> = {}): Note => ({
  id,
  customerId,
  text,
  pinned: false,
  history: [],
  createdAt: T0 + minute * MIN,
  updatedAt: T0 + minute * MIN,
  author: '小李',
  ...extra,
});

const customer = (name: string) => customerForContext(db, { platform: 'feige', buyerName: name }, { author: '小王', now: T0 });
const ids = (notes: readonly { id: string }[]) => notes.map((n) => n.id);

describe('packNotes', () => {
  it('makes one pack per customer, named after its first note, notes in the order given', () => {
    const packs = packNotes([note('a1', 'A', '一', 1), note('b1', 'B', '二', 2), note('a2', 'A', '三', 3)]);
    expect(packs.map((p) => [p.id, p.customerId, ids(p.notes)])).toEqual([
      ['a1', 'A', ['a1', 'a2']],
      ['b1', 'B', ['b1']],
    ]);
  });
});

describe('a customer with staged notes', () => {
  it('shows rows and staged notes as one timeline: pinned first, newest first, deleted ones left out, paged', async () => {
    const wang = await customer('王小明');
    const own = await addNote(db, wang.id, { text: '本机写的' }, { author: '小王', now: T0 + 5 * MIN });
    // Two packs, as two snapshot pages leave a customer whose records straddle them.
    await storeStagedNotes(db, [note('s1', wang.id, '最早', 1), note('s3', wang.id, '置顶的', 3, { pinned: true })]);
    await storeStagedNotes(db, [note('s2', wang.id, '删掉的', 2, { deletedAt: T0 + 4 * MIN }), note('s4', wang.id, '新一些', 4), note('s6', wang.id, '最新', 6)]);
    expect(await db.notePacks.count()).toBe(2);
    expect(ids(await listNotes(db, wang.id))).toEqual(['s3', 's6', own.id, 's4', 's1']);
    expect(await timelinePage(db, wang.id, 2)).toMatchObject({ notes: [{ id: 's3' }, { id: 's6' }, { id: own.id }], older: true });
    expect(ids((await timelinePage(db, wang.id, 3)).notes)).toEqual(['s3', 's6', own.id, 's4']);
    expect(ids((await timelinePage(db, wang.id, 2, { reach: T0 + MIN })).notes)).toEqual(['s3', 's6', own.id, 's4', 's1']);
    // The same timeline once the background has expanded the packs into rows.
    const before = await listNotes(db, wang.id);
    await indexPendingNotes(db);
    expect(await db.notePacks.count()).toBe(0);
    expect(await listNotes(db, wang.id)).toEqual(before);
    expect(await timelinePage(db, wang.id, 2)).toMatchObject({ notes: [{ id: 's3' }, { id: 's6' }, { id: own.id }], older: true });
  });

  it('edits, pins, deletes and restores a staged note: its row wins, and expansion does not overwrite it', async () => {
    const wang = await customer('王小明');
    await storeStagedNotes(db, [note('s1', wang.id, '要顺丰', 1), note('s2', wang.id, '喜欢红色', 2), note('s3', wang.id, '会砍价', 3)]);
    expect((await getNote(db, 's1')).text).toBe('要顺丰');
    // Found among the customer's packs when the caller names them, and by a scan when it names the wrong one.
    expect((await getNote(db, 's2', { customerId: wang.id })).text).toBe('喜欢红色');
    expect((await getNote(db, 's2', { customerId: 'someone-else' })).text).toBe('喜欢红色');
    await expect(getNote(db, 'nowhere', { customerId: wang.id })).rejects.toMatchObject({ code: 'not-found' });
    await editNote(db, 's1', { text: '要顺丰，不要圆通' }, who);
    await pinNote(db, 's2', true, { ...who, customerId: wang.id });
    await deleteNote(db, 's3', who);
    expect(await db.notes.count()).toBe(3);
    expect(await listNotes(db, wang.id)).toMatchObject([
      { id: 's2', pinned: true },
      { id: 's1', text: '要顺丰，不要圆通', history: [{ text: '要顺丰', author: '小李' }] },
    ]);
    await restoreNote(db, 's3', who);
    await deleteNote(db, 's3', who);
    // Every staged note has a row now: expansion adds none, and overwrites none.
    expect(await indexPendingNotes(db)).toEqual({ indexed: 0, done: true });
    expect(await db.notePacks.count()).toBe(0);
    expect(await listNotes(db, wang.id)).toMatchObject([
      { id: 's2', pinned: true },
      { id: 's1', text: '要顺丰，不要圆通', history: [{ text: '要顺丰' }] },
    ]);
    expect((await db.notes.get('s3'))?.deletedAt).toBeDefined();
    await expect(getNote(db, 's3')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('is found by note text once expanded, with progress while it waits', async () => {
    const wang = await customer('王小明');
    const li = await customer('李雷');
    await storeStagedNotes(db, [note('w1', wang.id, '要求顺丰发货', 1), note('w2', wang.id, '喜欢红色', 2)]);
    await storeStagedNotes(db, [note('l1', li.id, '发票抬头写公司', 3)]);
    expect(await searchCustomers(db, '顺丰')).toEqual([]);
    expect(await noteIndexProgress(db)).toEqual({ building: true, done: 0, total: 3 });
    // One pack per chunk (in key order: 李雷's first): the first leaves the other waiting, and says how far it is.
    const first = await indexPendingNotes(db, { chunk: 1, shouldStop: (() => { let n = 0; return () => n++ > 0; })() });
    expect(first).toEqual({ indexed: 1, done: false });
    expect(await noteIndexProgress(db)).toEqual({ building: true, done: 1, total: 3 });
    expect((await searchCustomers(db, '发票')).map((h) => h.customer.id)).toEqual([li.id]);
    expect(await searchCustomers(db, '顺丰')).toEqual([]);
    expect(await indexPendingNotes(db)).toEqual({ indexed: 2, done: true });
    expect(await noteIndexProgress(db)).toEqual({ building: false, done: 0, total: 0 });
    expect((await getSyncState(db)).stagedNotes).toBeUndefined();
    expect((await searchCustomers(db, '顺丰')).map((h) => h.customer.id)).toEqual([wang.id]);
  });

  it('reads on from the last pack expanded, and from the start again when more are staged meanwhile', async () => {
    const wang = await customer('王小明');
    const li = await customer('李雷');
    await storeStagedNotes(db, [note('m1', wang.id, '要求顺丰发货', 1)]);
    await storeStagedNotes(db, [note('p1', li.id, '发票抬头写公司', 2)]);
    const once = () => {
      let n = 0;
      return () => n++ > 0;
    };
    expect(await indexPendingNotes(db, { chunk: 1, shouldStop: once() })).toEqual({ indexed: 1, done: false });
    expect((await getSyncState(db)).stagedNotes).toEqual({ done: 1, total: 2, from: 'm1' });
    // A resumed first sync stages a pack that sorts before the resume point.
    await storeStagedNotes(db, [note('a1', li.id, '喜欢红色', 3)]);
    expect((await getSyncState(db)).stagedNotes).toEqual({ done: 1, total: 3 });
    expect(await indexPendingNotes(db, { chunk: 1 })).toEqual({ indexed: 2, done: true });
    expect(await db.notePacks.count()).toBe(0);
    expect((await searchCustomers(db, '红色')).map((h) => h.customer.id)).toEqual([li.id]);
  });

  it('waits while a sync run stores pages, and resumes after', async () => {
    const wang = await customer('王小明');
    await storeStagedNotes(db, [note('w1', wang.id, '要求顺丰发货', 1)]);
    await db.syncState.update('state', { status: 'syncing' });
    expect(await indexPendingNotes(db)).toEqual({ indexed: 0, done: false });
    expect(await db.notePacks.count()).toBe(1);
    await db.syncState.update('state', { status: 'idle' });
    expect(await indexPendingNotes(db)).toEqual({ indexed: 1, done: true });
  });

  it('goes with the customer when erased, and is in their export', async () => {
    const wang = await customer('王小明');
    const li = await customer('李雷');
    await storeStagedNotes(db, [note('w1', wang.id, '要求顺丰发货', 1), note('l1', li.id, '发票', 2), note('w2', wang.id, '喜欢红色', 3)]);
    expect(ids((await exportCustomer(db, wang.id, { now: T0 })).notes)).toEqual(['w1', 'w2']);
    await eraseCustomer(db, wang.id, who);
    expect(ids(await allStoredNotes(db))).toEqual(['l1']);
    await indexPendingNotes(db);
    expect(ids(await db.notes.toArray())).toEqual(['l1']);
  });

  it('is queued with everything else when the device signs in', async () => {
    const wang = await customer('王小明');
    await storeStagedNotes(db, [note('w1', wang.id, '要求顺丰发货', 1)]);
    await enableSyncState(db, { deviceId: 'devA', role: 'agent', sameTeam: false });
    await queueEverything(db);
    const queued = (await db.outbox.toArray()).filter((e) => e.kind === 'note');
    expect(queued).toMatchObject([{ recordId: 'w1', customerId: wang.id, fields: { text: '要求顺丰发货' } }]);
  });

  it('comes back from a backup staged, for the indexer to expand', async () => {
    const wang = await customer('王小明');
    await storeStagedNotes(db, [note('w1', wang.id, '要求顺丰发货', 1)]);
    const file = await createBackup(db, { now: T0 });
    await indexPendingNotes(db);
    expect(await db.notePacks.count()).toBe(0);
    const restored = await restoreBackup(db, await readBackup(db, file.data));
    expect(restored.verified).toBe(true);
    expect(await db.notePacks.count()).toBe(1);
    expect((await getSyncState(db)).stagedNotes).toEqual({ done: 0, total: 1 });
    expect(ids(await listNotes(db, wang.id))).toEqual(['w1']);
    await indexPendingNotes(db);
    expect((await searchCustomers(db, '顺丰')).map((h) => h.customer.id)).toEqual([wang.id]);
  });
});
