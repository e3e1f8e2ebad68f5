import type { KefuDatabase } from './database';
import { applyingRemote } from './outbox';
import type { CustomerRow, StoredCustomer } from './records';
import { customerTerms } from './search-terms';
import type { SyncState } from './sync-records';
import { getSyncState } from './sync-state';
import { runChunks, type WalkOptions, type WalkResult } from './walk';

/*
 * The customers' search tokens, filled in after a first sync. A first sync
 * stores the team's customers without `terms` (rowFromServer's
 * deferCustomerTerms): a customer's ~30 multiEntry index entries (about
 * 90,000 for the sync bench's 3,000 customers) were 1.4-2.0 s of a first
 * sync's transactions. Without them the bench's first sync went from 9.6 s
 * to 6.6-8.2 s, and the IndexedDB backend's CPU from 6.6 s to 3.1-3.7 s.
 * IndexedDB leaves such a row out of the `*terms` index; customer search
 * reads those rows directly while SyncState.customersUnindexed is set
 * (customer-search.ts), so no customer goes missing from a search.
 *
 * The walk goes through the customers in primary-key order from the resume
 * point in the flag, a chunk per transaction holding the chunk's writes and
 * the new resume point. Whoever stores more such customers resets the flag
 * without a resume point in the same transaction (markCustomersUnindexed),
 * so the walk starts over and sees them; only a chunk that reached the end of
 * a walk no one reset clears it. Like the note index: device-local, written
 * past the outbox, and not while a sync run stores pages.
 */

/** Customers read per transaction. */
export const CUSTOMER_INDEX_CHUNK = 500;

/** One chunk; `done` when nothing is waiting any more, `paused` when a sync run is under way. */
async function indexChunk(db: KefuDatabase, chunk: number): Promise<WalkResult & { paused?: boolean }> {
  return applyingRemote(db, ['customers'], async () => {
    const state = await getSyncState(db);
    const flag = state.customersUnindexed;
    if (!flag) return { indexed: 0, done: true };
    if (state.status === 'syncing') return { indexed: 0, done: false, paused: true };
    const rows: CustomerRow[] = await (flag.from === undefined ? db.customers.orderBy(':id') : db.customers.where(':id').above(flag.from)).limit(chunk).toArray();
    const filled: StoredCustomer[] = [];
    for (const row of rows) if (!('erased' in row) && row.terms === undefined) filled.push({ ...row, terms: customerTerms(row) });
    if (filled.length) await db.customers.bulkPut(filled);
    const last = rows.at(-1);
    const end = rows.length < chunk || last === undefined;
    const { customersUnindexed: _flag, ...rest } = state;
    const next: SyncState = end ? rest : { ...state, customersUnindexed: { from: last.id } };
    await db.syncState.put(next);
    return { indexed: filled.length, done: end };
  });
}

/**
 * Gives the customers a first sync stored without search tokens their
 * tokens, chunk by chunk, until none are left, `shouldStop` says so, or a
 * sync run is under way (the background starts it again after each run).
 */
export async function indexPendingCustomers(
  db: KefuDatabase,
  opts: WalkOptions = {},
): Promise<WalkResult> {
  const chunk = Math.max(1, opts.chunk ?? CUSTOMER_INDEX_CHUNK);
  return runChunks(() => indexChunk(db, chunk), opts);
}
