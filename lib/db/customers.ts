import Dexie from 'dexie';
import * as z from 'zod';
import type { PageContext } from '../adapters/types';
import { foldText } from '../search/text';
import type { KefuDatabase } from './database';
import { keyedId } from './ids';
import { CustomerExport } from './customer-export';
import { deleteStagedNotesOf, storedNotesOf } from './note-packs';
import {
  BUILT_IN_CUSTOMER_TAGS,
  Customer,
  CustomerTombstone,
  MAX_ORDERS_PER_CUSTOMER,
  MAX_REPLIES_USED,
  OrderId,
  OrderMention,
  Preferences,
  type CustomerRow,
  type CustomerTag,
  type StoredCustomer,
} from './records';
import type { WriteOptions } from './replies';
import { customerTerms } from './search-terms';
import { invalid, notFound, parseOrThrow } from './validation';

/**
 * Repository for customer records: the only write path to `db.customers`,
 * and (with notes.ts and follow-ups.ts) to everything attached to a customer.
 * Every write validates with zod first and keeps the sync fields right;
 * writes that touch several tables run in one transaction.
 */

export type { WriteOptions };

/** updatedAt of a change: now, but always after the previous write (sync compares them). */
export const nextUpdatedAt = (now: number, current: { updatedAt: number }): number => Math.max(now, current.updatedAt + 1);

/**
 * lastSeenAt and an order's seenAt are refreshed at most this often, so that
 * switching back and forth between chats reads the record without writing it.
 */
export const SEEN_RESOLUTION_MS = 5 * 60_000;

export function isLiveCustomer(row: CustomerRow | undefined): row is StoredCustomer {
  return row !== undefined && !('erased' in row) && row.deletedAt === undefined;
}

function toCustomer(row: StoredCustomer): Customer {
  const { terms: _derived, ...customer } = row;
  return customer;
}

/** A customer as stored: with its search tokens. */
export function toStoredCustomer(customer: Customer): StoredCustomer {
  return { ...customer, terms: customerTerms(customer) };
}

/** Validates and stores a customer. Call inside a rw transaction on customers. */
async function saveCustomer(db: KefuDatabase, customer: Customer): Promise<Customer> {
  const valid = parseOrThrow(Customer, customer, 'The customer');
  await db.customers.put(toStoredCustomer(valid));
  return valid;
}

/** The live customer with this id, or a not-found error the agent can act on. */
export async function getCustomer(db: KefuDatabase, id: string): Promise<Customer> {
  const row = await db.customers.get(id);
  if (!isLiveCustomer(row)) throw notFound('Customer', id, 'customer-not-found');
  return toCustomer(row);
}

export interface CustomerKey {
  platform: string;
  shop: string;
  buyerId: string;
}

/** The live customer with this (platform, shop, buyerId), if any; the oldest if sync brought two. */
export async function findCustomer(db: KefuDatabase, key: CustomerKey): Promise<Customer | undefined> {
  const rows = await db.customers.where('[platform+shop+buyerId]').equals([key.platform, key.shop, key.buyerId]).toArray();
  const live = rows.filter(isLiveCustomer).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  return live[0] && toCustomer(live[0]);
}

const ContextInput = z.object({
  platform: z.string().trim().min(1, { message: 'platform-required' }).max(50),
  shop: z.string().optional(),
  buyerId: z.string().optional(),
  buyerName: z.string().optional(),
  orderId: z.string().optional(),
});

/** Page text is trimmed; an empty field counts as absent. */
const present = (text: string | undefined): string | undefined => {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
};

/**
 * The order list with `orderId` first. Returns undefined when nothing needs
 * writing: the order is already the newest, its status unchanged, and it was
 * seen within SEEN_RESOLUTION_MS (unless `force`).
 */
function withOrder(orders: OrderMention[], orderId: string, status: string | undefined, now: number, force: boolean): OrderMention[] | undefined {
  const at = orders.findIndex((o) => o.orderId === orderId);
  const previous = orders[at];
  if (!force && at === 0 && previous && (status === undefined || status === previous.status) && now - previous.seenAt < SEEN_RESOLUTION_MS) return undefined;
  const mention: OrderMention = { orderId, status: status ?? previous?.status ?? '', seenAt: Math.max(now, previous?.seenAt ?? 0) };
  // The oldest mentions drop off past the cap; the customer's notes keep their order ids.
  return [mention, ...orders.filter((_, i) => i !== at)].slice(0, MAX_ORDERS_PER_CUSTOMER);
}

/** The buyer key a page context names, with the nickname and order it shows; an error the agent can act on when it names none. */
function contextKey(context: PageContext): { key: CustomerKey; nickname: string | undefined; orderId: string | undefined } {
  const input = parseOrThrow(ContextInput, context, 'The page context');
  const buyerId = present(input.buyerId) ?? present(input.buyerName);
  if (buyerId === undefined) throw invalid('buyerId', 'buyer-id-required');
  if (buyerId.length > 100) throw invalid('buyerId', 'buyer-id-too-long');
  const orderId = present(input.orderId);
  if (orderId !== undefined && orderId.length > 64) throw invalid('orderId', 'order-id-too-long');
  // Page text that is too long is a selector catching too much; cut it rather than lose the record.
  const nickname = present(input.buyerName)?.slice(0, 100);
  return { key: { platform: input.platform, shop: present(input.shop)?.slice(0, 100) ?? '', buyerId }, nickname, orderId };
}

/**
 * The record of the buyer in `context` as stored, if there is one, without
 * writing anything: what customerForContext will return, less what it
 * refreshes (nickname, order on screen, lastSeenAt). Lets the sidebar show a
 * known buyer while customerForContext's write is still going on.
 */
export async function findCustomerForContext(db: KefuDatabase, context: PageContext): Promise<Customer | undefined> {
  return findCustomer(db, contextKey(context).key);
}

/**
 * The id of a new record for the buyer `key`: made from the key (keyedId),
 * so agents who meet the same buyer before their devices sync create one
 * record, not two whose notes would part. A buyer whose record was erased
 * gets the next generation's id (an erased id never comes back); devices
 * that hold the same tombstones agree on it.
 */
async function freeCustomerId(db: KefuDatabase, key: CustomerKey): Promise<string> {
  for (let generation = 1; ; generation++) {
    const id = keyedId(['customer', key.platform, key.shop, key.buyerId, String(generation)]);
    const row = await db.customers.get(id);
    // Live rows with this key were looked for first; a live row here is another buyer's (a hash collision).
    if (row === undefined) return id;
  }
}

/**
 * The record of the buyer in `context` (the conversation on screen), created
 * on first contact. The buyer is keyed by the console's buyer id, or its
 * nickname where the console shows no id, or what the agent typed: a buyer
 * entered by hand (`{platform, shop, buyerId: typed}`) is both id and display
 * name until renamed. Keeps the record current: the nickname (and the display
 * name while not renamed), the order on screen, and lastSeenAt; a record that
 * is already current is only read.
 */
export async function customerForContext(db: KefuDatabase, context: PageContext, opts: WriteOptions): Promise<Customer> {
  const { key, nickname, orderId } = contextKey(context);
  const now = opts.now ?? Date.now();

  return db.transaction('rw', db.customers, async () => {
    const existing = await findCustomer(db, key);
    if (existing === undefined) {
      return saveCustomer(db, {
        id: await freeCustomerId(db, key),
        createdAt: now,
        updatedAt: now,
        author: opts.author,
        ...key,
        nickname,
        displayName: nickname ?? key.buyerId,
        renamed: false,
        tags: [],
        preferences: {},
        orders: orderId === undefined ? [] : [{ orderId, status: '', seenAt: now }],
        lastSeenAt: now,
      });
    }
    let next = existing;
    if (nickname !== undefined && nickname !== existing.nickname) {
      next = { ...next, nickname, displayName: existing.renamed ? existing.displayName : nickname };
    }
    const orders = orderId === undefined ? undefined : withOrder(existing.orders, orderId, undefined, now, false);
    if (orders !== undefined) next = { ...next, orders };
    if (existing.lastSeenAt === undefined || now - existing.lastSeenAt >= SEEN_RESOLUTION_MS) next = { ...next, lastSeenAt: now };
    if (next === existing) return existing;
    return saveCustomer(db, { ...next, updatedAt: nextUpdatedAt(now, existing), author: opts.author });
  });
}

/** Applies `change` to a live customer in a rw transaction and stores the result. */
async function updateCustomer(db: KefuDatabase, id: string, opts: WriteOptions, change: (c: Customer) => Customer): Promise<Customer> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.customers, async () => {
    const current = await getCustomer(db, id);
    return saveCustomer(db, { ...change(current), updatedAt: nextUpdatedAt(now, current), author: opts.author });
  });
}

/**
 * Sets the name the record shows. `null` undoes a rename: the record follows
 * the console's nickname (or shows the buyer id) again.
 */
export async function renameCustomer(db: KefuDatabase, id: string, displayName: string | null, opts: WriteOptions): Promise<Customer> {
  const name = displayName === null ? null : parseOrThrow(Customer.pick({ displayName: true }), { displayName }, 'The customer').displayName;
  return updateCustomer(db, id, opts, (c) =>
    name === null ? { ...c, displayName: c.nickname ?? c.buyerId, renamed: false } : { ...c, displayName: name, renamed: true },
  );
}

const builtInTag = (name: string) => {
  const folded = foldText(name).trim();
  return BUILT_IN_CUSTOMER_TAGS.find((t) => foldText(t.name) === folded || foldText(t.en) === folded);
};

/**
 * Replaces the customer's tags. A built-in tag may be given by its Chinese
 * name or English label and is stored by its name without a colour; custom
 * tags keep theirs. Duplicates (ignoring case and width) are dropped.
 */
export async function setCustomerTags(db: KefuDatabase, id: string, tags: unknown, opts: WriteOptions): Promise<Customer> {
  const parsed = parseOrThrow(Customer.pick({ tags: true }), { tags }, 'The tag list').tags;
  const seen = new Set<string>();
  const clean: CustomerTag[] = [];
  for (const tag of parsed) {
    const builtIn = builtInTag(tag.name);
    const next: CustomerTag = builtIn ? { name: builtIn.name } : tag;
    const key = foldText(next.name);
    if (seen.has(key)) continue;
    seen.add(key);
    clean.push(next);
  }
  return updateCustomer(db, id, opts, (c) => ({ ...c, tags: clean }));
}

/** Replaces the customer's preferences (free key/value pairs). */
export async function setCustomerPreferences(db: KefuDatabase, id: string, preferences: unknown, opts: WriteOptions): Promise<Customer> {
  const parsed = parseOrThrow(z.object({ preferences: Preferences }), { preferences }, 'The preferences').preferences;
  return updateCustomer(db, id, opts, (c) => ({ ...c, preferences: parsed }));
}

const OrderInput = z.object({ orderId: OrderId, status: OrderMention.shape.status.optional() });

/**
 * Records that an order was mentioned (and its status, when given; omitted
 * keeps the one recorded). The order moves to the top of the customer's list.
 */
export async function recordOrder(db: KefuDatabase, id: string, order: unknown, opts: WriteOptions): Promise<Customer> {
  const input = parseOrThrow(OrderInput, order, 'The order');
  const now = opts.now ?? Date.now();
  return updateCustomer(db, id, opts, (c) => ({ ...c, orders: withOrder(c.orders, input.orderId, input.status, now, true) ?? c.orders }));
}

/** Inside a rw transaction on customers: notes.ts uses it to record a note's order. */
export async function touchOrderInTransaction(db: KefuDatabase, id: string, orderId: string, opts: WriteOptions): Promise<void> {
  const now = opts.now ?? Date.now();
  const current = await getCustomer(db, id);
  const orders = withOrder(current.orders, orderId, undefined, now, false);
  if (orders === undefined) return;
  await saveCustomer(db, { ...current, orders, updatedAt: nextUpdatedAt(now, current), author: opts.author });
}

/** Remembers that `replyId` was sent to the customer (moved to the top when sent before). */
export async function recordReplyForCustomer(db: KefuDatabase, id: string, replyId: string, opts: WriteOptions): Promise<Customer> {
  const now = opts.now ?? Date.now();
  return updateCustomer(db, id, opts, (c) => ({
    ...c,
    repliesUsed: [{ replyId, usedAt: now }, ...(c.repliesUsed ?? []).filter((r) => r.replyId !== replyId)].slice(0, MAX_REPLIES_USED),
  }));
}

/** Customers most recently seen, for the picker before anything is typed. */
export async function listRecentCustomers(db: KefuDatabase, limit = 20): Promise<Customer[]> {
  const out: Customer[] = [];
  // Tombstones have no lastSeenAt, so they are not in this index at all.
  await db.customers
    .orderBy('lastSeenAt')
    .reverse()
    .until(() => out.length >= limit)
    .each((row) => {
      if (isLiveCustomer(row)) out.push(toCustomer(row));
    });
  return out;
}

/** A customer's notes range in the [customerId+createdAt] index, deleted ones included. */
export const notesOf = (db: KefuDatabase, customerId: string) =>
  db.notes.where('[customerId+createdAt]').between([customerId, Dexie.minKey], [customerId, Dexie.maxKey], true, true);

/**
 * A complaint case's events in the [caseId+createdAt] index: its history in
 * order, ties by id (IndexedDB orders equal keys by primary key).
 */
export const caseEventsOf = (db: KefuDatabase, caseId: string) =>
  db.caseEvents.where('[caseId+createdAt]').between([caseId, Dexie.minKey], [caseId, Dexie.maxKey], true, true);

/**
 * Right to erasure: deletes the customer's notes (with their earlier wordings
 * and deleted ones), follow-ups, complaint cases with their whole history
 * and the usage events that name them (events are otherwise never deleted),
 * and replaces the customer with a
 * content-free tombstone (random id, when and by whom) so a later sync can
 * erase the copies on other devices. If the buyer writes again, a new record
 * is created. Erasing an erased customer does nothing.
 *
 * IndexedDB frees the deleted rows' space on disk when the browser compacts
 * its files, not at once; nothing in the extension can read them any more.
 */
export async function eraseCustomer(db: KefuDatabase, id: string, opts: WriteOptions): Promise<void> {
  const now = opts.now ?? Date.now();
  await db.transaction('rw', [db.customers, db.notes, db.notePacks, db.followUps, db.cases, db.caseEvents, db.usageEvents], async () => {
    const row = await db.customers.get(id);
    if (row === undefined) throw notFound('Customer', id, 'customer-not-found');
    if ('erased' in row) return;
    await notesOf(db, id).delete();
    await deleteStagedNotesOf(db, id);
    await db.followUps.where('customerId').equals(id).delete();
    // The statistics lose these events too: a count is not worth keeping a pointer to the person.
    await db.usageEvents.where('customerId').equals(id).delete();
    const cases = db.cases.where('customerId').equals(id);
    for (const caseId of await cases.primaryKeys()) await caseEventsOf(db, caseId).delete();
    // Hard deletes, no tombstones: the customer's tombstone is what tells
    // another device to erase its copies (by customerId).
    await cases.delete();
    const at = nextUpdatedAt(now, row);
    // put replaces the whole row: no field of the customer (nor a search token) survives.
    await db.customers.put(CustomerTombstone.parse({ id, createdAt: at, updatedAt: at, deletedAt: at, author: opts.author, erased: true }));
  });
}

/**
 * One customer's full record as a JSON-serialisable object: the customer,
 * every note (deleted ones and earlier wordings included), every follow-up,
 * and every complaint case with its history, oldest first. Validated by
 * CustomerExport, which also drops search tokens.
 */
export async function exportCustomer(db: KefuDatabase, id: string, opts: { now?: number } = {}): Promise<CustomerExport> {
  const now = opts.now ?? Date.now();
  return db.transaction('r', [db.customers, db.notes, db.notePacks, db.followUps, db.cases, db.caseEvents], async () => {
    const customer = await getCustomer(db, id);
    const notes = await storedNotesOf(db, id);
    const byAge = <T extends { createdAt: number; id: string }>(a: T, b: T) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
    const followUps = (await db.followUps.where('customerId').equals(id).toArray()).sort(byAge);
    const cases = (await db.cases.where('customerId').equals(id).toArray()).sort(byAge);
    const caseEvents = [];
    for (const c of cases) caseEvents.push(...(await caseEventsOf(db, c.id).toArray()).sort(byAge));
    return CustomerExport.parse({
      format: 'kefu-customer-export',
      version: 2,
      exportedAt: now,
      customer,
      notes,
      followUps,
      cases,
      caseEvents,
    });
  });
}
