import * as z from 'zod';
import { notesOf } from './customers';
import type { KefuDatabase } from './database';
import { toStoredNote } from './notes';
import { applyingRemote } from './outbox';
import { StoredNote, type Note } from './records';
import type { SyncState } from './sync-records';
import { getSyncState } from './sync-state';

/*
 * Staged notes (schema version 8): a new device's first sync stores the
 * team's notes as one row per customer and snapshot page (a "pack"), not a
 * row per note. Measured in Chromium, IndexedDB's cost is per row, not per
 * byte: in a plain page, 100,000 notes take 7.3 s as rows with the notes'
 * indexes and 0.8 s as 3,000 packs holding the same bytes. The snapshot
 * sends a customer's records together, so a page's notes make about as many
 * packs as the page has customers. In the sync bench (20,000 replies, 3,000
 * customers, 100,000 notes) the IndexedDB backend's CPU during a first sync
 * went from 28 s to 10-11 s, and the sync from 30 s to 15.5-18.7 s.
 *
 * A note edited, pinned or deleted before its pack is expanded is looked for
 * among its customer's packs, which the record on screen names
 * (NoteWriteOptions in notes.ts); without that, by a scan of all packs.
 *
 * The background indexer (lib/db/note-index.ts) then expands the packs into
 * note rows with their search tokens, a few packs per transaction, and
 * deletes them; SyncState.stagedNotes says how far it is. Until a pack is
 * expanded:
 * - a row always wins over a pack's copy of the same note: a pack only ever
 *   holds the snapshot's version, and every later version of that note (an
 *   edit here, a pulled change) is written as a row. Expansion skips a note
 *   that has a row, so it never overwrites a newer one;
 * - every reader of a customer's notes (the timeline, the record's export,
 *   the data export, sign-in's queue of everything, erasure) reads both,
 *   through the functions here;
 * - a search by note text does not find a staged note, as it does not find
 *   an unindexed one (the hint under the search says the index is being
 *   built).
 * Packs are device-local: never synced, and backed up and restored as they
 * are, so a restore puts the database back exactly.
 */

export const NotePack = z.object({
  /** The id of its first note: each note is staged once, so it is unique. */
  id: z.string().min(1),
  customerId: z.string().min(1),
  /** As toStoredNote(note, { deferTerms: true }) stores them. */
  notes: z.array(StoredNote).min(1),
});
export type NotePack = z.infer<typeof NotePack>;

/** Notes as packs, one per customer, in the order given. */
export function packNotes(notes: readonly StoredNote[]): NotePack[] {
  const packs = new Map<string, NotePack>();
  for (const note of notes) {
    const pack = packs.get(note.customerId);
    if (pack) pack.notes.push(note);
    else packs.set(note.customerId, { id: note.id, customerId: note.customerId, notes: [note] });
  }
  return [...packs.values()];
}

/**
 * `state` after `count` more notes were staged, to be put in the same
 * transaction as their packs: the indexer has that many more to expand, and
 * starts over from the first pack (the new ones may sort before where it was).
 */
export function markNotesStaged(state: SyncState, count: number): SyncState {
  if (count <= 0) return state;
  const staged = state.stagedNotes ?? { done: 0, total: 0 };
  return { ...state, stagedNotes: { done: staged.done, total: staged.total + count } };
}

/** Notes are waiting for the indexer: staged in packs, or stored as rows without their search tokens. */
export const notesPending = (state: SyncState): boolean => state.notesUnindexed === true || state.stagedNotes !== undefined;

const packsOf = (db: KefuDatabase, customerId: string) => db.notePacks.where('customerId').equals(customerId);

/** Timeline order, as the [customerId+createdAt] index sorts (ties by id). */
const byCreated = (a: StoredNote, b: StoredNote) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The staged notes of `packs` that have no row among `rows`: the rows win. */
export function stagedWithoutRow<N extends { id: string }>(rows: readonly { id?: unknown }[], packs: readonly { notes: readonly N[] }[]): N[] {
  if (!packs.length) return [];
  const have = new Set(rows.map((r) => r.id));
  return packs.flatMap((p) => p.notes).filter((n) => !have.has(n.id));
}

/** `rows` and the staged notes of `packs` without one, sorted as the [customerId+createdAt] index sorts. */
function withStaged(rows: readonly StoredNote[], packs: readonly NotePack[]): StoredNote[] {
  if (!packs.length) return [...rows];
  return [...rows, ...stagedWithoutRow(rows, packs)].sort(byCreated);
}

/** Whether the customer has staged notes: one key range, empty once the indexer is done. */
export async function hasStagedNotes(db: KefuDatabase, customerId: string): Promise<boolean> {
  return (await packsOf(db, customerId).count()) > 0;
}

/**
 * Every note of a customer as stored (deleted ones included), rows and
 * staged ones, oldest first. In a transaction holding notes and notePacks.
 */
export async function storedNotesOf(db: KefuDatabase, customerId: string): Promise<StoredNote[]> {
  return withStaged(await notesOf(db, customerId).toArray(), await packsOf(db, customerId).toArray());
}

/** Every note on this device (deleted ones included), rows and staged ones, read in one transaction; in no particular order. */
export async function allStoredNotes(db: KefuDatabase): Promise<StoredNote[]> {
  return db.transaction('r', [db.notes, db.notePacks], async () => {
    const rows = await db.notes.toArray();
    return [...rows, ...stagedWithoutRow(rows, await db.notePacks.toArray())];
  });
}

/**
 * The staged copy of a note, if any, for a note the caller found no row of
 * (a row wins over it). Looked for among the
 * packs of `customerId` when given; otherwise (or if not there) by a scan of
 * the packs, as a note's id does not say its customer: up to about a second
 * for 3,000 packs in the sync bench, in the minute after a first sync while
 * the indexer expands them.
 */
export async function findStagedNote(db: KefuDatabase, id: string, customerId?: string): Promise<StoredNote | undefined> {
  if (customerId !== undefined) {
    for (const pack of await packsOf(db, customerId).toArray()) {
      const found = pack.notes.find((n) => n.id === id);
      if (found) return found;
    }
  }
  const pack = await db.notePacks.filter((p) => p.notes.some((n) => n.id === id)).first();
  return pack?.notes.find((n) => n.id === id);
}

/** The ids of every staged note (a resumed first sync must know them). */
export async function stagedNoteIds(db: KefuDatabase): Promise<string[]> {
  const ids: string[] = [];
  await db.notePacks.each((p) => {
    for (const n of p.notes) ids.push(n.id);
  });
  return ids;
}

/**
 * Stages notes as a first sync does (storeRecords in lib/sync/client/engine.ts
 * writes them in its page's transaction): packed, unqueued, counted for the
 * indexer. For notes with no row here; used by tests and fixtures.
 */
export async function storeStagedNotes(db: KefuDatabase, notes: readonly Note[]): Promise<void> {
  await applyingRemote(db, ['notePacks'], async () => {
    await db.notePacks.bulkAdd(packNotes(notes.map((n) => toStoredNote(n, { deferTerms: true }))));
    await db.syncState.put(markNotesStaged(await getSyncState(db), notes.length));
  });
}

/** Deletes a customer's staged notes (erasure). */
export async function deleteStagedNotesOf(db: KefuDatabase, customerId: string): Promise<void> {
  await packsOf(db, customerId).delete();
}
