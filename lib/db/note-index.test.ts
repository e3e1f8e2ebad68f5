import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearAllData, createBackup, readBackup, restoreBackup } from '../backup/backup';
import { searchCustomers } from './customer-search';
import { customerForContext } from './customers';
import type { KefuDatabase } from './database';
import { indexPendingNotes, noteIndexProgress, type NoteIndexProgress } from './note-index';
import { toStoredNote } from './notes';
import { applyingRemote } from './outbox';
import type { Note } from './records';
import { disableSyncState, enableSyncState, getSyncState, updateSyncState } from './sync-state';
import { freshDb, storeUnindexedNotes } from './testing';

const T0 = Date.UTC(2026, 2, 10, 2, 0);
const who = { author: '小王', now: T0 };

let db: KefuDatabase;
const others: KefuDatabase[] = [];
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  await db.delete();
  for (const d of others.splice(0)) await d.delete();
});

const note = (id: string, customerId: string, text: string, extra: Partial<Note> = {}): Note => ({
  id,
  customerId,
  text,
  pinned: false,
  history: [],
  createdAt: T0,
  updatedAt: T0,
  author: '小李',
  ...extra,
});

async function customer(name: string) {
  return customerForContext(db, { platform: 'feige', buyerName: name }, who);
}

describe('toStoredNote with deferTerms', () => {
  it('leaves terms out (so the row is out of the terms index) and keeps the pinned key', async () => {
    const wang = await customer('王小明');
    const row = toStoredNote(note('n1', wang.id, '要求顺丰发货', { pinned: true }), { deferTerms: true });
    expect('terms' in row).toBe(false);
    expect(row.pinnedCreatedAt).toBe(T0);
    expect(toStoredNote(note('n1', wang.id, '要求顺丰发货')).terms).toContain('顺丰');
    await storeUnindexedNotes(db, [note('n1', wang.id, '要求顺丰发货', { pinned: true })]);
    expect(await db.notes.where('terms').startsWith('顺丰').count()).toBe(0);
    expect(await db.notes.where('[customerId+pinnedCreatedAt]').between([wang.id, 0], [wang.id, Infinity]).count()).toBe(1);
  });
});

describe('indexPendingNotes', () => {
  it('fills in the terms, after which the search finds the customer by note text, and clears the flag', async () => {
    const wang = await customer('王小明');
    await storeUnindexedNotes(db, [note('n1', wang.id, '要求顺丰发货'), note('n2', wang.id, '喜欢红色')]);
    expect(await searchCustomers(db, '顺丰')).toEqual([]);
    // Not started: how many notes the walk covers is counted as it starts.
    expect(await noteIndexProgress(db)).toEqual({ building: true, done: 0, total: 0 });

    expect(await indexPendingNotes(db)).toEqual({ indexed: 2, done: true });

    const hits = await searchCustomers(db, '顺丰');
    expect(hits.map((h) => [h.customer.id, h.via, h.note?.id])).toEqual([[wang.id, 'note', 'n1']]);
    expect((await db.notes.get('n2'))?.terms).toEqual(['喜欢', '欢红', '红色']);
    const state = await getSyncState(db);
    expect(state.notesUnindexed).toBeUndefined();
    expect(state.noteIndexFrom).toBeUndefined();
    expect(await noteIndexProgress(db)).toEqual({ building: false, done: 0, total: 0 });
    // Nothing left: a second call writes nothing.
    expect(await indexPendingNotes(db)).toEqual({ indexed: 0, done: true });
  });

  it('waits while a sync run stores pages, and goes on after it', async () => {
    const wang = await customer('王小明');
    await storeUnindexedNotes(db, [note('n1', wang.id, '要求顺丰发货')]);
    await updateSyncState(db, () => ({ status: 'syncing' }));
    expect(await indexPendingNotes(db)).toEqual({ indexed: 0, done: false });
    expect((await db.notes.get('n1'))?.terms).toBeUndefined();
    await updateSyncState(db, () => ({ status: 'idle' }));
    expect(await indexPendingNotes(db)).toEqual({ indexed: 1, done: true });
  });

  it('gives a deleted note no tokens, as toStoredNote does, and changes nothing else', async () => {
    const wang = await customer('王小明');
    await storeUnindexedNotes(db, [note('n1', wang.id, '要求顺丰发货', { deletedAt: T0 + 1, deletedBy: '小李', updatedAt: T0 + 1 })]);
    await indexPendingNotes(db);
    const row = await db.notes.get('n1');
    expect(row?.terms).toEqual([]);
    expect(row).toMatchObject({ text: '要求顺丰发货', deletedAt: T0 + 1, updatedAt: T0 + 1 });
    expect(await searchCustomers(db, '顺丰')).toEqual([]);
  });

  it('walks in chunks and resumes from the saved point, not from the start', async () => {
    const wang = await customer('王小明');
    await storeUnindexedNotes(db, ['a', 'b', 'c', 'd', 'e'].map((id) => note(id, wang.id, `第${id}次回访`)));
    let chunks = 0;
    const first = await indexPendingNotes(db, { chunk: 2, shouldStop: () => chunks++ >= 1 });
    expect(first).toEqual({ indexed: 2, done: false });
    expect(await getSyncState(db)).toMatchObject({ notesUnindexed: true, noteIndexFrom: 'b' });
    expect(await noteIndexProgress(db)).toEqual({ building: true, done: 2, total: 5 });
    expect((await db.notes.bulkGet(['a', 'b', 'c'])).map((r) => r?.terms !== undefined)).toEqual([true, true, false]);

    // A row behind the resume point without terms is not walked again (only a new mark restarts the walk).
    await applyingRemote(db, ['notes'], async () => {
      const { terms: _t, ...row } = (await db.notes.get('a'))!;
      await db.notes.put(row);
    });
    expect(await indexPendingNotes(db, { chunk: 2 })).toEqual({ indexed: 3, done: true });
    expect((await db.notes.get('a'))?.terms).toBeUndefined();
    expect((await db.notes.get('e'))?.terms).toContain('回访');
  });

  it('keeps the flag and starts over when more unindexed notes are marked during a walk', async () => {
    const wang = await customer('王小明');
    await storeUnindexedNotes(db, ['b', 'c', 'd', 'e', 'f'].map((id) => note(id, wang.id, `第${id}次回访`)));
    let chunks = 0;
    // Between two chunks, a pull stores a note that sorts before the resume point.
    const stopped = await indexPendingNotes(db, {
      chunk: 2,
      afterChunk: async () => {
        if (chunks++ === 0) await storeUnindexedNotes(db, [note('a', wang.id, '要求顺丰发货')]);
      },
      shouldStop: () => chunks >= 2,
    });
    expect(stopped.done).toBe(false);
    // The mark reset the resume point: the walk started over and the flag stays, its progress counted again (6 notes now).
    expect(await getSyncState(db)).toMatchObject({ notesUnindexed: true, noteIndexFrom: 'b', noteIndexWalk: { done: 2, total: 6 } });
    expect((await db.notes.get('a'))?.terms).toContain('顺丰');

    // Marked while stopped: the flag stays, the walk restarts from the first note.
    await storeUnindexedNotes(db, [note('a0', wang.id, '喜欢红色')]);
    expect((await getSyncState(db)).noteIndexFrom).toBeUndefined();
    expect(await noteIndexProgress(db)).toEqual({ building: true, done: 0, total: 0 });
    expect(await indexPendingNotes(db, { chunk: 2 })).toMatchObject({ done: true });
    expect((await db.notes.toArray()).filter((r) => r.terms === undefined).map((r) => r.id)).toEqual([]);
    expect((await searchCustomers(db, '红色')).map((h) => h.customer.id)).toEqual([wang.id]);
    expect((await getSyncState(db)).notesUnindexed).toBeUndefined();
  });

  it('its progress is read from the sync state alone: a live query over it is not run again for each chunk of notes', async () => {
    const wang = await customer('王小明');
    await storeUnindexedNotes(db, ['a', 'b', 'c', 'd'].map((id) => note(id, wang.id, `第${id}次回访`)));
    const seen: NoteIndexProgress[] = [];
    const subscription = liveQuery(() => noteIndexProgress(db)).subscribe((p) => seen.push(p));
    try {
      await vi.waitFor(() => expect(seen).toEqual([{ building: true, done: 0, total: 0 }]));
      // Notes written (a pull's page) with the state unchanged: not read again.
      await applyingRemote(db, ['notes'], () => db.notes.put({ ...note('z', wang.id, '已补发'), terms: ['补发'] }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).toHaveLength(1);
      let chunks = 0;
      await indexPendingNotes(db, { chunk: 2, shouldStop: () => chunks++ >= 1 });
      await vi.waitFor(() => expect(seen.at(-1)).toEqual({ building: true, done: 2, total: 5 }));
    } finally {
      subscription.unsubscribe();
    }
  });

  it('queues nothing and changes no synced field while signed in', async () => {
    await enableSyncState(db, { deviceId: 'devA', role: 'agent', sameTeam: false });
    const wang = await customer('王小明');
    await db.outbox.clear();
    const before = await getSyncState(db);
    await storeUnindexedNotes(db, [note('n1', wang.id, '要求顺丰发货'), note('n2', wang.id, '喜欢红色')]);
    expect(await indexPendingNotes(db, { chunk: 1 })).toEqual({ indexed: 2, done: true });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.syncRecords.where('id').startsWith('note:').count()).toBe(0);
    const after = await getSyncState(db);
    // The clock did not tick: no change was stamped.
    expect([after.hlcWall, after.hlcCounter]).toEqual([before.hlcWall, before.hlcCounter]);
    expect((await db.notes.get('n1'))?.updatedAt).toBe(T0);
  });
});

describe('the flag across sign-out, clear and restore', () => {
  it('stays on sign-out (the notes stay unindexed) and goes with the notes on clear-all', async () => {
    await enableSyncState(db, { deviceId: 'devA', role: 'agent', sameTeam: false });
    const wang = await customer('王小明');
    await storeUnindexedNotes(db, [note('n1', wang.id, '要求顺丰发货')]);
    await disableSyncState(db);
    expect((await getSyncState(db)).notesUnindexed).toBe(true);
    await enableSyncState(db, { deviceId: 'devA', role: 'agent', sameTeam: true });
    await clearAllData(db);
    expect(await db.notes.count()).toBe(0);
    expect(await getSyncState(db)).toMatchObject({ enabled: true });
    expect((await getSyncState(db)).notesUnindexed).toBeUndefined();
  });

  it('a restored backup with unindexed notes is flagged, signed in or not, and then indexed', async () => {
    const wang = await customer('王小明');
    await storeUnindexedNotes(db, [note('n1', wang.id, '要求顺丰发货')]);
    // A file whose sync state lost the flag (or never had it): the notes decide.
    await db.syncState.clear();
    const file = await createBackup(db, { now: T0 });

    for (const signedIn of [false, true]) {
      const other = freshDb();
      others.push(other);
      if (signedIn) await enableSyncState(other, { deviceId: 'devB', role: 'agent', sameTeam: false });
      const result = await restoreBackup(other, await readBackup(other, file.data));
      expect(result.resync).toBe(signedIn);
      expect((await getSyncState(other)).notesUnindexed, `signed in: ${signedIn}`).toBe(true);
      expect(await indexPendingNotes(other)).toEqual({ indexed: 1, done: true });
      expect((await searchCustomers(other, '顺丰')).map((h) => h.customer.id)).toEqual([wang.id]);
    }
  });

  it('a restored backup whose notes all have their terms clears a flag the device had', async () => {
    const wang = await customer('王小明');
    await storeUnindexedNotes(db, [note('n1', wang.id, '要求顺丰发货')]);
    await indexPendingNotes(db);
    const file = await createBackup(db, { now: T0 });
    const other = freshDb();
    others.push(other);
    await enableSyncState(other, { deviceId: 'devB', role: 'agent', sameTeam: false });
    await storeUnindexedNotes(other, [note('x', 'someone', '别的备注')]);
    await restoreBackup(other, await readBackup(other, file.data));
    expect((await getSyncState(other)).notesUnindexed).toBeUndefined();
  });
});
