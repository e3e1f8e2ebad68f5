import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { KefuDatabase } from '../db/database';
import { NOTE_INDEX_CHUNK } from '../db/note-index';
import type { Note } from '../db/records';
import { stageMetas } from '../db/meta-packs';
import type { StoredCustomer } from '../db/records';
import { customerTerms } from '../db/search-terms';
import { markCustomersUnindexed } from '../db/sync-records';
import { applyingRemote } from '../db/outbox';
import { getSyncState, updateSyncState } from '../db/sync-state';
import { freshDb, storeUnindexedNotes } from '../db/testing';
import { registerNoteIndexer, type NoteIndexer } from './note-index';
import { SYNC_ALARM } from './sync';

let db: KefuDatabase;
let indexer: NoteIndexer | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  db = freshDb();
});
afterEach(async () => {
  indexer?.stop();
  indexer = undefined;
  await db.delete();
});

const note = (i: number): Note => ({
  id: `n${String(i).padStart(5, '0')}`,
  customerId: 'c1',
  text: `第${i}次回访，要求顺丰发货`,
  pinned: false,
  history: [],
  createdAt: 1,
  updatedAt: 1,
  author: '小李',
});

async function storeUnindexed(count: number, from = 0): Promise<void> {
  const notes = Array.from({ length: count }, (_, i) => note(from + i));
  await storeUnindexedNotes(db, notes);
}

const unindexed = async () => (await db.notes.toArray()).filter((n) => n.terms === undefined).length;

describe('the background note indexer', () => {
  it('indexes at worker start, chunk by chunk, and clears the flag', async () => {
    await storeUnindexed(NOTE_INDEX_CHUNK + 20);
    indexer = registerNoteIndexer(() => db);
    await vi.waitFor(async () => expect((await getSyncState(db)).notesUnindexed).toBeUndefined(), { timeout: 5000 });
    expect(await unindexed()).toBe(0);
  });

  it('picks up notes marked later on a kick (after a sync run) and on the sync alarm', async () => {
    indexer = registerNoteIndexer(() => db);
    await storeUnindexed(3);
    indexer.kick();
    await vi.waitFor(async () => expect(await unindexed()).toBe(0));
    await storeUnindexed(2, 10);
    await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_ALARM, scheduledTime: Date.now() });
    await vi.waitFor(async () => expect(await unindexed()).toBe(0));
    expect((await getSyncState(db)).notesUnindexed).toBeUndefined();
  });

  it('stops before the next chunk, leaving the rest for the next start', async () => {
    await storeUnindexed(NOTE_INDEX_CHUNK * 3);
    indexer = registerNoteIndexer(() => db);
    // Stopped before its first chunk (the walk reads the flag first): nothing is written.
    indexer.stop();
    await indexer.settled();
    expect(await unindexed()).toBe(NOTE_INDEX_CHUNK * 3);
    expect((await getSyncState(db)).notesUnindexed).toBe(true);
    // Stopped for good: neither a kick nor the alarm starts it again.
    indexer.kick();
    await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_ALARM, scheduledTime: Date.now() });
    await indexer.settled();
    expect(await unindexed()).toBe(NOTE_INDEX_CHUNK * 3);
  });

  it('expands a first sync’s staged sync metadata into rows once no sync run is under way', async () => {
    const metas = ['a', 'b', 'c', 'd'].map((id) => ({ id: `reply:${id}`, kind: 'reply' as const, recordId: id, scope: 'team' as const, heads: { body: ['000001767900000:00000:boss'] }, conflicts: {} }));
    await applyingRemote(db, [], async () => {
      await stageMetas(db, metas.slice(0, 2));
      await stageMetas(db, metas.slice(2));
    });
    await updateSyncState(db, () => ({ status: 'syncing' }));
    indexer = registerNoteIndexer(() => db);
    await indexer.settled();
    // Left alone while the sync stores its pages.
    expect(await db.metaPacks.count()).toBe(2);
    await updateSyncState(db, () => ({ status: 'idle' }));
    indexer.kick();
    await vi.waitFor(async () => expect(await db.metaPacks.count()).toBe(0));
    expect(await db.syncRecords.orderBy('id').toArray()).toEqual(metas);
  });

  it('gives a first sync’s customers their search tokens', async () => {
    const row = { id: 'c-1', platform: 'feige', shop: '', buyerId: 'buyer-1', displayName: '王小明', renamed: false, tags: [], preferences: {}, orders: [], createdAt: 1, updatedAt: 1, author: '小李' };
    await applyingRemote(db, ['customers'], async () => {
      await db.customers.put(row);
      await db.syncState.put(markCustomersUnindexed(await getSyncState(db)));
    });
    indexer = registerNoteIndexer(() => db);
    await vi.waitFor(async () => expect((await getSyncState(db)).customersUnindexed).toBeUndefined());
    expect((await db.customers.get('c-1')) as StoredCustomer).toEqual({ ...row, terms: customerTerms(row) });
  });
});
