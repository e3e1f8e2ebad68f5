import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackup, readBackup, restoreBackup } from '../backup/backup';
import { indexPendingCustomers } from './customer-index';
import { searchCustomers } from './customer-search';
import { customerForContext, eraseCustomer } from './customers';
import type { KefuDatabase } from './database';
import { applyingRemote } from './outbox';
import type { StoredCustomer } from './records';
import { customerTerms } from './search-terms';
import { markCustomersUnindexed } from './sync-records';
import { getSyncState, updateSyncState } from './sync-state';
import { freshDb } from './testing';

const T0 = Date.UTC(2026, 2, 10, 2, 0);
const who = { author: '小王', now: T0 };
const NAMES = ['王小明', '李华', '张三丰', '赵敏', '周芷若', '小鹿爱吃糖'];

let db: KefuDatabase;
let other: KefuDatabase | undefined;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  await db.delete();
  await other?.delete();
  other = undefined;
});

/** The customers as a first sync stores them: no search tokens, and the flag set in the same transaction. */
async function unindexedCustomers(names: readonly string[] = NAMES): Promise<StoredCustomer[]> {
  const rows: StoredCustomer[] = [];
  for (const name of names) {
    const c = await customerForContext(db, { platform: 'feige', buyerName: name }, who);
    rows.push(c);
  }
  await applyingRemote(db, ['customers'], async () => {
    await db.customers.bulkPut(rows.map(({ terms: _terms, ...c }) => c));
    await db.syncState.put(markCustomersUnindexed(await getSyncState(db)));
  });
  return rows;
}

const found = async (query: string) => (await searchCustomers(db, query)).map((h) => h.customer.displayName);
const withoutTokens = async () => (await db.customers.toArray()).filter((c) => !('erased' in c) && c.terms === undefined).length;

describe('customers stored without their search tokens', () => {
  it('are found by name, pinyin and initials before the background gives them their tokens, and only while the flag says so', async () => {
    await unindexedCustomers();
    expect(await db.customers.where('terms').startsWith('王').count()).toBe(0);
    expect(await found('王小明')).toEqual(['王小明']);
    expect(await found('zhangsan')).toEqual(['张三丰']);
    expect(await found('xlact')).toEqual(['小鹿爱吃糖']);
    // The flag is what sends search to the rows: without it they are invisible, as any row outside the index.
    await updateSyncState(db, () => ({ customersUnindexed: undefined }));
    expect(await found('王小明')).toEqual([]);
  });

  it('get their tokens chunk by chunk, the same as a local write gives, and the flag is cleared', async () => {
    const rows = await unindexedCustomers();
    const gone = await customerForContext(db, { platform: 'feige', buyerName: '要求删除的买家' }, who);
    await eraseCustomer(db, gone.id, who);
    expect(await indexPendingCustomers(db, { chunk: 2 })).toEqual({ indexed: NAMES.length, done: true });
    expect(await withoutTokens()).toBe(0);
    expect((await getSyncState(db)).customersUnindexed).toBeUndefined();
    for (const row of rows) expect((await db.customers.get(row.id)) as StoredCustomer).toEqual({ ...row, terms: customerTerms(row) });
    expect(await db.customers.where('terms').startsWith('王').count()).toBe(1);
    expect(await found('王小明')).toEqual(['王小明']);
  });

  it('waits while a sync run stores pages, and starts over when more are stored behind the walk', async () => {
    await unindexedCustomers(NAMES.slice(0, 3));
    await updateSyncState(db, () => ({ status: 'syncing' }));
    expect(await indexPendingCustomers(db)).toEqual({ indexed: 0, done: false });
    await updateSyncState(db, () => ({ status: 'idle' }));

    let chunks = 0;
    const more = NAMES.slice(3);
    const result = await indexPendingCustomers(db, {
      chunk: 1,
      afterChunk: async () => {
        // After the first chunk, a sync stores more customers, some of them behind the resume point.
        if (++chunks === 1) await unindexedCustomers(more);
      },
    });
    expect(result.done).toBe(true);
    expect(await withoutTokens()).toBe(0);
    expect((await getSyncState(db)).customersUnindexed).toBeUndefined();
  });

  it('come back from a backup flagged, for the background to finish', async () => {
    await unindexedCustomers(NAMES.slice(0, 2));
    const file = await createBackup(db, { now: T0 });
    other = freshDb();
    await restoreBackup(other, await readBackup(other, file.data));
    expect((await getSyncState(other)).customersUnindexed).toBeDefined();
    await indexPendingCustomers(other);
    expect((await other.customers.toArray()).every((c) => 'erased' in c || c.terms !== undefined)).toBe(true);
  });
});
