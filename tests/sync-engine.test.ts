// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { customerForContext, eraseCustomer } from '../lib/db/customers';
import { addFollowUp, completeFollowUp, getFollowUp, reopenFollowUp } from '../lib/db/follow-ups';
import { addNote, deleteNote, listNotes } from '../lib/db/notes';
import { getGroupOrder, GROUP_ORDER_ID, moveGroup } from '../lib/db/group-order';
import { createReply, getReply, listReplies, updateReply } from '../lib/db/replies';
import { teamLocks } from '../lib/db/team-locks';
import { expectAppError } from '../lib/db/testing';
import { resolveConflict } from '../lib/db/conflicts';
import { queueEverything } from '../lib/db/outbox';
import { disableSyncState, enableSyncState, getSyncState } from '../lib/db/sync-state';
import { createBackup, readBackup, restoreBackup } from '../lib/backup/backup';
import { api, type Fetch } from '../lib/sync/client/api';
import { loadAccount, signIn, signOut } from '../lib/sync/client/account';
import { pushOutbox, syncOnce } from '../lib/sync/client/engine';
import type { SessionResponse } from '../lib/sync/protocol';
import { newAgent, newTeam, pullAll } from '../server/testing/harness';
import { fast, SERVER, useSyncServer, type Device } from './support/sync-devices';
import { readMetas } from '../lib/db/meta-packs';

/**
 * The sync engine against the real server app, in process (Hono's
 * app.request() on an in-memory PGlite), with each device's database on
 * fake-indexeddb.
 */
const backend = useSyncServer();
const { device, inProcess } = backend;

/** A second device of the same user (another browser profile). */
async function secondDevice(first: SessionResponse): Promise<SessionResponse> {
  return api.signIn({ serverUrl: SERVER, fetch: inProcess }, { login: first.user.login, password: 'correct horse battery', deviceName: 'Laptop' });
}

const sync = async (d: Device) => {
  const r = await syncOnce({ db: d.db, conn: d.conn, ...fast });
  expect((await getSyncState(d.db)).lastError).toBeUndefined();
  return r!;
};

const DRAFT = { title: '发货时间', body: '亲，48小时内发货', group: '售前', code: '/fh', tags: [], variants: [], pinned: false };

/** One reply on two devices of the supervisor, whose body both edit before seeing the other's edit; all synced. */
async function concurrentBodyEdits() {
  const boss = await newTeam(backend.instance);
  const a = await device(boss);
  const b = await device(await secondDevice(boss));
  const reply = await createReply(a.db, DRAFT, a.who);
  await sync(a);
  await sync(b);
  await updateReply(a.db, reply.id, { ...DRAFT, body: 'A 的说法' }, a.who);
  await updateReply(b.db, reply.id, { ...DRAFT, body: 'B 的说法' }, b.who);
  await sync(a);
  await sync(b);
  await sync(a);
  return { a, b, reply };
}

describe('sync engine against the server', () => {
  it('a reply written on A and a note written on A show up on B, and B queues nothing back', async () => {
    const boss = await newTeam(backend.instance);
    const a = await device(boss);
    const b = await device(await newAgent(backend.instance, boss));
    const reply = await createReply(a.db, DRAFT, a.who);
    const customer = await customerForContext(a.db, { platform: 'feige', buyerName: '王小明' }, a.who);
    await addNote(a.db, customer.id, { text: '要求顺丰发货' }, a.who);
    expect(await sync(a)).toMatchObject({ pushed: 3, rejected: 0 });
    expect(await a.db.outbox.count()).toBe(0);

    expect((await sync(b)).pulled).toBe(3);
    expect(await getReply(b.db, reply.id)).toMatchObject({ title: '发货时间', body: '亲，48小时内发货', code: '/fh', usageCount: 0, author: '王主管' });
    expect((await listNotes(b.db, customer.id)).map((n) => n.text)).toEqual(['要求顺丰发货']);
    // Applied from the server: not queued again.
    expect(await b.db.outbox.count()).toBe(0);
    // The supervisor's reply went to the team library (its sync metadata still staged by B's first sync).
    const [meta] = await readMetas(b.db, [`reply:${reply.id}`]);
    expect(meta?.scope).toBe('team');
  });

  it('a retried push whose answer was lost is applied once', async () => {
    const boss = await newTeam(backend.instance);
    let loseAnswer = true;
    const lossy: Fetch = async (url, init) => {
      const res = await backend.instance.app.request(url, init);
      if (loseAnswer && url.endsWith('/v1/sync/push')) {
        loseAnswer = false;
        throw new TypeError('network changed');
      }
      return res;
    };
    const a = await device(boss, lossy);
    const customer = await customerForContext(a.db, { platform: 'feige', buyerName: '王小明' }, a.who);
    await addNote(a.db, customer.id, { text: '第一条' }, a.who);
    // The first try reached the server, its answer did not: the retry's answer is "duplicate".
    expect(await pushOutbox({ db: a.db, conn: a.conn, ...fast })).toEqual({ pushed: 2, rejected: 0 });
    expect(await a.db.outbox.count()).toBe(0);
    const all = await pullAll(backend.instance, boss);
    expect(all.changes.map((c) => c.kind).sort()).toEqual(['customer', 'note']);
    expect(all.changes.find((c) => c.kind === 'note')?.fields.text).toHaveLength(1);
  });

  it('keeps the outbox when the server is down and records the error, then pushes when it is back', async () => {
    const boss = await newTeam(backend.instance);
    let down = true;
    const flaky: Fetch = (url, init) => (down ? Promise.resolve(new Response('{"error":{"code":"unavailable","message":"restarting"}}', { status: 503 })) : inProcess(url, init));
    const a = await device(boss, flaky);
    await createReply(a.db, DRAFT, a.who);
    expect(await syncOnce({ db: a.db, conn: a.conn, ...fast })).toBeUndefined();
    const state = await getSyncState(a.db);
    expect(state).toMatchObject({ status: 'error', failures: 1, lastError: { code: 'unavailable' } });
    expect(await a.db.outbox.count()).toBe(1);
    down = false;
    expect(await sync(a)).toMatchObject({ pushed: 1 });
    expect(await getSyncState(a.db)).toMatchObject({ status: 'idle', failures: 0 });
  });

  it('concurrent edits of a reply converge on both devices, the losing text kept as a conflict copy', async () => {
    const { a, b, reply } = await concurrentBodyEdits();
    const onA = await getReply(a.db, reply.id);
    const onB = await getReply(b.db, reply.id);
    expect(onA.body).toBe(onB.body);
    expect(onA.body).toBe('B 的说法'); // B's stamp is later
    const metaA = await a.db.syncRecords.get(`reply:${reply.id}`);
    const metaB = await b.db.syncRecords.get(`reply:${reply.id}`);
    expect(metaA?.conflicts.body?.map((c) => c.value)).toEqual(['A 的说法']);
    expect(metaB?.conflicts.body?.map((c) => c.value)).toEqual(['A 的说法']);
    expect(await a.db.syncRecords.where('conflictAt').above(0).count()).toBe(1);
    // An edit made over both versions resolves the conflict everywhere.
    await updateReply(b.db, reply.id, { ...DRAFT, body: '合并后的说法' }, b.who);
    await sync(b);
    await sync(a);
    expect((await getReply(a.db, reply.id)).body).toBe('合并后的说法');
    expect((await a.db.syncRecords.get(`reply:${reply.id}`))?.conflicts).toEqual({});
  });

  it.each([
    ['taking the losing copy', 'A 的说法'],
    ['keeping the current text (no change to the row, still pushed)', 'B 的说法'],
  ])('a conflict settled by %s clears it on every device', async (_name, chosen) => {
    const { a, b, reply } = await concurrentBodyEdits();
    expect((await a.db.syncRecords.get(`reply:${reply.id}`))?.conflicts.body).toHaveLength(1);

    await resolveConflict(a.db, reply.id, 'body', chosen, a.who);
    expect((await getReply(a.db, reply.id)).body).toBe(chosen);
    expect(await a.db.syncRecords.where('conflictAt').above(0).count()).toBe(0);
    expect(await a.db.outbox.count()).toBe(1);
    await sync(a);
    await sync(b);
    for (const d of [a, b]) {
      expect((await getReply(d.db, reply.id)).body).toBe(chosen);
      expect((await d.db.syncRecords.get(`reply:${reply.id}`))?.conflicts).toEqual({});
    }
    // Settled already: a second click changes nothing.
    await resolveConflict(a.db, reply.id, 'body', 'A 的说法', a.who);
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('two agents who meet the same new buyer before syncing share one record, with both notes', async () => {
    const boss = await newTeam(backend.instance);
    const a = await device(await newAgent(backend.instance, boss));
    const b = await device(await newAgent(backend.instance, boss));
    const onA = await customerForContext(a.db, { platform: 'feige', buyerName: '新买家' }, { author: '小王' });
    await addNote(a.db, onA.id, { text: 'A 记的：要顺丰' }, { author: '小王' });
    const onB = await customerForContext(b.db, { platform: 'feige', buyerName: '新买家' }, { author: '小李' });
    await addNote(b.db, onB.id, { text: 'B 记的：晚上联系' }, { author: '小李' });
    await sync(a);
    await sync(b);
    await sync(a);
    for (const d of [a, b]) {
      const found = await customerForContext(d.db, { platform: 'feige', buyerName: '新买家' }, { author: '小王' });
      expect(found.id).toBe(onA.id);
      expect(await d.db.customers.count()).toBe(1);
      expect((await listNotes(d.db, found.id)).map((n) => n.text).sort()).toEqual(['A 记的：要顺丰', 'B 记的：晚上联系']);
    }
  });

  it('tombstones travel: a deleted note and an erased customer', async () => {
    const boss = await newTeam(backend.instance);
    const a = await device(boss);
    const b = await device(await newAgent(backend.instance, boss));
    const customer = await customerForContext(a.db, { platform: 'feige', buyerName: '王小明' }, a.who);
    const n1 = await addNote(a.db, customer.id, { text: '要删的' }, a.who);
    await addNote(a.db, customer.id, { text: '留下的' }, a.who);
    await sync(a);
    await sync(b);
    await deleteNote(b.db, n1.id, b.who);
    await sync(b);
    await sync(a);
    expect((await listNotes(a.db, customer.id)).map((n) => n.text)).toEqual(['留下的']);
    expect((await a.db.notes.get(n1.id))?.deletedBy).toBe('小李');

    await eraseCustomer(a.db, customer.id, a.who);
    await sync(a);
    await sync(b);
    expect(await b.db.notes.count()).toBe(0);
    expect(await b.db.customers.get(customer.id)).toMatchObject({ erased: true });
  });

  it('edits while a pull brings older values keep the local edit until it is pushed', async () => {
    const boss = await newTeam(backend.instance);
    const a = await device(boss);
    const b = await device(await secondDevice(boss));
    const reply = await createReply(a.db, DRAFT, a.who);
    await sync(a);
    await sync(b);
    await updateReply(a.db, reply.id, { ...DRAFT, title: 'A 改的标题' }, a.who);
    await sync(a);
    // B edits the body offline, then pulls A's title before pushing.
    await updateReply(b.db, reply.id, { ...DRAFT, body: 'B 离线改的' }, b.who);
    const { pullChanges } = await import('../lib/sync/client/engine');
    await pullChanges({ db: b.db, conn: b.conn });
    expect(await getReply(b.db, reply.id)).toMatchObject({ title: 'A 改的标题', body: 'B 离线改的' });
    expect(await b.db.outbox.count()).toBe(1);
    await sync(b);
    await sync(a);
    expect(await getReply(a.db, reply.id)).toMatchObject({ title: 'A 改的标题', body: 'B 离线改的' });
  });
});

describe('group order', () => {
  it('a supervisor’s reorder on A shows in listReplies on agent device B; B cannot change it, and orders its own groups below it', async () => {
    const boss = await newTeam(backend.instance);
    const a = await device(boss);
    const b = await device(await newAgent(backend.instance, boss));
    for (const group of ['售后', '售前', '物流']) await createReply(a.db, { ...DRAFT, title: group, code: '', group }, a.who);
    for (const group of ['投诉', '我的常用', '']) await createReply(b.db, { ...DRAFT, title: `我的${group}`, code: '', group }, b.who);
    // Before the team has an order, B's stays on B, unqueued; the team's replaces it when it comes.
    await moveGroup(b.db, '投诉', -1, b.who);
    expect((await b.db.outbox.toArray()).filter((e) => e.kind === 'group-order')).toEqual([]);

    await moveGroup(a.db, '售前', -1, a.who);
    await sync(a);
    await sync(b);
    expect([...new Set((await listReplies(b.db)).map((r) => r.group))]).toEqual(['售前', '售后', '物流', '投诉', '我的常用', '']);
    expect(await getGroupOrder(b.db)).toEqual(['售前', '售后', '物流']);
    expect((await teamLocks(b.db)).has('group-order', GROUP_ORDER_ID)).toBe(true);

    const queued = await b.db.outbox.count();
    await expectAppError(moveGroup(b.db, '物流', -1, b.who), 'read-only', 'form', 'team-group-order-read-only');
    expect(await b.db.outbox.count()).toBe(queued);
    expect(await getGroupOrder(b.db)).toEqual(['售前', '售后', '物流']);
    // B's own groups move among themselves, below the team's, on B only.
    await moveGroup(b.db, '我的常用', -1, b.who);
    expect(await b.db.outbox.count()).toBe(queued);

    // The supervisor's next reorder arrives too, and B's own order stays below it.
    await moveGroup(a.db, '物流', -1, a.who);
    await sync(a);
    await sync(b);
    expect([...new Set((await listReplies(b.db)).map((r) => r.group))]).toEqual(['售前', '物流', '售后', '我的常用', '投诉', '']);
    // The supervisor never sees B's own order.
    expect(await getGroupOrder(a.db)).toEqual(['售前', '物流', '售后']);
  });
});

describe('cleared fields', () => {
  it('a follow-up reopened on A is open on B, its done time cleared; a clearing not pushed yet survives a pull', async () => {
    const boss = await newTeam(backend.instance);
    const a = await device(boss);
    const b = await device(await newAgent(backend.instance, boss));
    const customer = await customerForContext(a.db, { platform: 'feige', buyerName: '王小明' }, a.who);
    const f = await addFollowUp(a.db, customer.id, { dueAt: Date.UTC(2026, 11, 2), reason: '确认收货' }, a.who);
    await completeFollowUp(a.db, f.id, a.who);
    await sync(a);
    await sync(b);
    expect(await getFollowUp(b.db, f.id)).toMatchObject({ status: 'done', doneBy: '王主管' });

    await reopenFollowUp(a.db, f.id, a.who);
    await sync(a);
    await sync(b);
    const onB = await getFollowUp(b.db, f.id);
    expect(onB.status).toBe('open');
    expect(onB).not.toHaveProperty('doneAt');
    expect(onB).not.toHaveProperty('doneBy');

    // A completes it again; later, offline, B completes and reopens it, then pulls A's completion
    // before pushing: B's reopening (done time cleared) stays until it is pushed.
    await completeFollowUp(a.db, f.id, a.who);
    await sync(a);
    await completeFollowUp(b.db, f.id, b.who);
    await reopenFollowUp(b.db, f.id, b.who);
    const { pullChanges } = await import('../lib/sync/client/engine');
    await pullChanges({ db: b.db, conn: b.conn });
    const pendingOnB = await getFollowUp(b.db, f.id);
    expect(pendingOnB.status).toBe('open');
    expect(pendingOnB).not.toHaveProperty('doneAt');
    // B's reopen is the later edit: once pushed, both devices agree it is open.
    await sync(b);
    await sync(a);
    for (const d of [a, b]) {
      const row = await getFollowUp(d.db, f.id);
      expect(row.status).toBe('open');
      expect(row).not.toHaveProperty('doneAt');
    }
  });
});

describe('signing in again', () => {
  it('queues what the device holds stamped when it last changed, so the team’s newer edits still win', async () => {
    const boss = await newTeam(backend.instance);
    const a = await device(boss);
    const b = await device(await newAgent(backend.instance, boss));
    const customer = await customerForContext(a.db, { platform: 'feige', buyerName: '王小明' }, a.who);
    const f = await addFollowUp(a.db, customer.id, { dueAt: Date.UTC(2026, 11, 2), reason: '确认收货' }, a.who);
    await sync(a);
    await sync(b);
    // B signs out; meanwhile A completes the follow-up. B signs in again with its older copy.
    await disableSyncState(b.db);
    await completeFollowUp(a.db, f.id, a.who);
    await sync(a);
    await enableSyncState(b.db, { deviceId: b.session.device.id, role: 'agent', sameTeam: false });
    expect(await queueEverything(b.db)).toBeGreaterThan(0);
    await sync(b);
    await sync(a);
    for (const d of [a, b]) expect((await getFollowUp(d.db, f.id)).status).toBe('done');
  });
});

describe('restoring a backup while signed in', () => {
  it('keeps the session, lets the team’s newer data win, and pushes what the server never had', async () => {
    const boss = await newTeam(backend.instance);
    const a = await device(boss);
    const b = await device(await newAgent(backend.instance, boss));
    const reply = await createReply(a.db, DRAFT, a.who);
    await sync(a);
    const own = await readBackup(a.db, (await createBackup(a.db)).data);
    await updateReply(a.db, reply.id, { ...DRAFT, body: '团队的新说法' }, a.who);
    await sync(a);

    // A's own older backup: the restore rolls this device back, the next sync brings the team's version again.
    const restored = await restoreBackup(a.db, own);
    expect(restored).toMatchObject({ verified: true, resync: true });
    expect((await getReply(a.db, reply.id)).body).toBe(DRAFT.body);
    expect(await getSyncState(a.db)).toMatchObject({ enabled: true, deviceId: boss.device.id, cursor: 0, rescan: true });
    expect(await a.db.outbox.count()).toBe(0);
    expect(await sync(a)).toMatchObject({ pushed: 0 });
    expect((await getReply(a.db, reply.id)).body).toBe('团队的新说法');
    expect((await getSyncState(a.db)).rescan).toBeUndefined();

    // A backup from a device that was never signed in: its records are new to the team and go up.
    const offline = backend.localDb();
    const local = await createReply(offline, { ...DRAFT, code: '/bd', title: '本地话术' }, { author: '小李' });
    const file = await readBackup(a.db, (await createBackup(offline)).data);
    expect(await restoreBackup(a.db, file)).toMatchObject({ verified: true, resync: true });
    expect(await sync(a)).toMatchObject({ pushed: 1 });
    await sync(b);
    expect(await getReply(b.db, local.id)).toMatchObject({ title: '本地话术' });
    // The team's reply came back on A too (the backup did not have it).
    expect((await getReply(a.db, reply.id)).body).toBe('团队的新说法');
    expect((await getReply(b.db, reply.id)).body).toBe('团队的新说法');
  });
});

describe('account', () => {
  it('signs in (queuing what was written before), keeps the token in extension storage, and signs out', async () => {
    const boss = await newTeam(backend.instance);
    const db = backend.localDb();
    await createReply(db, DRAFT, { author: '王主管' });
    const account = await signIn(db, SERVER, { login: boss.user.login, password: 'correct horse battery' }, inProcess);
    expect(account).toMatchObject({ teamId: boss.team.id, role: 'supervisor' });
    expect((await loadAccount())?.token).toBe(account.token);
    expect(await db.outbox.count()).toBe(1);
    await syncOnce({ db, conn: { serverUrl: SERVER, token: account.token, fetch: inProcess }, ...fast });
    expect(await db.outbox.count()).toBe(0);
    await signOut(db, inProcess);
    expect(await loadAccount()).toBeUndefined();
    expect((await getSyncState(db)).enabled).toBe(false);
    // The token was revoked on the server.
    await expect(api.me({ serverUrl: SERVER, token: account.token, fetch: inProcess })).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a server address over plain http except on this machine', async () => {
    const db = backend.localDb();
    await expect(signIn(db, 'http://sync.example.com', { login: 'someone', password: 'x' })).rejects.toMatchObject({ code: 'https-required' });
    await expect(signIn(db, 'not a url', { login: 'someone', password: 'x' })).rejects.toMatchObject({ code: 'server-url-invalid' });
  });
});
