import Dexie, { type BulkError, type Table } from 'dexie';

/*
 * What the background's walks over stored rows share (the notes' index and
 * staged notes, lib/db/note-index.ts; the customers' tokens,
 * customer-index.ts; the staged sync data, meta-packs.ts): a loop of
 * transactions, and the rule that a staged copy never overwrites a row.
 */

export interface WalkOptions {
  /** Rows per transaction (each walk has its default). */
  chunk?: number;
  /** Asked before each chunk: true ends the walk there (it resumes from the saved point later). */
  shouldStop?: () => boolean;
  /** Awaited after each chunk that did not finish the walk: a yield to other work, a keep-alive. */
  afterChunk?: () => Promise<void> | void;
}

export interface WalkResult {
  /** Rows this call wrote. */
  indexed: number;
  /** Nothing is waiting now; false when stopped before. */
  done: boolean;
}

/**
 * Runs `step` (one chunk, one transaction) until it says it is done, says a
 * sync run is under way (`paused`), or `shouldStop`; `afterChunk` between.
 */
export async function runChunks(step: () => Promise<WalkResult & { paused?: boolean }>, opts: Omit<WalkOptions, 'chunk'>): Promise<WalkResult> {
  let indexed = 0;
  for (;;) {
    if (opts.shouldStop?.()) return { indexed, done: false };
    const result = await step();
    indexed += result.indexed;
    if (result.done) return { indexed, done: true };
    if (result.paused) return { indexed, done: false };
    await opts.afterChunk?.();
  }
}

/**
 * Adds the rows whose key is free, in the caller's transaction, and returns
 * how many: a key with a row already keeps it (it is newer than a staged
 * copy). Added, not put, so a key is not read first (reading every note's
 * key first took a tenth of the notes' expansion in Chromium).
 */
export async function addAbsent<T>(table: Table<T>, rows: readonly T[]): Promise<number> {
  if (!rows.length) return 0;
  let added = rows.length;
  await table.bulkAdd([...rows]).catch(Dexie.BulkError, (err: BulkError) => {
    const other = err.failures.find((f) => f.name !== 'ConstraintError');
    if (other) throw other;
    added -= err.failures.length;
  });
  return added;
}
