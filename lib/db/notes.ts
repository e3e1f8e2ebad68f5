import Dexie from 'dexie';
import type { KefuDatabase } from './database';
import { newId } from './ids';
import { getCustomer, nextUpdatedAt, notesOf, touchOrderInTransaction, type WriteOptions } from './customers';
import { findStagedNote, hasStagedNotes, storedNotesOf } from './note-packs';
import { MAX_NOTE_HISTORY, Note, NoteDraft, type StoredNote } from './records';
import { noteTerms } from './search-terms';
import { notFound, parseOrThrow } from './validation';

/**
 * Repository for a customer's timeline of notes: the only write path to
 * `db.notes`. Edits keep every earlier wording with who wrote it and when;
 * deletes leave a tombstone that `restoreNote` undoes. Only eraseCustomer
 * removes notes for good. Notes a first sync staged (lib/db/note-packs.ts)
 * are read beside the rows until the background expands them; a change to
 * one is written as its row, which wins over the staged copy.
 */

function toNote(row: StoredNote): Note {
  const { terms: _derived, pinnedCreatedAt: _pinned, ...note } = row;
  return note;
}

/**
 * A note as stored: with its search tokens and pinned-index key (neither on a
 * deleted note). `deferTerms`: without `terms` at all (an unindexed note, left
 * out of the search index until lib/db/note-index.ts fills them), for a bulk
 * catch-up that stores them in the same transaction as markNotesUnindexed().
 */
export function toStoredNote(note: Note, opts: { deferTerms?: boolean } = {}): StoredNote {
  const live = note.deletedAt === undefined;
  const pinned = live && note.pinned ? { pinnedCreatedAt: note.createdAt } : {};
  if (opts.deferTerms) return { ...note, ...pinned };
  return { ...note, terms: storedNoteTerms(note), ...pinned };
}

/** The `terms` of a stored note: its text's tokens, none when deleted. */
export function storedNoteTerms(note: Pick<Note, 'text' | 'deletedAt'>): string[] {
  return note.deletedAt === undefined ? noteTerms(note.text) : [];
}

/** Validates and stores a note. */
async function saveNote(db: KefuDatabase, note: Note): Promise<Note> {
  const valid = parseOrThrow(Note, note, 'The note');
  await db.notes.put(toStoredNote(valid));
  return valid;
}

/**
 * Options of a change to a note: who and when, and the note's customer when
 * the caller knows it (the record on screen does), so that a note still
 * staged by a first sync is looked for among that customer's packs only.
 */
export interface NoteWriteOptions extends WriteOptions {
  customerId?: string;
}

/** The note as stored, a row or else a staged copy. In a transaction holding notes and notePacks. */
async function getStoredNote(db: KefuDatabase, id: string, customerId?: string): Promise<Note> {
  const row = (await db.notes.get(id)) ?? (await findStagedNote(db, id, customerId));
  if (row === undefined) throw notFound('Note', id, 'note-not-found');
  return toNote(row);
}

/** The live note with this id (`customerId`: its customer, when known; see NoteWriteOptions). */
export async function getNote(db: KefuDatabase, id: string, opts: { customerId?: string } = {}): Promise<Note> {
  return db.transaction('r', [db.notes, db.notePacks], () => liveNote(db, id, opts.customerId));
}

async function liveNote(db: KefuDatabase, id: string, customerId?: string): Promise<Note> {
  const note = await getStoredNote(db, id, customerId);
  if (note.deletedAt !== undefined) throw notFound('Note', id, 'note-not-found');
  return note;
}

const emptyToUndefined = (orderId: string | undefined): string | undefined => (orderId === undefined || orderId === '' ? undefined : orderId);

/**
 * Adds a note to a live customer's timeline. A note about an order also
 * records the order on the customer, in the same transaction.
 */
export async function addNote(db: KefuDatabase, customerId: string, draft: unknown, opts: WriteOptions): Promise<Note> {
  const input = parseOrThrow(NoteDraft, draft, 'The note');
  const orderId = emptyToUndefined(input.orderId);
  const now = opts.now ?? Date.now();
  return db.transaction('rw', [db.customers, db.notes], async () => {
    await getCustomer(db, customerId);
    const note = await saveNote(db, {
      id: newId(),
      customerId,
      text: input.text,
      orderId,
      pinned: input.pinned,
      history: [],
      createdAt: now,
      updatedAt: now,
      author: opts.author,
    });
    if (orderId !== undefined) await touchOrderInTransaction(db, customerId, orderId, opts);
    return note;
  });
}

const NoteEdit = NoteDraft.pick({ text: true, orderId: true });

/**
 * Changes a note's text (and order). The previous wording goes to `history`
 * with its author and time; the note's author becomes the editor. Saving the
 * same text writes nothing new into the history.
 */
export async function editNote(db: KefuDatabase, id: string, draft: unknown, opts: NoteWriteOptions): Promise<Note> {
  const input = parseOrThrow(NoteEdit, draft, 'The note');
  const orderId = input.orderId === undefined ? undefined : emptyToUndefined(input.orderId);
  const now = opts.now ?? Date.now();
  return db.transaction('rw', [db.customers, db.notes, db.notePacks], async () => {
    const current = await liveNote(db, id, opts.customerId);
    const orderChanged = input.orderId !== undefined && orderId !== current.orderId;
    if (input.text === current.text && !orderChanged) return current;
    const at = nextUpdatedAt(now, current);
    let next: Note = { ...current, orderId: input.orderId === undefined ? current.orderId : orderId, updatedAt: at };
    if (input.text !== current.text) {
      const previous = { text: current.text, author: current.author, writtenAt: current.editedAt ?? current.createdAt };
      // Past MAX_NOTE_HISTORY wordings, the oldest drops off: a note edited hundreds of times must not grow without end.
      next = { ...next, text: input.text, author: opts.author, editedAt: at, history: [...current.history, previous].slice(-MAX_NOTE_HISTORY) };
    }
    const saved = await saveNote(db, next);
    if (orderChanged && orderId !== undefined) await touchOrderInTransaction(db, current.customerId, orderId, opts);
    return saved;
  });
}

/** Soft delete: the note leaves the timeline and the search; `restoreNote` brings it back. */
export async function deleteNote(db: KefuDatabase, id: string, opts: NoteWriteOptions): Promise<void> {
  const now = opts.now ?? Date.now();
  await db.transaction('rw', [db.notes, db.notePacks], async () => {
    const current = await liveNote(db, id, opts.customerId);
    const at = nextUpdatedAt(now, current);
    await saveNote(db, { ...current, deletedAt: at, deletedBy: opts.author, updatedAt: at });
  });
}

/** Undo of a delete. The note's author stays who wrote it. */
export async function restoreNote(db: KefuDatabase, id: string, opts: NoteWriteOptions): Promise<Note> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', [db.customers, db.notes, db.notePacks], async () => {
    const current = await getStoredNote(db, id, opts.customerId);
    // A note of an erased customer cannot exist, but a restore must not make one.
    await getCustomer(db, current.customerId);
    const { deletedAt: _gone, deletedBy: _by, ...rest } = current;
    return saveNote(db, { ...rest, updatedAt: nextUpdatedAt(now, current) });
  });
}

/** Pins a note to the top of the timeline, or unpins it. Does not change who wrote it. */
export async function pinNote(db: KefuDatabase, id: string, pinned: boolean, opts: NoteWriteOptions): Promise<Note> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', [db.notes, db.notePacks], async () => {
    const current = await liveNote(db, id, opts.customerId);
    if (current.pinned === pinned) return current;
    return saveNote(db, { ...current, pinned, updatedAt: nextUpdatedAt(now, current) });
  });
}

/**
 * A customer's timeline: live notes, pinned first, each part newest first.
 * With `limit`, all pinned notes and only the newest `limit` others, read
 * through the indexes without touching the rest (a regular with thousands of
 * notes opens as fast as anyone); ask again with a larger limit for more.
 */
export async function listNotes(db: KefuDatabase, customerId: string, opts: { limit?: number } = {}): Promise<Note[]> {
  if (opts.limit === undefined) {
    const live = await db.transaction('r', [db.notes, db.notePacks], async () => (await storedNotesOf(db, customerId)).reverse().filter((n) => n.deletedAt === undefined).map(toNote));
    return [...live.filter((n) => n.pinned), ...live.filter((n) => !n.pinned)];
  }
  return (await timelinePage(db, customerId, opts.limit)).notes;
}

/** The first part of a timeline, as the record shows it. */
export interface TimelinePage {
  /** Every pinned note, then the newest `limit` others (see listNotes). */
  notes: Note[];
  /** Older unpinned notes exist beyond the page: the record offers "show older notes". */
  older: boolean;
}

/**
 * All pinned notes and the newest `limit` others, and whether there are
 * older ones: the record asks again with a larger limit to show them. With
 * `reach` (a note's createdAt, e.g. the note a search found), the page goes
 * at least down to that time. Reads one note past the page to know whether
 * older ones exist, never the whole timeline.
 */
export async function timelinePage(db: KefuDatabase, customerId: string, limit: number, opts: { reach?: number } = {}): Promise<TimelinePage> {
  const { reach } = opts;
  // Unpinned notes the page shows out of `others` (newest first).
  const taken = (others: StoredNote[]) => Math.max(limit, reach === undefined ? 0 : others.filter((n) => n.createdAt >= reach).length);
  return db.transaction('r', [db.notes, db.notePacks], async () => {
    if (await hasStagedNotes(db, customerId)) {
      // Some of them staged by a first sync: the whole timeline, rows and staged, paged here.
      const all = (await storedNotesOf(db, customerId)).reverse().filter((n) => n.deletedAt === undefined);
      const others = all.filter((n) => !n.pinned);
      const shown = taken(others);
      return { notes: [...all.filter((note) => note.pinned), ...others.slice(0, shown)].map(toNote), older: others.length > shown };
    }
    const pinned = await db.notes
      .where('[customerId+pinnedCreatedAt]')
      .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey], true, true)
      .reverse()
      .toArray();
    // Pinned and deleted notes are in the timeline range too: read more until
    // one note past the page is found (so everything newer is in), or none is left.
    let want = limit + 1 + pinned.length;
    let others: StoredNote[];
    for (;;) {
      const rows = await notesOf(db, customerId).reverse().limit(want).toArray();
      others = rows.filter((n) => n.deletedAt === undefined && !n.pinned);
      if (others.length > taken(others) || rows.length < want) break;
      want *= 2;
    }
    const n = taken(others);
    return { notes: [...pinned, ...others.slice(0, n)].map(toNote), older: others.length > n };
  });
}
