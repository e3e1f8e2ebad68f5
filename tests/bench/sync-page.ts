import './sync-page-jitless';
import { KefuDatabase } from '../../lib/db/database';
import { allStoredNotes, notesPending } from '../../lib/db/note-packs';
import { addNote, getNote } from '../../lib/db/notes';
import { getSyncState } from '../../lib/db/sync-state';

/**
 * Bundled by tests/bench/sync.bench.ts and evaluated in an extension page of
 * the built extension (the workbench), where IndexedDB is the extension
 * origin's, the one the background's sync engine writes. Reads the sync
 * state and table counts, writes a note through the app's own repository
 * (lib/db/notes.ts, whose outbox middleware queues it for push as any write
 * in the workbench does), and watches for a record to arrive.
 */

const db = new KefuDatabase();

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const syncBench = {
  async state() {
    const s = await getSyncState(db);
    return { enabled: s.enabled, status: s.status, cursor: s.cursor, lastError: s.lastError?.message ?? null, outbox: await db.outbox.count() };
  },

  /** Rows per table; notes counts rows and notes staged by a first sync (lib/db/note-packs.ts) alike, and `staged` the latter. */
  async counts() {
    const staged = (await db.notePacks.toArray()).reduce((n, p) => n + p.notes.length, 0);
    return { replies: await db.replies.count(), customers: await db.customers.count(), notes: (await allStoredNotes(db)).length, staged };
  },

  /** Resolves with the time (epoch ms) the stored cursor reached `target`, checking every `everyMs`. */
  async waitForCursor(target: number, timeoutMs: number, everyMs = 50): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await getSyncState(db);
      if (s.cursor >= target) return Date.now();
      if (Date.now() > deadline) throw new Error(`cursor ${s.cursor} of ${target} after ${timeoutMs} ms (status ${s.status}${s.lastError ? `: ${s.lastError.message}` : ''})`);
      await sleep(everyMs);
    }
  },

  /** Notes without their search tokens: rows a catch-up stored so, and notes a first sync staged, until the indexer is done. */
  async notesWithoutTerms(): Promise<number> {
    const staged = (await db.notePacks.toArray()).reduce((n, p) => n + p.notes.length, 0);
    return (await db.notes.filter((n) => n.terms === undefined).count()) + staged;
  },

  /** Resolves with the time (epoch ms) the background's note indexer had given every note its search tokens. */
  async waitForNotesIndexed(timeoutMs: number, everyMs = 200): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await getSyncState(db);
      if (!notesPending(s)) return Date.now();
      if (Date.now() > deadline) throw new Error(`notes still unindexed after ${timeoutMs} ms (${await syncBench.notesWithoutTerms()} without search tokens)`);
      await sleep(everyMs);
    }
  },

  /**
   * Reads a staged note by id, as an edit of it does before its pack is
   * expanded, by a scan of the packs and then naming its customer: one in
   * the last pack in key order, which the scan reaches last (and the indexer
   * expands last). Undefined when nothing is staged.
   */
  async stagedNoteLookup(): Promise<{ scan: number; byCustomer: number; packs: number } | undefined> {
    const last = await db.notePacks.orderBy(':id').last();
    const note = last?.notes[0];
    if (note === undefined) return undefined;
    const packs = await db.notePacks.count();
    let started = performance.now();
    await getNote(db, note.id);
    const scan = performance.now() - started;
    // As the record on screen asks: naming the note's customer.
    started = performance.now();
    await getNote(db, note.id, { customerId: note.customerId });
    return { scan, byCustomer: performance.now() - started, packs };
  },

  /** Writes a note; resolves after its transaction committed, with the time (epoch ms) of the commit. */
  async addNote(customerId: string, text: string): Promise<{ id: string; committedAt: number }> {
    const note = await addNote(db, customerId, { text }, { author: 'bench' });
    return { id: note.id, committedAt: Date.now() };
  },

  /** Resolves with the time (epoch ms) the note is first found here, polling every `everyMs`. */
  async waitForNote(id: string, timeoutMs: number, everyMs = 20): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await db.notes.get(id)) return Date.now();
      if (Date.now() > deadline) throw new Error(`note ${id} did not arrive within ${timeoutMs} ms`);
      await sleep(everyMs);
    }
  },
};

declare global {
  interface Window {
    syncBench: typeof syncBench;
  }
}
window.syncBench = syncBench;
