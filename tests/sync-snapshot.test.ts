// @vitest-environment node
import { liveQuery } from 'dexie';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { KefuDatabase } from '../lib/db/database';
import { customerForContext, eraseCustomer } from '../lib/db/customers';
import { indexPendingNotes } from '../lib/db/note-index';
import { addNote, deleteNote, editNote, listNotes } from '../lib/db/notes';
import { createReply, listReplies } from '../lib/db/replies';
import { catchUpPercent, enableSyncState, getSyncState, resetSyncAfterReplace, updateSyncState } from '../lib/db/sync-state';
import { pullChanges, syncOnce } from '../lib/sync/client/engine';
import { newAgent, newTeam } from '../server/testing/harness';
import type { Fetch } from '../lib/sync/client/api';
import { fast, useSyncServer, type Device } from './support/sync-devices';
import { allStagedMetas, expandMetaPacks, readMetas } from '../lib/db/meta-packs';
import { indexPendingCustomers } from '../lib/db/customer-index';

/**
 * A new device's first sync from the server's snapshot (pullSnapshot): the
 * team's records once each, as their current values, then the pull of what
 * changed since the snapshot's top. What it stores must be what replaying
 * every change stores; a stopped first sync resumes after its last page.
 */
const backend = useSyncServer();
const { device, inProcess } = backend;

/** Every synced row of a device, by table, without what stays local to it (search tokens, which the indexer fills). */
async function contents(db: KefuDatabase) {
  await expandMetaPacks(db);
  await indexPendingCustomers(db);
  await indexPendingNotes(db);
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ terms: _terms, ...row }) => row).sort((x, y) => String(x.id).localeCompare(String(y.id)));
  return {
    replies: strip(await db.replies.toArray()),
    customers: strip(await db.customers.toArray()),
    notes: strip(await db.notes.toArray()),
    followUps: strip(await db.followUps.toArray()),
    syncRecords: await db.syncRecords.orderBy('id').toArray(),
  };
}

/** Requests a device makes, by endpoint, with their query. */
function recording(d: Device, fail?: (path: string, n: number) => boolean): URL[] {
  const seen: URL[] = [];
  const fetch: Fetch = async (url, init) => {
    const u = new URL(url);
    seen.push(u);
    if (fail?.(u.pathname, seen.filter((s) => s.pathname === u.pathname).length)) throw new TypeError('Failed to fetch');
    return inProcess(url, init);
  };
  d.conn.fetch = fetch;
  return seen;
}

/** A team whose history has edits, deletes, an erased customer and conflicts: 3 customers, 21 live notes. */
async function busyTeam() {
  const boss = await newTeam(backend.instance);
  const a = await device(boss);
  const agent = await newAgent(backend.instance, boss);
  const buyers = [];
  for (const name of ['王小明', '李小红', '赵小云']) buyers.push(await customerForContext(a.db, { platform: 'feige', buyerName: name }, a.who));
  for (const [i, buyer] of buyers.entries()) {
    for (let n = 0; n < 7; n++) {
      const note = await addNote(a.db, buyer.id, { text: `${buyer.displayName}第${n + 1}次回访` }, a.who);
      if (n === 2) await editNote(a.db, note.id, { text: `${buyer.displayName}第${n + 1}次回访（已改）` }, a.who);
      if (n === 4 && i === 0) await deleteNote(a.db, note.id, a.who);
    }
  }
  await createReply(a.db, { title: '发货时间', body: '亲，48小时内发货', group: '售前', code: '', tags: [], variants: [], pinned: false }, a.who);
  const gone = await customerForContext(a.db, { platform: 'feige', buyerName: '要求删除的买家' }, a.who);
  await addNote(a.db, gone.id, { text: '请删除我的资料' }, a.who);
  await syncOnce({ db: a.db, conn: a.conn, ...fast });
  await eraseCustomer(a.db, gone.id, a.who);
  await syncOnce({ db: a.db, conn: a.conn, ...fast });
  return { boss, a, agent, buyers };
}

describe('a first sync from the snapshot', () => {
  it('stores exactly what replaying every change stores, asking the snapshot and then the pull from its top', async () => {
    const { agent } = await busyTeam();
    const bySnapshot = await device(agent);
    const requests = recording(bySnapshot);
    const run = await syncOnce({ db: bySnapshot.db, conn: bySnapshot.conn, pullLimit: 4, ...fast });
    expect((await getSyncState(bySnapshot.db)).lastError).toBeUndefined();
    expect(run?.pulled).toBeGreaterThan(0);

    const snapshots = requests.filter((u) => u.pathname === '/v1/sync/snapshot');
    expect(snapshots.length).toBeGreaterThan(3);
    const top = Number(snapshots[1]!.searchParams.get('top'));
    expect(top).toBeGreaterThan(0);
    // Then only the changes after the snapshot's top.
    const pulls = requests.filter((u) => u.pathname === '/v1/sync/pull').map((u) => Number(u.searchParams.get('cursor')));
    expect(pulls).toEqual([top]);
    expect((await getSyncState(bySnapshot.db)).cursor).toBe(top);
    expect((await getSyncState(bySnapshot.db)).snapshot).toBeUndefined();
    // Its notes are staged a customer at a time (lib/db/note-packs.ts), for the background to expand.
    const staged = (await bySnapshot.db.notePacks.toArray()).flatMap((p) => p.notes);
    expect(staged).toHaveLength(21);
    expect(await bySnapshot.db.notes.count()).toBe(0);
    expect((await getSyncState(bySnapshot.db)).stagedNotes).toEqual({ done: 0, total: 21 });
    expect((await bySnapshot.db.notePacks.toArray()).every((p) => p.notes.every((n) => n.customerId === p.customerId))).toBe(true);
    // Its reply's sync metadata is staged too (lib/db/meta-packs.ts), not a row, and reads as one by key.
    const stagedMetas = await allStagedMetas(bySnapshot.db);
    expect(stagedMetas.map((m) => m.kind)).toEqual(['reply']);
    expect((await bySnapshot.db.syncRecords.toArray()).filter((m) => m.kind === 'reply')).toEqual([]);
    expect(await readMetas(bySnapshot.db, [stagedMetas[0]!.id])).toEqual(stagedMetas);
    // Its customers without their search tokens (lib/db/customer-index.ts), flagged for the background.
    expect((await bySnapshot.db.customers.toArray()).filter((c) => !('erased' in c) && c.terms === undefined)).toHaveLength(3);
    expect((await getSyncState(bySnapshot.db)).customersUnindexed).toEqual({});

    const byChanges = await device(agent);
    await pullChanges({ db: byChanges.db, conn: byChanges.conn, pullLimit: 4 });
    expect(await contents(bySnapshot.db)).toEqual(await contents(byChanges.db));
    // The check above compares something: the records are there.
    const stored = await contents(bySnapshot.db);
    // 3 buyers' 7 notes, one of them deleted (a tombstone); the erased buyer's note is gone for good.
    expect(stored.notes).toHaveLength(21);
    expect(stored.notes.filter((n) => n.deletedAt !== undefined)).toHaveLength(1);
    const edited = stored.notes.find((n) => String(n.text).endsWith('（已改）'))!;
    expect((edited.history as { text: string }[]).map((h) => h.text)).toEqual([String(edited.text).replace('（已改）', '')]);
    expect(stored.customers.filter((c) => 'erased' in c)).toHaveLength(1);
    expect(stored.syncRecords.map((m) => m.kind)).toEqual(['reply']);
  });

  it('a first sync stopped mid-snapshot resumes after its last stored page, then pulls what changed meanwhile', async () => {
    const { a, agent, buyers } = await busyTeam();
    const b = await device(agent);
    const percents: number[] = [];
    const watching = liveQuery(() => getSyncState(b.db)).subscribe((s) => {
      const percent = catchUpPercent(s);
      if (percent !== undefined && percent !== percents.at(-1)) percents.push(percent);
    });
    onTestFinished(() => watching.unsubscribe());

    // The network drops at the third snapshot page: two pages of 5 are stored, with where to go on.
    recording(b, (path, n) => path === '/v1/sync/snapshot' && n === 3);
    await syncOnce({ db: b.db, conn: b.conn, pullLimit: 5, ...fast });
    const stopped = await getSyncState(b.db);
    expect(stopped).toMatchObject({ status: 'offline', cursor: 0, snapshot: { done: 10 } });
    const { top, next, total } = stopped.snapshot!;
    expect(total).toBeGreaterThan(20);
    expect(percents.length).toBeGreaterThan(0);
    expect(percents.every((p) => p > 0 && p < 100)).toBe(true);

    // Meanwhile the team writes on.
    const late = await addNote(a.db, buyers[1]!.id, { text: '快照之后写的' }, a.who);
    await syncOnce({ db: a.db, conn: a.conn, ...fast });

    percents.length = 0;
    const requests = recording(b);
    await syncOnce({ db: b.db, conn: b.conn, pullLimit: 5, ...fast });
    expect((await getSyncState(b.db)).lastError).toBeUndefined();
    const first = requests.find((u) => u.pathname === '/v1/sync/snapshot')!;
    expect(first.searchParams.get('top')).toBe(String(top));
    expect(first.searchParams.get('after')).toBe(next);
    expect(requests.filter((u) => u.pathname === '/v1/sync/pull').map((u) => Number(u.searchParams.get('cursor')))).toEqual([top]);
    // The share shown went on from where it stopped.
    expect(percents[0]).toBeGreaterThanOrEqual(Math.floor((10 / total) * 100));

    const reference = await device(agent);
    await syncOnce({ db: reference.db, conn: reference.conn, ...fast });
    expect(await contents(b.db)).toEqual(await contents(reference.db));
    expect((await listNotes(b.db, buyers[1]!.id)).map((n) => n.id)).toContain(late.id);
  });

  it('starts over when the server’s data was replaced since the snapshot began', async () => {
    const { agent, buyers } = await busyTeam();
    const b = await device(agent);
    recording(b, (path, n) => path === '/v1/sync/snapshot' && n === 2);
    await syncOnce({ db: b.db, conn: b.conn, pullLimit: 5, ...fast });
    expect((await getSyncState(b.db)).snapshot).toMatchObject({ done: 5 });
    // As after a restore of the server's database to an earlier day: the last changes (the erasure) are gone and the counter is below the snapshot's top.
    const top = (await getSyncState(b.db)).snapshot!.top;
    await backend.instance.storage.query('delete from records where team_id = $1 and seq > $2', [agent.team.id, top - 2]);
    await backend.instance.storage.query('update teams set seq = $2 where id = $1', [agent.team.id, top - 2]);
    const requests = recording(b);
    await syncOnce({ db: b.db, conn: b.conn, pullLimit: 5, ...fast });
    const state = await getSyncState(b.db);
    expect(state.lastError).toBeUndefined();
    expect(state).toMatchObject({ cursor: top - 2, snapshot: undefined });
    const snapshots = requests.filter((u) => u.pathname === '/v1/sync/snapshot');
    expect(snapshots[0]!.searchParams.get('top')).toBe(String(top));
    expect(snapshots[1]!.searchParams.get('top')).toBeNull();
    const reference = await device(agent);
    await syncOnce({ db: reference.db, conn: reference.conn, ...fast });
    for (const buyer of buyers) expect(await listNotes(b.db, buyer.id)).toEqual(await listNotes(reference.db, buyer.id));
    expect((await listNotes(b.db, buyers[0]!.id)).length).toBe(6);
    // What the first snapshot staged is not staged again by the second (it is written as rows, which win).
    const staged = (await b.db.notePacks.toArray()).flatMap((p) => p.notes.map((n) => n.id));
    expect(staged.length).toBeGreaterThan(0);
    expect(new Set(staged).size).toBe(staged.length);
    expect((await contents(b.db)).notes).toEqual((await contents(reference.db)).notes);
  });

  it('against a server without snapshots, replays the changes as before', async () => {
    const { agent, buyers } = await busyTeam();
    const b = await device(agent);
    const requests: string[] = [];
    b.conn.fetch = async (url, init) => {
      requests.push(new URL(url).pathname);
      if (new URL(url).pathname === '/v1/sync/snapshot') return new Response('404 Not Found', { status: 404 });
      return inProcess(url, init);
    };
    await syncOnce({ db: b.db, conn: b.conn, pullLimit: 5, ...fast });
    expect((await getSyncState(b.db)).lastError).toBeUndefined();
    expect(requests.filter((p) => p === '/v1/sync/snapshot')).toHaveLength(1);
    expect(requests.filter((p) => p === '/v1/sync/pull').length).toBeGreaterThan(3);
    expect((await listNotes(b.db, buyers[2]!.id)).length).toBe(7);
    expect((await listReplies(b.db)).some((r) => r.title === '发货时间')).toBe(true);
  });

  it('a snapshot under way belongs to its session: kept when the same team signs in again, dropped for another team or a restore', async () => {
    const { agent } = await busyTeam();
    const b = await device(agent);
    const progress = { top: 40, next: '.reply.r1', done: 5, total: 40 };
    const withProgress = () => updateSyncState(b.db, () => ({ snapshot: progress }));
    const signIn = (sameTeam: boolean) => enableSyncState(b.db, { deviceId: agent.device.id, role: 'agent', sameTeam });

    await withProgress();
    expect((await signIn(true)).snapshot).toEqual(progress);
    expect((await signIn(false)).snapshot).toBeUndefined();
    await withProgress();
    await b.db.transaction('rw', [b.db.syncState, b.db.outbox, b.db.syncRecords, b.db.metaPacks], async () => resetSyncAfterReplace(b.db, await getSyncState(b.db)));
    const replaced = await getSyncState(b.db);
    expect(replaced).toMatchObject({ cursor: 0, rescan: true });
    expect(replaced.snapshot).toBeUndefined();

    // A rescan pulls every change (it records what the server has of each record), not the snapshot.
    const requests = recording(b);
    await syncOnce({ db: b.db, conn: b.conn, ...fast });
    expect(requests.some((u) => u.pathname === '/v1/sync/snapshot')).toBe(false);
    expect(await getSyncState(b.db)).toMatchObject({ rescan: undefined, status: 'idle' });
  });
});
