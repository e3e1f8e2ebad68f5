import { foldText } from '../search/text';
import type { KefuDatabase } from './database';
import { isLiveCustomer, listRecentCustomers } from './customers';
import type { Customer, Note, StoredCustomer, StoredNote } from './records';
import { customerMatchesTerm, customerTerms, noteMatches, planQuery } from './search-terms';

/**
 * Customer search for the picker (when the page shows no buyer) and the
 * workbench: by display name, nickname, buyer id, tag, order id, their
 * pinyin (full and initials), and note text. How the tokens are made and why
 * they live in IndexedDB: search-terms.ts.
 *
 * A query is one `getAll` with a limit on the customers' `terms` index, and
 * only when that finds fewer customers than asked for, one on the notes'
 * `terms` and a `get` for each customer those notes name (at most the
 * number still missing). Its cost is bounded by those limits, not by table
 * sizes: that is what keeps it under the 20 ms of issue 3 at 100,000
 * customers and 1,000,000 notes. Separate gets for every candidate (a first
 * version read 200 keys, then the rows) cost 30–50 ms at 10,000 customers.
 *
 * After a first sync, until the background has given its customers their
 * tokens (SyncState.customersUnindexed, lib/db/customer-index.ts), a query
 * also reads the customers still without them, a scan of the table: seconds
 * after the sync, at the cost of one read of every customer per query.
 *
 * The price: a query that matches thousands of customers (one letter, a
 * common surname) ranks only the first CUSTOMER_ROWS index entries, which
 * come shortest token first (exact names and ids before longer ones), then by
 * id; typing one more character narrows it. Note matches rank after field
 * matches, so they are only looked for when field matches leave room.
 */

/** Index entries read per lookup key; a customer can match through several tokens, so rows repeat. */
const CUSTOMER_ROWS = 60;
/** Notes read per query to find customers by note text. */
const NOTE_ROWS = 50;

export type CustomerMatch = 'name' | 'buyer-id' | 'order' | 'tag' | 'pinyin' | 'note';

export interface CustomerHit {
  customer: Customer;
  /** Where the query matched, for the result row's hint. */
  via: CustomerMatch;
  /** The note that matched, when via is 'note'. */
  note?: Pick<Note, 'id' | 'text' | 'createdAt'>;
}

export interface CustomerSearchOptions {
  /** Most hits to return (default 20). */
  limit?: number;
}

/**
 * Rank: a field equal to a query term (the buyer id or order id pasted whole),
 * then a field starting with one, then any other match, then note matches;
 * within a rank, the customer seen most recently first.
 */
function rankOf(c: Customer, terms: string[], via: CustomerMatch): number {
  if (via === 'note') return 3;
  const fields = [c.displayName, c.nickname ?? '', c.buyerId, ...c.orders.map((o) => o.orderId)].map((f) => foldText(f).trim());
  if (terms.some((t) => fields.includes(t))) return 0;
  if (terms.some((t) => fields.some((f) => f.startsWith(t)))) return 1;
  return 2;
}

/** Which field the query matched, for the hint; 'pinyin' when only the pinyin tokens did. */
function matchedField(c: Customer, terms: string[]): CustomerMatch {
  const has = (texts: string[]) => terms.some((t) => texts.some((x) => foldText(x).includes(t)));
  if (has([c.displayName, c.nickname ?? ''])) return 'name';
  if (has([c.buyerId])) return 'buyer-id';
  if (has(c.orders.map((o) => o.orderId))) return 'order';
  if (has(c.tags.map((t) => t.name))) return 'tag';
  return 'pinyin';
}

function toCustomer(row: StoredCustomer): Customer {
  const { terms: _derived, ...customer } = row;
  return customer;
}

export async function searchCustomers(db: KefuDatabase, query: string, opts: CustomerSearchOptions = {}): Promise<CustomerHit[]> {
  const limit = opts.limit ?? 20;
  if (limit <= 0) return [];
  const plan = planQuery(query);
  if (plan.terms.length === 0) return (await listRecentCustomers(db, limit)).map((customer) => ({ customer, via: 'name' as const }));

  return db.transaction('r', [db.customers, db.notes, db.syncState], async () => {
    const hits = new Map<string, CustomerHit & { rank: number }>();
    const lists = await Promise.all(plan.customerKeys.map((key) => db.customers.where('terms').startsWith(key).limit(CUSTOMER_ROWS).toArray()));
    // Customers a first sync stored without their tokens are in no index yet: read directly, until the background is done.
    if ((await db.syncState.get('state'))?.customersUnindexed) lists.push(await db.customers.filter((row) => !('erased' in row) && row.terms === undefined).toArray());
    for (const row of lists.flat()) {
      if (hits.has(row.id) || !isLiveCustomer(row)) continue;
      const tokens = { ...row, terms: row.terms ?? customerTerms(row) };
      if (!plan.terms.every((t) => customerMatchesTerm(tokens, t))) continue;
      const customer = toCustomer(row);
      const via = matchedField(customer, plan.terms);
      hits.set(row.id, { customer, via, rank: rankOf(customer, plan.terms, via) });
    }

    if (hits.size < limit && plan.noteKey !== undefined) {
      const notes = await db.notes.where('terms').startsWith(plan.noteKey).limit(NOTE_ROWS).toArray();
      // Newest matching note per customer not already found, newest customers' notes first.
      const byCustomer = new Map<string, StoredNote>();
      for (const note of notes.sort((a, b) => b.createdAt - a.createdAt)) {
        if (hits.has(note.customerId) || byCustomer.has(note.customerId)) continue;
        if (note.deletedAt === undefined && noteMatches(note.text, plan.terms)) byCustomer.set(note.customerId, note);
      }
      const wanted = [...byCustomer.keys()].slice(0, limit - hits.size);
      const rows = await db.customers.bulkGet(wanted);
      for (const row of rows) {
        const note = row && byCustomer.get(row.id);
        if (!isLiveCustomer(row) || note === undefined) continue;
        hits.set(row.id, { customer: toCustomer(row), via: 'note', note: { id: note.id, text: note.text, createdAt: note.createdAt }, rank: 3 });
      }
    }

    return [...hits.values()]
      .sort((a, b) => a.rank - b.rank || (b.customer.lastSeenAt ?? 0) - (a.customer.lastSeenAt ?? 0) || (a.customer.id < b.customer.id ? -1 : 1))
      .slice(0, limit)
      .map(({ rank: _rank, ...hit }) => hit);
  });
}
