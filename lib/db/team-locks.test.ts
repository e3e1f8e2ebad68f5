import Dexie, { liveQuery } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KefuDatabase } from './database';
import { enableSyncState, updateSyncState } from './sync-state';
import { locksApply, teamLocks, teamLockSet } from './team-locks';
import { freshDb } from './testing';

const dbs: KefuDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function dbWithMetas(): Promise<KefuDatabase> {
  const db = freshDb();
  dbs.push(db);
  await db.syncRecords.bulkPut([
    { id: 'reply:r-team', kind: 'reply', recordId: 'r-team', scope: 'team', heads: {}, conflicts: {} },
    { id: 'reply:r-mine', kind: 'reply', recordId: 'r-mine', scope: 'personal', heads: {}, conflicts: {} },
    { id: 'checklist-template:t1', kind: 'checklist-template', recordId: 't1', scope: 'team', heads: {}, conflicts: {} },
    { id: 'rule-set:s1', kind: 'rule-set', recordId: 's1', scope: 'team', heads: {}, conflicts: {} },
    { id: 'group-order:g1', kind: 'group-order', recordId: 'g1', scope: 'team', heads: {}, conflicts: {} },
    { id: 'note:n1', kind: 'note', recordId: 'n1', scope: 'team', heads: {}, conflicts: {} },
  ]);
  return db;
}

describe('team locks', () => {
  it('lock the team’s replies, templates, rule sets and group order for an agent, not their own replies', async () => {
    const db = await dbWithMetas();
    await enableSyncState(db, { deviceId: 'devB', role: 'agent', sameTeam: false });
    const locks = await teamLocks(db);
    expect(locks.active).toBe(true);
    expect(locks.has('reply', 'r-team')).toBe(true);
    expect(locks.has('reply', 'r-mine')).toBe(false);
    expect(locks.has('checklist-template', 't1')).toBe(true);
    expect(locks.has('rule-set', 's1')).toBe(true);
    expect(locks.has('group-order', 'g1')).toBe(true);
    expect(locks.has('reply', 'n1')).toBe(false);
  });

  it('lock nothing for a supervisor or with sync off', async () => {
    const db = await dbWithMetas();
    expect((await teamLocks(db)).has('reply', 'r-team')).toBe(false);
    await enableSyncState(db, { deviceId: 'devA', role: 'supervisor', sameTeam: false });
    const locks = await teamLocks(db);
    expect(locks.active).toBe(false);
    expect(locks.has('reply', 'r-team')).toBe(false);
  });

  it('the lock set is not read again when only the sync state changes (a first sync writes it at every page)', async () => {
    const db = await dbWithMetas();
    await enableSyncState(db, { deviceId: 'devB', role: 'agent', sameTeam: false });
    expect(await locksApply(db)).toBe(true);
    const reads: boolean[] = [];
    const subscription = liveQuery(() => teamLockSet(db)).subscribe((locks) => reads.push(locks.has('reply', 'r-team')));
    try {
      await vi.waitFor(() => expect(reads).toEqual([true]));
      await updateSyncState(db, (s) => ({ cursor: s.cursor + 100 }));
      await db.syncRecords.put({ id: 'reply:r-new', kind: 'reply', recordId: 'r-new', scope: 'team', heads: {}, conflicts: {} });
      // One more read, for the metadata written; none for the state.
      await vi.waitFor(() => expect(reads).toEqual([true, true]));
      await updateSyncState(db, (s) => ({ cursor: s.cursor + 100 }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(reads).toHaveLength(2);
    } finally {
      subscription.unsubscribe();
    }
  });
});
