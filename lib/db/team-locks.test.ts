import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { KefuDatabase } from './database';
import { enableSyncState } from './sync-state';
import { teamLocks } from './team-locks';
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
});
