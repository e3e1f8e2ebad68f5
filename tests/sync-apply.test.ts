// @vitest-environment node
import Dexie, { liveQuery } from 'dexie';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { customerForContext, eraseCustomer, renameCustomer } from '../lib/db/customers';
import { searchCustomers } from '../lib/db/customer-search';
import { indexPendingNotes } from '../lib/db/note-index';
import { allStoredNotes } from '../lib/db/note-packs';
import { addNote, editNote, listNotes } from '../lib/db/notes';
import { createReply, getReply, recordReplyUse, updateReply } from '../lib/db/replies';
import { catchUpPercent, getSyncState, updateSyncState } from '../lib/db/sync-state';
import { api } from '../lib/sync/client/api';
import { applyChanges, KnownRecords, preparePage, pullChanges, syncOnce } from '../lib/sync/client/engine';
import { newAgent, newTeam } from '../server/testing/harness';
import { fast, useSyncServer } from './support/sync-devices';

/**
 * How the engine stores a page of pulled changes (applyChanges): the page's
 * rows are read and written a table at a time, not a change at a time, so
 * these check what that must not change: an erase in the middle of a page
 * sees the writes before it and the changes after it see the erase, and a
 * page split at the pull limit stores every record, with its metadata where
 * a device reads it. A pull of many pages reads only records that may be
 * stored here (KnownRecords): what is there, or changed here since, is merged.
 */
const backend = useSyncServer();
const { device, inProcess } = backend;

describe('storing a page of pulled changes', () => {
  it('an erase inside one page: writes before it are kept, records after it see it', async () => {
    const boss = await newTeam(backend.instance);
    const a = await device(boss);
    const b = await device(await newAgent(backend.instance, boss));
    const gone = await customerForContext(a.db, { platform: 'feige', buyerName: '王小明' }, a.who);
    const kept = await customerForContext(a.db, { platform: 'feige', buyerName: '李小红' }, a.who);
    const goneNote = await addNote(a.db, gone.id, { text: '要求顺丰发货' }, a.who);
    const keptNote = await addNote(a.db, kept.id, { text: '尺码偏小' }, a.who);
    await syncOnce({ db: a.db, conn: a.conn, ...fast });
    await syncOnce({ db: b.db, conn: b.conn, ...fast });
    const before = (await getSyncState(b.db)).cursor;

    // After B's pull, in this order on the server: a note edit, the erase (and its note's tombstone), a rename, a new note.
    await editNote(a.db, keptNote.id, { text: '尺码偏小，建议拍大一码' }, a.who);
    await eraseCustomer(a.db, gone.id, a.who);
    await renameCustomer(a.db, kept.id, '李小红（老客）', a.who);
    const newNote = await addNote(a.db, kept.id, { text: '已补发赠品' }, a.who);
    await syncOnce({ db: a.db, conn: a.conn, ...fast });

    const { applied } = await pullChanges({ db: b.db, conn: b.conn, pullLimit: 500 });
    expect(applied).toBe(5);
    expect(await b.db.customers.get(gone.id)).toMatchObject({ erased: true });
    expect(await b.db.notes.get(goneNote.id)).toBeUndefined();
    expect(await b.db.syncRecords.get(`note:${goneNote.id}`)).toBeUndefined();
    expect(await b.db.customers.get(kept.id)).toMatchObject({ displayName: '李小红（老客）' });
    expect((await listNotes(b.db, kept.id)).map((n) => n.text).sort()).toEqual(['尺码偏小，建议拍大一码', '已补发赠品'].sort());
    expect((await b.db.notes.get(keptNote.id))?.history.map((h) => h.text)).toEqual(['尺码偏小']);
    // A note's merge keeps nothing on the device: no metadata row for it.
    expect(await b.db.syncRecords.get(`note:${newNote.id}`)).toBeUndefined();
    expect((await getSyncState(b.db)).cursor).toBeGreaterThan(before);
    expect(await b.db.outbox.count()).toBe(0);
  });

  it("moves the device's clock past the latest stamp pulled, so an edit made next sorts after it", async () => {
    const boss = await newTeam(backend.instance);
    const a = await device(boss);
    const b = await device(await newAgent(backend.instance, boss));
    const customer = await customerForContext(a.db, { platform: 'feige', buyerName: '王小明' }, a.who);
    await addNote(a.db, customer.id, { text: '今天已发货' }, a.who);
    // A's clock runs two minutes ahead of B's (the server takes up to five); its last note carries the latest stamp.
    const ahead = Date.now() + 120_000;
    await updateSyncState(a.db, () => ({ hlcWall: ahead, hlcCounter: 7 }));
    const late = await addNote(a.db, customer.id, { text: '买家要求改地址' }, a.who);
    const [stamp] = (await a.db.outbox.toArray()).filter((e) => e.recordId === late.id).map((e) => e.hlc);
    expect(stamp?.startsWith(String(ahead).padStart(15, '0'))).toBe(true);
    await syncOnce({ db: a.db, conn: a.conn, ...fast });

    await pullChanges({ db: b.db, conn: b.conn });
    const state = await getSyncState(b.db);
    // A stamped its note at counter 8; the page is taken in once, so one step past it (a step per field was 11).
    expect([state.hlcWall, state.hlcCounter]).toEqual([ahead, 9]);
    await addNote(b.db, customer.id, { text: '已改地址' }, b.who);
    const [next] = (await b.db.outbox.toArray()).map((e) => e.hlc);
    expect(next! > stamp!).toBe(true);
  });

  it('a pull over several pages stores every record, and metadata only for the team library (and all of it while rescanning)', async () => {
    const boss = await newTeam(backend.instance);
    const a = await device(boss);
    const b = await device(await newAgent(backend.instance, boss));
    const customer = await customerForContext(a.db, { platform: 'feige', buyerName: '王小明' }, a.who);
    for (let i = 0; i < 25; i++) await addNote(a.db, customer.id, { text: `第${i + 1}次回访` }, a.who);
    for (let i = 0; i < 3; i++) await createReply(a.db, { title: `话术${i}`, body: `您好，这是第${i}条`, group: '售后', code: '', tags: [], variants: [], pinned: false }, a.who);
    await syncOnce({ db: a.db, conn: a.conn, ...fast });
    const startersOnB = await b.db.replies.count();

    expect((await pullChanges({ db: b.db, conn: b.conn, pullLimit: 7 })).applied).toBe(29);
    expect(await b.db.customers.count()).toBe(1);
    expect(await b.db.notes.count()).toBe(25);
    expect(await b.db.replies.count()).toBe(startersOnB + 3);
    // The team's replies: their scope marks them read-only for this agent, their heads are the next edit's base.
    expect((await b.db.syncRecords.toArray()).map((m) => `${m.kind}:${m.scope}`)).toEqual(['reply:team', 'reply:team', 'reply:team']);
    // A catch-up stores notes without their search tokens, for the background indexer: search by note text finds them after it.
    expect((await b.db.notes.toArray()).every((n) => n.terms === undefined)).toBe(true);
    expect((await getSyncState(b.db)).notesUnindexed).toBe(true);
    expect(await searchCustomers(b.db, '回访')).toEqual([]);
    await indexPendingNotes(b.db);
    expect((await b.db.notes.toArray()).every((n) => (n.terms?.length ?? 0) > 0)).toBe(true);
    expect((await searchCustomers(b.db, '第25次回访')).map((h) => h.customer.id)).toEqual([customer.id]);
    const cursor = (await getSyncState(b.db)).cursor;
    expect((await pullChanges({ db: b.db, conn: b.conn, pullLimit: 7 })).applied).toBe(0);
    expect((await getSyncState(b.db)).cursor).toBe(cursor);

    // After a restore the full pull is the record of what the server has (queueEverything's onlyUnsynced): every record gets metadata.
    await updateSyncState(b.db, () => ({ cursor: 0, rescan: true }));
    expect((await pullChanges({ db: b.db, conn: b.conn, pullLimit: 7 })).applied).toBe(29);
    expect(await b.db.syncRecords.count()).toBe(29);
  });

  it.each([
    ['worked out in the transaction', false],
    ['prepared before the transaction', true],
  ])('a pull of many pages merges into records stored here: local counters and edits waiting for push are kept (rows %s)', async (_, prepare) => {
    const boss = await newTeam(backend.instance);
    const a = await device(boss);
    const b = await device(await newAgent(backend.instance, boss));
    const reply = await createReply(a.db, { title: '发货时间', body: '亲，48小时内发货', group: '售前', code: '', tags: [], variants: [], pinned: false }, a.who);
    await syncOnce({ db: a.db, conn: a.conn, ...fast });
    await syncOnce({ db: b.db, conn: b.conn, ...fast });
    await recordReplyUse(b.db, reply.id);
    await recordReplyUse(b.db, reply.id);

    // Meanwhile on A: the reply reworded, a buyer B is about to meet, and enough notes for several pages.
    await updateReply(a.db, reply.id, { ...(await getReply(a.db, reply.id)), title: '发货时间（新）' }, a.who);
    const buyer = await customerForContext(a.db, { platform: 'feige', buyerName: '赵小云' }, a.who);
    await renameCustomer(a.db, buyer.id, '赵小云（A记）', a.who);
    for (let i = 0; i < 12; i++) await addNote(a.db, buyer.id, { text: `回访记录${i}` }, a.who);
    await syncOnce({ db: a.db, conn: a.conn, ...fast });

    // B learns what it stores, then meets the same buyer (one id per buyer) and renames them before the pages are stored.
    const known = await KnownRecords.load(b.db);
    const page = await api.pull(b.conn, (await getSyncState(b.db)).cursor, 1000);
    const mine = await customerForContext(b.db, { platform: 'feige', buyerName: '赵小云' }, b.who);
    expect(mine.id).toBe(buyer.id);
    await renameCustomer(b.db, buyer.id, '赵小云（B记）', b.who);
    for (let at = 0; at < page.changes.length; at += 5) {
      const changes = page.changes.slice(at, at + 5);
      // A prepared row is the record as if absent here: used for those only, or the rename and the counters would be lost.
      await applyChanges(b.db, changes, changes.at(-1)!.seq, Date.now(), { known, prepared: prepare ? preparePage(changes) : undefined });
    }

    const stored = await getReply(b.db, reply.id);
    expect(stored.title).toBe('发货时间（新）');
    expect(stored.usageCount).toBe(2);
    // B's rename waits for push: it stays on screen here, not A's.
    expect(await b.db.customers.get(buyer.id)).toMatchObject({ displayName: '赵小云（B记）' });
    expect(await b.db.notes.where('[customerId+createdAt]').between([buyer.id, -Infinity], [buyer.id, Infinity]).count()).toBe(12);
  });


  describe('a pull stores its pages in order while it fetches and prepares the next', () => {
    async function teamWithNotes(count: number) {
      const boss = await newTeam(backend.instance);
      const a = await device(boss);
      const session = await newAgent(backend.instance, boss);
      const customer = await customerForContext(a.db, { platform: 'feige', buyerName: '钱小二' }, a.who);
      const notes = [];
      for (let i = 0; i < count; i++) notes.push(await addNote(a.db, customer.id, { text: `第${i + 1}条跟进` }, a.who));
      await syncOnce({ db: a.db, conn: a.conn, ...fast });
      return { a, session, customer, notes };
    }

    it('a page that cannot be stored stops the pull there: the pages before it are stored with their cursor, none after', async () => {
      const { session, notes } = await teamWithNotes(20);
      const b = await device(session);
      // Pages of 5 changes: the customer and 4 notes, then 5 notes each. The 12th note is on the third page.
      const pages: number[] = [];
      b.conn.fetch = async (url, init) => {
        const res = await inProcess(url, init);
        pages.push(Number(new URL(url).searchParams.get('cursor')));
        return res;
      };
      const bad = notes[11]!.id;
      b.db.notes.hook('creating', (id) => {
        if (id === bad) throw new Error('disk full');
      });
      await expect(pullChanges({ db: b.db, conn: b.conn, pullLimit: 5 })).rejects.toThrow('disk full');
      expect(await b.db.notes.count()).toBe(9);
      expect(await b.db.notes.get(bad)).toBeUndefined();
      // The cursor stored is the second page's, from which the next run pulls again.
      expect((await getSyncState(b.db)).cursor).toBe(pages[2]);
    });

    it('a fetch that fails after pages were stored: the error is reported once those pages and their cursor are stored', async () => {
      const { session } = await teamWithNotes(20);
      const b = await device(session);
      let pulls = 0;
      b.conn.fetch = async (url, init) => {
        if (++pulls === 4) throw new TypeError('Failed to fetch');
        return inProcess(url, init);
      };
      // Pages committed when the failure is reported (Dexie announces each commit); reading the table would wait for them.
      let committed = 0;
      const count = (parts: Record<string, unknown>) => {
        if (Object.keys(parts).some((p) => p.startsWith(`idb://${b.db.name}/notes`))) committed++;
      };
      Dexie.on('storagemutated', count);
      const pull = pullChanges({ db: b.db, conn: b.conn, pullLimit: 5 }).then(
        () => undefined,
        (err: unknown) => ({ err, committed }),
      );
      const failed = await pull;
      Dexie.on('storagemutated').unsubscribe(count);
      expect(failed).toMatchObject({ err: { code: 'offline' }, committed: 3 });
      // Pages 1–3 (the customer and 14 notes) are stored, each with its cursor; nothing is half-written.
      expect(await b.db.customers.count()).toBe(1);
      expect(await b.db.notes.count()).toBe(14);
      const cursor = (await getSyncState(b.db)).cursor;
      expect(cursor).toBeGreaterThan(0);

      b.conn.fetch = inProcess;
      expect((await pullChanges({ db: b.db, conn: b.conn, pullLimit: 5 })).applied).toBe(6);
      expect(await allStoredNotes(b.db)).toHaveLength(20);
    });

    it('a catch-up records where it runs to, for the status to show how far it is, and clears it when done or failed', async () => {
      const { a, session, customer } = await teamWithNotes(20);
      const b = await device(session);
      const percents: number[] = [];
      let pulls = 0;
      let failAt = 0;
      b.conn.fetch = async (url, init) => {
        if (++pulls === failAt) throw new TypeError('Failed to fetch');
        return inProcess(url, init);
      };
      // What the status component sees: the state as each transaction commits it.
      const watching = liveQuery(() => getSyncState(b.db)).subscribe((s) => {
        const percent = catchUpPercent(s);
        if (percent !== undefined && percent !== percents.at(-1)) percents.push(percent);
      });
      onTestFinished(() => watching.unsubscribe());
      failAt = 4;
      await syncOnce({ db: b.db, conn: b.conn, pullLimit: 5, ...fast });
      expect(await getSyncState(b.db)).toMatchObject({ status: 'offline', catchUp: undefined });
      // The run that failed showed its way: from the empty start towards the team's counter.
      expect(percents.length).toBeGreaterThan(0);
      expect(percents.every((p) => p >= 0 && p < 100)).toBe(true);

      percents.length = 0;
      pulls = 0;
      failAt = 0;
      // The 6 changes left, in pages of 2.
      await syncOnce({ db: b.db, conn: b.conn, pullLimit: 2, ...fast });
      await vi.waitFor(async () => expect(await getSyncState(b.db)).toMatchObject({ status: 'idle' }));
      const done = await getSyncState(b.db);
      expect(done).toMatchObject({ status: 'idle', catchUp: undefined });
      expect(await allStoredNotes(b.db)).toHaveLength(20);
      // Resumed from where the failed run stopped: the share grows page by page.
      expect(percents).toEqual([...percents].sort((x, y) => x - y));
      expect(percents.at(-1)).toBeGreaterThan(percents[0]!);

      // A worker stopped mid-catch-up leaves its progress behind: the next run, a short one, does not show it.
      await addNote(a.db, customer.id, { text: '第21条跟进' }, a.who);
      await syncOnce({ db: a.db, conn: a.conn, ...fast });
      await updateSyncState(b.db, () => ({ catchUp: { from: 0, to: 1_000_000 } }));
      percents.length = 0;
      await syncOnce({ db: b.db, conn: b.conn, pullLimit: 5, ...fast });
      expect(await allStoredNotes(b.db)).toHaveLength(21);
      expect(await getSyncState(b.db)).toMatchObject({ status: 'idle', catchUp: undefined });
      expect(percents).toEqual([]);
    });
  });
});
