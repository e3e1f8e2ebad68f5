import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { searchCustomers } from './customer-search';
import { customerForContext } from './customers';
import { KefuDatabase } from './database';
import { listDueFollowUps, addFollowUp } from './follow-ups';
import v1 from './fixtures/v1-replies.json';
import { addNote, listNotes } from './notes';
import { Reply } from './records';
import { findReplyByCode, listReplies } from './replies';

/**
 * Migration tests: each opens a database written with an earlier schema,
 * from a fixture of that version's rows, with the current class.
 */

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** A database as the foundation release (schema version 1) left it. */
async function v1Database(): Promise<string> {
  const name = `kefu-migration-${Math.random().toString(36).slice(2)}`;
  names.push(name);
  const old = new Dexie(name);
  old.version(1).stores({ replies: 'id, code, updatedAt' });
  await old.table('replies').bulkAdd(v1.replies);
  old.close();
  return name;
}

describe('schema version 2 (customer records)', () => {
  it('the fixture is a valid v1 library', () => {
    for (const row of v1.replies) expect(Reply.safeParse(row).success).toBe(true);
  });

  it('keeps every v1 reply untouched, tombstones included', async () => {
    const db = new KefuDatabase(await v1Database());
    await db.open();
    expect(db.verno).toBe(2);
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
    expect(db.tables.map((t) => t.name).sort()).toEqual(['customers', 'followUps', 'notes', 'replies']);
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

  it('a fresh install opens straight at version 2', async () => {
    const name = `kefu-fresh-${Math.random().toString(36).slice(2)}`;
    names.push(name);
    const db = new KefuDatabase(name);
    await db.open();
    expect(db.verno).toBe(2);
    expect(await db.replies.count()).toBe(0);
    db.close();
  });
});
