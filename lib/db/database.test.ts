import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { listCasesForCustomer, openCase, setStepDone } from './cases';
import { listTemplates } from './checklist-templates';
import { searchCustomers } from './customer-search';
import { customerForContext, eraseCustomer, findCustomer, getCustomer } from './customers';
import { KefuDatabase } from './database';
import { listDueFollowUps, addFollowUp, completeFollowUp, listFollowUps } from './follow-ups';
import v1 from './fixtures/v1-replies.json';
import v2 from './fixtures/v2-customers.json';
import v3 from './fixtures/v3-cases.json';
import v4 from './fixtures/v4-rule-sets.json';
import { addNote, listNotes } from './notes';
import { CustomerTombstone, FollowUp, Reply, StoredCustomer, StoredNote } from './records';
import { findReplyByCode, listReplies, recordReplyUse } from './replies';
import { getGroupOrder, saveGroupOrder } from './group-order';
import { listRuleSets, seedStarterRuleSets, setRuleSetEnabled, StoredRuleSetMeta } from './rule-sets';
import { parseRuleSet } from '../compliance/rules';
import { listUsageEvents } from './usage-events';
import { ChecklistTemplate, ComplaintCase, StoredCaseEvent } from './complaint-records';
import { seedStarterChecklists } from './starter-checklists';
import { queueEverything } from './outbox';
import { enableSyncState, getSyncState } from './sync-state';
import { teamLocks } from './team-locks';

/**
 * Migration tests: each opens a database written with an earlier schema,
 * from a fixture of that version's rows, with the current class.
 */

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/**
 * The stores of each released schema version, as that release declared them:
 * the history a database on a user's disk may be at. Frozen here, not read
 * from database.ts: they are what users' disks hold, whatever it says now.
 */
const RELEASED_STORES: readonly Record<string, string>[] = [
  { replies: 'id, code, updatedAt' },
  {
    customers: 'id, [platform+shop+buyerId], lastSeenAt, updatedAt, *terms',
    notes: 'id, [customerId+createdAt], [customerId+pinnedCreatedAt], updatedAt, *terms',
    followUps: 'id, customerId, [status+remindAt], updatedAt',
  },
  {
    checklistTemplates: 'id, updatedAt',
    cases: 'id, customerId, nextDueAt, createdAt, updatedAt',
    caseEvents: 'id, [caseId+createdAt], updatedAt',
  },
  { ruleSets: 'id, updatedAt' },
  { usageEvents: 'id, [kind+createdAt], customerId, updatedAt' },
  { outbox: 'id, hlc', syncState: 'id', syncRecords: 'id, conflictAt' },
  { replies: 'id, code, updatedAt, [group+sortKey]', groupOrders: 'id, updatedAt' },
  { notePacks: 'id, customerId' },
];

/** A database named `name` (a new one unless given) opened at released schema `version`, without the app's class. */
function releasedDatabase(version: number, name = `kefu-migration-${Math.random().toString(36).slice(2)}`): Dexie {
  if (!names.includes(name)) names.push(name);
  const old = new Dexie(name);
  RELEASED_STORES.slice(0, version).forEach((stores, i) => old.version(i + 1).stores(stores));
  return old;
}

/** A database as the foundation release (schema version 1) left it. */
async function v1Database(): Promise<string> {
  const old = releasedDatabase(1);
  await old.table('replies').bulkAdd(v1.replies);
  old.close();
  return old.name;
}

describe('schema version 2 (customer records)', () => {
  it('the fixture is a valid v1 library', () => {
    for (const row of v1.replies) expect(Reply.safeParse(row).success).toBe(true);
  });

  it('keeps every v1 reply untouched, tombstones included', async () => {
    const db = new KefuDatabase(await v1Database());
    await db.open();
    expect(db.verno).toBe(9);
    const rows = await db.replies.orderBy('id').toArray();
    expect(rows).toEqual([...v1.replies].sort((a, b) => (a.id < b.id ? -1 : 1)));
    // The v1 indexes still answer: code lookup and "changed since".
    expect((await findReplyByCode(db, '/TK'))?.title).toBe('退款流程');
    expect(await db.replies.where('updatedAt').above(1763500000000).count()).toBe(1);
    expect((await listReplies(db)).map((r) => r.code).sort()).toEqual(['/hi', '/tk']);
    db.close();
  });

  it('adds the customer tables, empty and working', async () => {
    const db = new KefuDatabase(await v1Database());
    await db.open();
    expect(db.tables.map((t) => t.name).sort()).toEqual(['caseEvents', 'cases', 'checklistTemplates', 'customers', 'followUps', 'groupOrders', 'metaPacks', 'notePacks', 'notes', 'outbox', 'replies', 'ruleSets', 'syncRecords', 'syncState', 'usageEvents']);
    expect(await db.customers.count()).toBe(0);
    const idx = (table: string) => db.table(table).schema.indexes.map((i) => i.name).sort();
    expect(idx('customers')).toEqual(['[platform+shop+buyerId]', 'lastSeenAt', 'terms', 'updatedAt']);
    expect(idx('notes')).toEqual(['[customerId+createdAt]', '[customerId+pinnedCreatedAt]', 'terms', 'updatedAt']);
    expect(idx('followUps')).toEqual(['[status+remindAt]', 'customerId', 'updatedAt']);

    const who = { author: '小王', now: Date.UTC(2026, 0, 5, 3) };
    const c = await customerForContext(db, { platform: 'feige', buyerName: '王小明', orderId: '6912345678901234' }, who);
    await addNote(db, c.id, { text: '要求顺丰发货' }, who);
    await addFollowUp(db, c.id, { dueAt: who.now, reason: '确认收货' }, who);
    expect((await listNotes(db, c.id)).map((n) => n.text)).toEqual(['要求顺丰发货']);
    expect((await searchCustomers(db, 'wxm')).map((h) => h.customer.id)).toEqual([c.id]);
    expect((await listDueFollowUps(db, who.now)).map((d) => d.customer.id)).toEqual([c.id]);
    // Replies are still there beside them.
    expect(await db.replies.count()).toBe(3);
    db.close();
  });

});

/** A database as the customer-records release (schema version 2) left it. */
async function v2Database(): Promise<string> {
  const old = releasedDatabase(2);
  await old.table('replies').bulkAdd(v2.replies);
  await old.table('customers').bulkAdd(v2.customers);
  await old.table('notes').bulkAdd(v2.notes);
  await old.table('followUps').bulkAdd(v2.followUps);
  old.close();
  return old.name;
}

const byId = <T extends { id: string }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('schema version 3 (complaint cases)', () => {
  const CUSTOMER = v2.customers[0]!.id;

  it('the fixture is a valid v2 database', () => {
    const [live, erased] = v2.customers;
    expect(StoredCustomer.safeParse(live).success).toBe(true);
    expect(CustomerTombstone.safeParse(erased).success).toBe(true);
    for (const row of v2.notes) expect(StoredNote.safeParse(row).success, row.id).toBe(true);
    for (const row of v2.followUps) expect(FollowUp.safeParse(row).success, row.id).toBe(true);
    for (const row of v2.replies) expect(Reply.safeParse(row).success, row.id).toBe(true);
  });

  it('keeps every v2 row untouched, and the v2 indexes still answer', async () => {
    const db = new KefuDatabase(await v2Database());
    await db.open();
    expect(db.verno).toBe(9);
    expect(byId(await db.customers.toArray())).toEqual(byId(v2.customers));
    expect(byId(await db.notes.toArray())).toEqual(byId(v2.notes));
    expect(byId(await db.followUps.toArray())).toEqual(byId(v2.followUps));
    expect(await db.replies.toArray()).toEqual(v2.replies);

    expect((await findCustomer(db, { platform: 'feige', shop: '花花旗舰店', buyerId: '王小明' }))?.id).toBe(CUSTOMER);
    expect((await searchCustomers(db, 'wxm')).map((h) => h.customer.id)).toEqual([CUSTOMER]);
    expect((await listNotes(db, CUSTOMER, { limit: 1 })).map((n) => n.text)).toEqual(['要求顺丰发货，只在晚上联系', '包裹外箱破损，已补发']);
    expect((await listFollowUps(db, CUSTOMER)).map((f) => f.status)).toEqual(['open', 'done']);
    expect((await listDueFollowUps(db, 1767600000000)).map((d) => d.followUp.id)).toEqual(['f2AAAAAAAAAAAAA1']);
    await expectNotFound(getCustomer(db, v2.customers[1]!.id));
    db.close();
  });

  it('adds the complaint tables, empty, indexed, and working with the v2 records', async () => {
    const db = new KefuDatabase(await v2Database());
    await db.open();
    const idx = (table: string) => db.table(table).schema.indexes.map((i) => i.name).sort();
    expect(idx('checklistTemplates')).toEqual(['updatedAt']);
    expect(idx('cases')).toEqual(['createdAt', 'customerId', 'nextDueAt', 'updatedAt']);
    expect(idx('caseEvents')).toEqual(['[caseId+createdAt]', 'updatedAt']);
    expect(await db.cases.count()).toBe(0);

    // An update seeds the starter checklists, linked to the team's existing replies.
    expect(await seedStarterChecklists(db, 'zh', { author: '' })).toBe(5);
    const refund = (await listTemplates(db)).find((t) => t.type === 'refund')!;
    expect(refund.steps.find((s) => s.id === 'propose')?.replyId).toBe(v2.replies[0]!.id);

    const who = { author: '小王', now: 1767700000000 };
    const c = await openCase(db, CUSTOMER, { templateId: refund.id, orderId: '6912345678901234', summary: '补发后仍要求退款' }, who);
    await setStepDone(db, c.id, 'record', true, who);
    expect((await listCasesForCustomer(db, CUSTOMER)).map((x) => x.steps[0]?.doneBy)).toEqual(['小王']);
    expect((await getCustomer(db, CUSTOMER)).tags.map((t) => t.name)).toEqual(['VIP', '差评风险', '已投诉']);
    await eraseCustomer(db, CUSTOMER, who);
    expect(await db.cases.count()).toBe(0);
    expect(await db.caseEvents.count()).toBe(0);
    db.close();
  });

  it('a fresh install opens straight at the latest version', async () => {
    const name = `kefu-fresh-${Math.random().toString(36).slice(2)}`;
    names.push(name);
    const db = new KefuDatabase(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.replies.count()).toBe(0);
    expect(await db.checklistTemplates.count()).toBe(0);
    db.close();
  });
});

/** A database as the complaint-cases release (schema version 3) left it. */
async function v3Database(): Promise<string> {
  const old = releasedDatabase(3);
  await old.table('replies').bulkAdd(v3.replies);
  await old.table('customers').bulkAdd(v3.customers);
  await old.table('checklistTemplates').bulkAdd(v3.checklistTemplates);
  await old.table('cases').bulkAdd(v3.cases);
  await old.table('caseEvents').bulkAdd(v3.caseEvents);
  old.close();
  return old.name;
}

describe('schema version 4 (compliance rule sets)', () => {
  it('the fixture is a valid v3 database', () => {
    for (const row of v3.checklistTemplates) expect(ChecklistTemplate.safeParse(row).success, row.id).toBe(true);
    for (const row of v3.cases) expect(ComplaintCase.safeParse(row).success, row.id).toBe(true);
    for (const row of v3.caseEvents) expect(StoredCaseEvent.safeParse(row).success, row.id).toBe(true);
  });

  it('keeps every v3 row untouched, and the v3 indexes still answer', async () => {
    const db = new KefuDatabase(await v3Database());
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.replies.toArray()).toEqual(v3.replies);
    expect(byId(await db.customers.toArray())).toEqual(byId(v3.customers));
    expect(await db.checklistTemplates.toArray()).toEqual(v3.checklistTemplates);
    expect(await db.cases.toArray()).toEqual(v3.cases);
    expect(byId(await db.caseEvents.toArray())).toEqual(byId(v3.caseEvents));
    const customerId = v3.cases[0]!.customerId;
    expect((await listCasesForCustomer(db, customerId)).map((c) => c.id)).toEqual([v3.cases[0]!.id]);
    db.close();
  });

  it('adds the ruleSets table, empty, indexed, and an update seeds the built-in sets once', async () => {
    const db = new KefuDatabase(await v3Database());
    await db.open();
    expect(db.table('ruleSets').schema.indexes.map((i) => i.name)).toEqual(['updatedAt']);
    expect(await db.ruleSets.count()).toBe(0);
    expect(await seedStarterRuleSets(db, { author: '小王', now: 1767800000000 })).toBe(2);
    const sets = await listRuleSets(db);
    expect(sets.map((s) => s.starterId)).toEqual(['starter-zh', 'starter-en']);
    await setRuleSetEnabled(db, sets[1]!.id, false, { author: '小王' });
    expect(await seedStarterRuleSets(db, { author: '小王' })).toBe(0);
    expect((await listRuleSets(db)).map((s) => s.enabled)).toEqual([true, false]);
    db.close();
  });
});

/** A database as the compliance release (schema version 4) left it. */
async function v4Database(): Promise<string> {
  const old = releasedDatabase(4);
  for (const table of ['replies', 'customers', 'followUps', 'checklistTemplates', 'cases', 'caseEvents', 'ruleSets'] as const) {
    await old.table(table).bulkAdd(v4[table]);
  }
  old.close();
  return old.name;
}

describe('schema version 5 (usage events)', () => {
  const CUSTOMER = v4.customers[0]!.id;
  const REPLY = v4.replies[0]!.id;

  it('the fixture is a valid v4 database', () => {
    for (const row of v4.ruleSets) {
      expect(StoredRuleSetMeta.safeParse(row).success, row.id).toBe(true);
      expect(parseRuleSet(row.ruleSet)).toEqual(row.ruleSet);
    }
    for (const row of v4.followUps) expect(FollowUp.safeParse(row).success, row.id).toBe(true);
    for (const row of v4.cases) expect(ComplaintCase.safeParse(row).success, row.id).toBe(true);
  });

  it('keeps every v4 row untouched, and the v4 indexes still answer', async () => {
    const db = new KefuDatabase(await v4Database());
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.replies.toArray()).toEqual(v4.replies);
    expect(byId(await db.customers.toArray())).toEqual(byId(v4.customers));
    expect(byId(await db.followUps.toArray())).toEqual(byId(v4.followUps));
    expect(await db.cases.toArray()).toEqual(v4.cases);
    expect(byId(await db.caseEvents.toArray())).toEqual(byId(v4.caseEvents));
    expect(await db.ruleSets.toArray()).toEqual(v4.ruleSets);
    expect((await listRuleSets(db)).map((r) => r.ruleSet.id)).toEqual(['team-words']);
    expect((await listFollowUps(db, CUSTOMER)).map((f) => f.status)).toEqual(['open', 'done']);
    db.close();
  });

  it('adds the usageEvents table, empty and indexed; inserts and follow-ups record into it, erasure empties it', async () => {
    const db = new KefuDatabase(await v4Database());
    await db.open();
    expect(db.table('usageEvents').schema.indexes.map((i) => i.name).sort()).toEqual(['[kind+createdAt]', 'customerId', 'updatedAt']);
    expect(await db.usageEvents.count()).toBe(0);

    const who = { author: '小王', now: 1767800000000 };
    const used = await recordReplyUse(db, REPLY, { ...who, platform: 'feige', shop: '花花旗舰店', customerId: CUSTOMER });
    expect(used.usageCount).toBe(v4.replies[0]!.usageCount + 1);
    await completeFollowUp(db, 'f2AAAAAAAAAAAAA1', who);
    expect((await listUsageEvents(db, 'reply-inserted', 0, who.now + 1)).map((e) => [e.replyId, e.customerId, e.author])).toEqual([[REPLY, CUSTOMER, '小王']]);
    expect(await listUsageEvents(db, 'follow-up-done', 0, who.now + 1)).toHaveLength(1);

    await eraseCustomer(db, CUSTOMER, who);
    expect(await db.usageEvents.count()).toBe(0);
    db.close();
  });
});

describe('schema version 6 (team sync)', () => {
  it('keeps every v4 row untouched and adds the sync tables, empty, with sync off', async () => {
    const db = new KefuDatabase(await v4Database());
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.replies.toArray()).toEqual(v4.replies);
    expect(await db.cases.toArray()).toEqual(v4.cases);
    expect(byId(await db.caseEvents.toArray())).toEqual(byId(v4.caseEvents));
    const idx = (table: string) => db.table(table).schema.indexes.map((i) => i.name).sort();
    expect(idx('outbox')).toEqual(['hlc']);
    expect(idx('syncState')).toEqual([]);
    expect(idx('syncRecords')).toEqual(['conflictAt']);
    expect(await db.outbox.count()).toBe(0);
    expect((await getSyncState(db)).enabled).toBe(false);
    // Writes after the upgrade work and, with sync off, queue nothing.
    const customerId = v4.cases[0]!.customerId;
    await setStepDone(db, v4.cases[0]!.id, v4.cases[0]!.steps[0]!.id, true, { author: '小王', now: 1767900000000 });
    expect((await listCasesForCustomer(db, customerId))[0]!.steps[0]!.doneBy).toBe('小王');
    expect(await db.outbox.count()).toBe(0);
    // Signing in queues the old rows like any other.
    await enableSyncState(db, { deviceId: 'devA', role: 'supervisor', sameTeam: false });
    expect(await queueEverything(db)).toBeGreaterThan(v4.replies.length);
    db.close();
  });
});

async function expectNotFound(p: Promise<unknown>): Promise<void> {
  await expect(p).rejects.toMatchObject({ code: 'not-found' });
}

/** A database as the team-sync release (schema version 6) left it: the v4 rows, signed in as an agent, one reply's sync data. */
async function v6Database(): Promise<string> {
  const name = await v4Database();
  const old = releasedDatabase(6, name);
  await old.table('syncState').put(V6_STATE);
  await old.table('syncRecords').put(V6_META);
  old.close();
  return old.name;
}
const V6_STATE = { id: 'state', enabled: true, deviceId: 'devB', role: 'agent', cursor: 42, hlcWall: 1767900000000, hlcCounter: 3, status: 'idle', failures: 0, rejections: [] };
const V6_META = { id: `reply:${v4.replies[0]!.id}`, kind: 'reply', recordId: v4.replies[0]!.id, scope: 'team', heads: {}, conflicts: {} };

describe('schema version 7 (group order)', () => {
  it('keeps every v6 row untouched and adds the groupOrders table, empty and indexed', async () => {
    const db = new KefuDatabase(await v6Database());
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.replies.toArray()).toEqual(v4.replies);
    expect(await db.ruleSets.toArray()).toEqual(v4.ruleSets);
    expect(await db.cases.toArray()).toEqual(v4.cases);
    expect(await db.syncState.toArray()).toEqual([V6_STATE]);
    expect(await db.syncRecords.toArray()).toEqual([V6_META]);
    expect(db.table('groupOrders').schema.indexes.map((i) => i.name)).toEqual(['updatedAt']);
    // A group's replies in manual order, one range: the v4 rows are in the new index.
    expect(db.table('replies').schema.indexes.map((i) => i.name)).toEqual(['code', 'updatedAt', '[group+sortKey]']);
    const [kept] = v4.replies;
    expect((await db.replies.where('[group+sortKey]').between([kept!.group, -Infinity], [kept!.group, Infinity]).toArray()).map((r) => r.id)).toEqual([kept!.id]);
    expect(await db.groupOrders.count()).toBe(0);
    expect(await getGroupOrder(db)).toEqual([]);
    expect((await listReplies(db)).map((r) => r.id)).toEqual([v4.replies[0]!.id]);
    // The new table takes writes: this agent's team has no order yet, so it stays on the device, unqueued.
    await saveGroupOrder(db, ['售后'], { author: '小王', now: 1767900000000 });
    expect(await getGroupOrder(db)).toEqual(['售后']);
    expect(await db.outbox.count()).toBe(0);
    db.close();
  });
});

describe('schema version 8 (staged notes)', () => {
  it('keeps every v7 row untouched and adds the notePacks table, empty, indexed by customer', async () => {
    const name = await v6Database();
    const v7 = releasedDatabase(7, name);
    const order = { id: 'team', names: ['售后'], createdAt: 1767900000000, updatedAt: 1767900000000, author: '主管' };
    await v7.table('groupOrders').put(order);
    const customerId = v4.customers[0]!.id;
    const note = { id: 'v7-note', customerId, text: '老版本写的备注', pinned: false, history: [], createdAt: 1767900000000, updatedAt: 1767900000000, author: '小王', terms: ['老版'] };
    await v7.table('notes').put(note);
    v7.close();
    const db = new KefuDatabase(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.replies.toArray()).toEqual(v4.replies);
    expect(await db.cases.toArray()).toEqual(v4.cases);
    expect(await db.syncState.toArray()).toEqual([V6_STATE]);
    expect(await db.groupOrders.toArray()).toEqual([order]);
    expect(await db.notes.toArray()).toEqual([note]);
    expect(db.table('notePacks').schema.indexes.map((i) => i.name)).toEqual(['customerId']);
    expect(await db.notePacks.count()).toBe(0);
    // A customer's timeline reads the new table beside the notes: with nothing staged, the notes as before.
    expect((await listNotes(db, customerId)).map((n) => n.id)).toEqual(['v7-note']);
    db.close();
  });
});

describe('schema version 9 (staged sync metadata)', () => {
  it('keeps every v8 row untouched and adds the metaPacks table, empty, keyed only by id', async () => {
    const name = await v6Database();
    const v8 = releasedDatabase(8, name);
    const customerId = v4.customers[0]!.id;
    const pack = { id: 'v8-note', customerId, notes: [{ id: 'v8-note', customerId, text: '第一次同步暂存的备注', pinned: false, history: [], createdAt: 1767900000000, updatedAt: 1767900000000, author: '小王' }] };
    await v8.table('notePacks').put(pack);
    v8.close();
    const db = new KefuDatabase(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.replies.toArray()).toEqual(v4.replies);
    expect(await db.syncState.toArray()).toEqual([V6_STATE]);
    expect(await db.syncRecords.toArray()).toEqual([V6_META]);
    expect(await db.notePacks.toArray()).toEqual([pack]);
    expect(db.table('metaPacks').schema.indexes).toEqual([]);
    expect(await db.metaPacks.count()).toBe(0);
    // The team lock of the v6 meta still reads: no staged metadata beside it.
    expect((await teamLocks(db)).has('reply', v4.replies[0]!.id)).toBe(true);
    db.close();
  });
});
