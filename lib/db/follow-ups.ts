import type { KefuDatabase } from './database';
import { newId } from './ids';
import { getCustomer, isLiveCustomer, nextUpdatedAt, type WriteOptions } from './customers';
import { FollowUp, FollowUpDraft, type Customer } from './records';
import { appendUsageEvent } from './usage-events';
import { invalid, notFound, parseOrThrow } from './validation';

/**
 * Repository for follow-ups (回访): the only write path to `db.followUps`.
 * A follow-up is open until marked done; snoozing moves when it is next due
 * (`remindAt`) and keeps the original `dueAt`.
 */

async function saveFollowUp(db: KefuDatabase, followUp: FollowUp): Promise<FollowUp> {
  const valid = parseOrThrow(FollowUp, { ...followUp, remindAt: followUp.snoozedUntil ?? followUp.dueAt }, 'The follow-up');
  await db.followUps.put(valid);
  return valid;
}

/** The live follow-up with this id. */
export async function getFollowUp(db: KefuDatabase, id: string): Promise<FollowUp> {
  const row = await db.followUps.get(id);
  if (row === undefined || row.deletedAt !== undefined) throw notFound('Follow-up', id, 'follow-up-not-found');
  return row;
}

/** Adds an open follow-up to a live customer. A due time in the past is allowed: it shows as overdue. */
export async function addFollowUp(db: KefuDatabase, customerId: string, draft: unknown, opts: WriteOptions): Promise<FollowUp> {
  const input = parseOrThrow(FollowUpDraft, draft, 'The follow-up');
  const now = opts.now ?? Date.now();
  return db.transaction('rw', [db.customers, db.followUps], async () => {
    await getCustomer(db, customerId);
    return saveFollowUp(db, {
      id: newId(),
      customerId,
      dueAt: input.dueAt,
      reason: input.reason,
      status: 'open',
      remindAt: input.dueAt,
      createdAt: now,
      updatedAt: now,
      author: opts.author,
    });
  });
}

/** Marks a follow-up done (doing it twice keeps the first time); a usage event counts it. */
export async function completeFollowUp(db: KefuDatabase, id: string, opts: WriteOptions): Promise<FollowUp> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', [db.followUps, db.usageEvents], async () => {
    const current = await getFollowUp(db, id);
    if (current.status === 'done') return current;
    const done = await saveFollowUp(db, { ...current, status: 'done', doneAt: now, doneBy: opts.author, updatedAt: nextUpdatedAt(now, current), author: opts.author });
    await appendUsageEvent(db, { kind: 'follow-up-done', followUpId: id, customerId: current.customerId }, { author: opts.author, now });
    return done;
  });
}

/** Undo of "done": the follow-up is open again, due when it was; the done no longer counts. */
export async function reopenFollowUp(db: KefuDatabase, id: string, opts: WriteOptions): Promise<FollowUp> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', [db.followUps, db.usageEvents], async () => {
    const current = await getFollowUp(db, id);
    if (current.status === 'open') return current;
    const { doneAt: _at, doneBy: _by, ...rest } = current;
    const open = await saveFollowUp(db, { ...rest, status: 'open', updatedAt: nextUpdatedAt(now, current), author: opts.author });
    await appendUsageEvent(db, { kind: 'follow-up-reopened', followUpId: id, customerId: current.customerId }, { author: opts.author, now });
    return open;
  });
}

/** Moves an open follow-up to `until` (which must be later than now). */
export async function snoozeFollowUp(db: KefuDatabase, id: string, until: number, opts: WriteOptions): Promise<FollowUp> {
  const now = opts.now ?? Date.now();
  if (!Number.isInteger(until) || until <= now) throw invalid('snoozedUntil', 'snooze-in-past');
  return db.transaction('rw', [db.followUps, db.usageEvents], async () => {
    const current = await getFollowUp(db, id);
    if (current.status === 'done') throw invalid('status', 'follow-up-already-done');
    const snoozed = await saveFollowUp(db, { ...current, snoozedUntil: until, updatedAt: nextUpdatedAt(now, current), author: opts.author });
    await appendUsageEvent(db, { kind: 'follow-up-snoozed', followUpId: id, customerId: current.customerId, until }, { author: opts.author, now });
    return snoozed;
  });
}

/** Soft delete (a follow-up added by mistake). */
export async function deleteFollowUp(db: KefuDatabase, id: string, opts: WriteOptions): Promise<void> {
  const now = opts.now ?? Date.now();
  await db.transaction('rw', db.followUps, async () => {
    const current = await getFollowUp(db, id);
    const at = nextUpdatedAt(now, current);
    await saveFollowUp(db, { ...current, deletedAt: at, updatedAt: at, author: opts.author });
  });
}

/**
 * Undo of a delete: the same follow-up (same id, so a synced delete and its
 * undo merge) as it was, done or open, snoozed or not. Its customer must
 * still exist: an erased customer's follow-ups are gone for good.
 */
export async function restoreFollowUp(db: KefuDatabase, id: string, opts: WriteOptions): Promise<FollowUp> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', [db.customers, db.followUps], async () => {
    const row = await db.followUps.get(id);
    if (row === undefined) throw notFound('Follow-up', id, 'follow-up-not-found');
    if (row.deletedAt === undefined) return row;
    await getCustomer(db, row.customerId);
    const { deletedAt: _deleted, ...rest } = row;
    return saveFollowUp(db, { ...rest, updatedAt: nextUpdatedAt(now, row), author: opts.author });
  });
}

/** Midnight at the end of the local day that contains `now`. */
export function endOfLocalDay(now: number): number {
  const d = new Date(now);
  d.setHours(24, 0, 0, 0);
  return d.getTime();
}

export interface DueFollowUp {
  followUp: FollowUp;
  customer: Customer;
}

/**
 * The "today" list: open follow-ups due before the end of today (local time),
 * overdue ones included however old, soonest (most overdue) first, each with
 * its customer. `limit` caps the list (a sidebar shows the first few): each
 * follow-up costs a read of its customer, about 0.1 ms in Chromium.
 */
export async function listDueFollowUps(db: KefuDatabase, now: number, opts: { limit?: number } = {}): Promise<DueFollowUp[]> {
  return db.transaction('r', [db.customers, db.followUps], async () => {
    const range = db.followUps.where('[status+remindAt]').between(['open', -Infinity], ['open', endOfLocalDay(now)], true, false);
    let live: FollowUp[];
    if (opts.limit === undefined) live = (await range.toArray()).filter((f) => f.deletedAt === undefined);
    else {
      // One getAll with a limit (a cursor costs a round trip per row); deleted
      // ones are in the range too, so read more until `limit` live ones are found.
      let want = opts.limit;
      for (;;) {
        const rows = await range.clone().limit(want).toArray();
        live = rows.filter((f) => f.deletedAt === undefined).slice(0, opts.limit);
        if (live.length >= opts.limit || rows.length < want) break;
        want *= 2;
      }
    }
    const customers = await db.customers.bulkGet([...new Set(live.map((f) => f.customerId))]);
    const byId = new Map<string, Customer>();
    for (const row of customers) {
      if (isLiveCustomer(row)) {
        const { terms: _derived, ...customer } = row;
        byId.set(customer.id, customer);
      }
    }
    const out: DueFollowUp[] = [];
    for (const followUp of live) {
      const customer = byId.get(followUp.customerId);
      if (customer !== undefined) out.push({ followUp, customer });
    }
    return out;
  });
}

/** A customer's follow-ups: open ones by when they are due, then done ones, latest done first. */
export async function listFollowUps(db: KefuDatabase, customerId: string): Promise<FollowUp[]> {
  const rows = (await db.followUps.where('customerId').equals(customerId).toArray()).filter((f) => f.deletedAt === undefined);
  const open = rows.filter((f) => f.status === 'open').sort((a, b) => a.remindAt - b.remindAt);
  const done = rows.filter((f) => f.status === 'done').sort((a, b) => (b.doneAt ?? 0) - (a.doneAt ?? 0));
  return [...open, ...done];
}
