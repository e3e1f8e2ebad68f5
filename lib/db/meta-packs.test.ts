import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnownRecords } from '../sync/client/engine';
import type { KefuDatabase } from './database';
import { allStagedMetas, deleteStagedMeta, expandMetaPacks, readMetas, stagedMeta, stageMetas } from './meta-packs';
import { applyingRemote, queueEverything } from './outbox';
import { createReply, updateReply } from './replies';
import type { Reply } from './records';
import { metaId, type SyncRecordMeta } from './sync-records';
import { disableSyncState, enableSyncState } from './sync-state';
import { teamLocks } from './team-locks';
import { expectAppError, freshDb } from './testing';

const T0 = Date.UTC(2026, 2, 10, 2, 0);
const who = { author: '王主管', now: T0 };
const stamp = (n: number) => `${String(T0 + n).padStart(15, '0')}:00000:boss`;

let db: KefuDatabase;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  await db.delete();
});

const meta = (reply: Reply, n: number, scope: 'team' | 'personal' = 'team'): SyncRecordMeta => ({
  id: metaId('reply', reply.id),
  kind: 'reply',
  recordId: reply.id,
  scope,
  heads: { title: [stamp(n)], body: [stamp(n)] },
  conflicts: {},
});

/** Nine replies written before signing in, their metadata staged as a first sync does: three packs of three. */
async function stagedLibrary(): Promise<{ replies: Reply[]; metas: SyncRecordMeta[] }> {
  const replies: Reply[] = [];
  for (let i = 0; i < 9; i++) replies.push(await createReply(db, { title: `话术${i}`, body: `亲，第${i}条`, group: '售前', code: '', tags: [], variants: [], pinned: false }, who));
  const metas = replies.map((r, i) => meta(r, i, i === 4 ? 'personal' : 'team')).sort((a, b) => (a.id < b.id ? -1 : 1));
  await applyingRemote(db, [], async () => {
    for (let i = 0; i < 9; i += 3) expect(await stageMetas(db, metas.slice(i, i + 3))).toBe(true);
  });
  return { replies, metas };
}

describe('staged sync metadata', () => {
  it('finds each staged meta by key with one pack read, and nothing for a key no pack holds', async () => {
    const { metas } = await stagedLibrary();
    expect(await db.metaPacks.count()).toBe(3);
    for (const m of metas) expect(await stagedMeta(db, m.id)).toEqual(m);
    // Between two packs, before the first, after the last, another kind: none.
    expect(await stagedMeta(db, `${metas[2]!.id}~`)).toBeUndefined();
    expect(await stagedMeta(db, 'reply:')).toBeUndefined();
    expect(await stagedMeta(db, 'reply:~')).toBeUndefined();
    expect(await stagedMeta(db, 'rule-set:x')).toBeUndefined();
    expect(await allStagedMetas(db)).toEqual(metas);
  });

  it('stages nothing over a range a pack already covers: the caller writes rows instead', async () => {
    const { metas } = await stagedLibrary();
    const straddling = [{ ...metas[1]!, id: `${metas[1]!.id}x` }, { ...metas[4]!, id: `${metas[4]!.id}x` }];
    expect(await applyingRemote(db, [], () => stageMetas(db, straddling))).toBe(false);
    expect(await db.metaPacks.count()).toBe(3);
    expect(await allStagedMetas(db)).toEqual(metas);
  });

  it('reads a row over its staged copy, and expansion keeps the row', async () => {
    const { metas } = await stagedLibrary();
    const newer = { ...metas[3]!, heads: { title: [stamp(100)], body: [stamp(100)] } };
    await db.syncRecords.put(newer);
    expect(await readMetas(db, [metas[0]!.id, metas[3]!.id, 'reply:none'])).toEqual([metas[0], newer, undefined]);

    expect(await expandMetaPacks(db)).toEqual({ indexed: 8, done: true });
    expect(await db.metaPacks.count()).toBe(0);
    expect(await db.syncRecords.orderBy('id').toArray()).toEqual(metas.map((m) => (m.id === newer.id ? newer : m)));
    // Nothing left to do.
    expect(await expandMetaPacks(db)).toEqual({ indexed: 0, done: true });
  });

  it('locks an agent out of a staged team reply, in the lists and in the database, but not out of a personal one', async () => {
    const { replies } = await stagedLibrary();
    await enableSyncState(db, { deviceId: 'devB', role: 'agent', sameTeam: false });
    const locks = await teamLocks(db);
    expect(replies.filter((r) => locks.has('reply', r.id)).map((r) => r.title)).toEqual(replies.filter((_, i) => i !== 4).map((r) => r.title));
    await expectAppError(updateReply(db, replies[0]!.id, { ...replies[0], body: '改了' }, { author: '小李', now: T0 + 1 }), 'read-only');
    expect((await db.replies.get(replies[0]!.id))?.body).toBe('亲，第0条');
    expect(await db.outbox.count()).toBe(0);
    await updateReply(db, replies[4]!.id, { ...replies[4], body: '我自己的' }, { author: '小李', now: T0 + 1 });
    expect((await db.outbox.toArray()).map((e) => [e.recordId, e.scope])).toEqual([[replies[4]!.id, 'personal']]);
  });

  it('names the staged stamps as the base of a supervisor’s edit, then keeps the edit’s metadata as a row', async () => {
    const { replies, metas } = await stagedLibrary();
    await enableSyncState(db, { deviceId: 'devA', role: 'supervisor', sameTeam: false });
    const reply = replies[6]!;
    const staged = metas.find((m) => m.recordId === reply.id)!;
    await updateReply(db, reply.id, { ...reply, body: '亲，今天发货' }, { author: '王主管', now: T0 + 5 });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ recordId: reply.id, scope: 'team', fields: { body: '亲，今天发货' }, base: { body: staged.heads.body } });
    const row = await db.syncRecords.get(staged.id);
    expect(row?.heads.body).toEqual([entry!.hlc]);
    expect(row?.heads.title).toEqual(staged.heads.title);
    expect(await readMetas(db, [staged.id])).toEqual([row]);
  });

  it('counts staged records as synced when sign-in queues what the server lacks, and as known to a resumed first sync', async () => {
    const { replies, metas } = await stagedLibrary();
    // Written here before signing in: no sync data of it anywhere.
    const unsynced = await createReply(db, { title: '新话术', body: '亲，在的', group: '', code: '', tags: [], variants: [], pinned: false }, who);
    await enableSyncState(db, { deviceId: 'devA', role: 'supervisor', sameTeam: false });
    const known = await KnownRecords.load(db);
    for (const m of metas) expect(known.mayHaveMeta(m.id)).toBe(true);
    expect(known.mayHaveMeta(metaId('reply', unsynced.id))).toBe(false);

    expect(await queueEverything(db, { onlyUnsynced: true })).toBeGreaterThan(0);
    const queued = new Set((await db.outbox.toArray()).map((e) => e.recordId));
    expect(queued.has(unsynced.id)).toBe(true);
    expect(replies.filter((r) => queued.has(r.id))).toEqual([]);
  });

  it('deletes one staged meta, keeping the rest of its pack findable, and clears them all at sign-out', async () => {
    const { metas } = await stagedLibrary();
    await applyingRemote(db, [], () => deleteStagedMeta(db, metas[2]!.id));
    expect(await stagedMeta(db, metas[2]!.id)).toBeUndefined();
    for (const m of metas.filter((_, i) => i !== 2)) expect(await stagedMeta(db, m.id)).toEqual(m);
    await applyingRemote(db, [], () => deleteStagedMeta(db, 'reply:none'));
    expect(await allStagedMetas(db)).toHaveLength(8);

    await disableSyncState(db);
    expect(await db.metaPacks.count()).toBe(0);
  });
});
