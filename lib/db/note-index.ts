import type { KefuDatabase } from './database';
import { notesPending, type NotePack } from './note-packs';
import { storedNoteTerms } from './notes';
import { applyingRemote } from './outbox';
import type { StoredNote } from './records';
import { getSyncState } from './sync-state';
import { addAbsent, runChunks, type WalkOptions, type WalkResult } from './walk';
import type { SyncState } from './sync-records';

/*
 * The note search index, built after the fact. A catch-up pull of many pages
 * stores its notes without `terms` (toStoredNote(note, { deferTerms: true })):
 * measured in Chromium, writing a note with its ~16 multiEntry index entries
 * costs about three times writing it without, and a device should get its
 * records fast. Such a note is "unindexed": IndexedDB leaves it out of
 * the `*terms` index, so searching by note text cannot find it yet. (A first
 * sync goes further and stages its notes in packs; see below.)
 * SyncState.notesUnindexed says some may be waiting; this walks the notes and
 * fills them in, and clears the flag when a walk found none left.
 *
 * - Notes are walked in primary-key order from SyncState.noteIndexFrom, a
 *   chunk at a time. Each chunk is read, filled and written, with the resume
 *   point, in one read-write transaction: an edit made meanwhile is either
 *   already in what the chunk reads or comes after its write, so it is never
 *   overwritten by a stale copy; a worker stopped mid-walk resumes there.
 * - Whoever stores more unindexed notes resets the resume point in the same
 *   transaction (markNotesUnindexed in sync-records.ts). Each chunk reads the
 *   state anew, so the walk starts over and sees them, and the flag is only
 *   cleared by a chunk that reached the end of a walk no one reset.
 * - `terms` is device-local (never synced), so the writes go past the outbox
 *   (applyingRemote): nothing is queued, even while signed in.
 *
 * A first sync's staged notes (lib/db/note-packs.ts) come first: a chunk of
 * packs is read from SyncState.stagedNotes.from, each note without a row is
 * added as one with its terms (one with a row has a newer version there),
 * and the packs are deleted, with the state, in one transaction. Their rows
 * are written with their terms, so they need no walk of their own
 * afterwards. In the sync bench (100,000 notes) the row writes are four
 * fifths of the expansion: the cost of the search index itself.
 */

/**
 * Notes read and written per transaction. Each chunk holds the notes table
 * and the sync tables (applyingRemote) for its duration, so local writes,
 * the timeline's reads and sync pages wait at most one chunk; a smaller
 * chunk costs one more transaction and state write per chunk. In the sync
 * bench (Chromium, a 2-CPU machine) a chunk of 500 takes about 350 ms, yet
 * chunks of 200 did not shorten what a read of one note waited meanwhile
 * (0.3-0.7 s either way: IndexedDB's backend is busy with the index's
 * writes, not just locked by one chunk), and made the index slower.
 */
export const NOTE_INDEX_CHUNK = 500;

export type NoteIndexOptions = WalkOptions;
export type NoteIndexResult = WalkResult;

/** One chunk of packs, then of the walk from the resume point, in one transaction. `done`: nothing is waiting now. */
async function indexChunk(db: KefuDatabase, chunk: number): Promise<NoteIndexResult & { paused?: boolean }> {
  return applyingRemote(db, ['notes', 'notePacks'], async () => {
    const state = await getSyncState(db);
    if (!notesPending(state)) return { indexed: 0, done: true };
    // A sync run is storing pages (a first sync: a hundred of them): wait for
    // it to end rather than slow it down; its end starts the walk again.
    if (state.status === 'syncing') return { indexed: 0, done: false, paused: true };
    if (state.stagedNotes) return expandChunk(db, state, chunk);
    const from = state.noteIndexFrom;
    const rows = await (from === undefined ? db.notes.orderBy(':id') : db.notes.where(':id').above(from)).limit(chunk).toArray();
    const filled: StoredNote[] = rows.filter((row) => row.terms === undefined).map((row) => ({ ...row, terms: storedNoteTerms(row) }));
    if (filled.length) await db.notes.bulkPut(filled);
    const last = rows.at(-1);
    const end = rows.length < chunk || last === undefined;
    const { notesUnindexed: _flag, noteIndexFrom: _from, noteIndexWalk: walk, ...rest } = state;
    let next: SyncState = rest;
    if (!end) {
      // Counted once, as the walk starts.
      const total = walk?.total ?? (await db.notes.count());
      next = { ...state, noteIndexFrom: last.id, noteIndexWalk: { done: (walk?.done ?? 0) + rows.length, total } };
    }
    await db.syncState.put(next);
    return { indexed: filled.length, done: end };
  });
}

/**
 * Expands packs holding about `chunk` notes (at least one pack) into rows
 * with their terms, and deletes them. Inside indexChunk's transaction.
 */
async function expandChunk(db: KefuDatabase, state: SyncState, chunk: number): Promise<NoteIndexResult> {
  const { stagedNotes: staged, ...rest } = state;
  const from = staged?.from;
  const packs: NotePack[] = [];
  let count = 0;
  await (from === undefined ? db.notePacks.toCollection() : db.notePacks.where(':id').above(from))
    .until(() => count >= chunk)
    .each((pack) => {
      packs.push(pack);
      count += pack.notes.length;
    });
  const notes = packs.flatMap((p) => p.notes);
  // A note with a row already (written since it was staged) keeps it.
  const indexed = await addAbsent(db.notes, notes.map((n): StoredNote => ({ ...n, terms: storedNoteTerms(n) })));
  if (packs.length) await db.notePacks.bulkDelete(packs.map((p) => p.id));
  // None left above the resume point: done, unless some are below it (then once more from the start).
  const left = (await db.notePacks.count()) > 0;
  const done = (staged?.done ?? 0) + notes.length;
  const last = packs.at(-1)?.id;
  const next: SyncState = left ? { ...state, stagedNotes: { done, total: Math.max(done, staged?.total ?? 0), ...(last === undefined ? {} : { from: last }) } } : rest;
  await db.syncState.put(next);
  return { indexed, done: !left && !state.notesUnindexed };
}

/**
 * Gives unindexed notes their search tokens (a deleted note `[]`, as
 * toStoredNote does), chunk by chunk from the resume point, until none are
 * left or `shouldStop` says so, or a sync run is under way (the background
 * starts it again after every run). Does nothing when the flag is clear.
 */
export async function indexPendingNotes(db: KefuDatabase, opts: NoteIndexOptions = {}): Promise<NoteIndexResult> {
  const chunk = Math.max(1, opts.chunk ?? NOTE_INDEX_CHUNK);
  return runChunks(() => indexChunk(db, chunk), opts);
}

export interface NoteIndexProgress {
  /** Unindexed notes may be waiting: a search by note text may miss some. */
  building: boolean;
  /** Notes the current walk has passed, of the notes there were when it started (0 of 0 before it starts, and when not building). */
  done: number;
  total: number;
}

export const NOT_BUILDING: NoteIndexProgress = { building: false, done: 0, total: 0 };

/**
 * Whether the note index is being built, and how far the walk is: the sync
 * state row only, so a live query over it (the hint under a customer search)
 * is not run again, with two counts of every note, at each chunk written.
 */
export async function noteIndexProgress(db: KefuDatabase): Promise<NoteIndexProgress> {
  const state = await getSyncState(db);
  if (state.stagedNotes) return { building: true, done: state.stagedNotes.done, total: state.stagedNotes.total };
  if (!state.notesUnindexed) return NOT_BUILDING;
  return { building: true, done: state.noteIndexWalk?.done ?? 0, total: state.noteIndexWalk?.total ?? 0 };
}
