import Dexie, { type EntityTable, type Table } from 'dexie';
import type { ChecklistTemplate, ComplaintCase, StoredCaseEvent } from './complaint-records';
import type { CustomerRow, FollowUp, GroupOrder, Reply, StoredNote, UsageEvent } from './records';
import type { MetaPack } from './meta-packs';
import type { NotePack } from './note-packs';
import type { StoredRuleSet } from './rule-sets';
import { outboxMiddleware } from './outbox';
import type { OutboxEntry, SyncRecordMeta, SyncState } from './sync-records';

/**
 * The extension's IndexedDB, opened only in extension pages (sidebar, options)
 * and the background — never in the content script (see the architecture test).
 *
 * Schema rules: versions are only added, a version with an upgrade is never
 * edited, every bump ships with a migration test from a fixture of the previous
 * shape. String ids, never `++id`. Index only what is queried:
 * - replies.code: shortcut-code lookup and uniqueness checks;
 * - replies.updatedAt: "changed since" for backup and, later, sync.
 *
 * Version 2 (customer records, issue 3), sized for 100,000 customers and
 * 1,000,000 notes; lib/db/search-terms.ts explains the `terms` tokens:
 * - customers.[platform+shop+buyerId]: the record of the conversation on
 *   screen, one key lookup per chat switch. Not unique: two devices may create
 *   the same buyer before sync merges them, and the oldest wins the lookup.
 *   An erased customer's tombstone has none of these fields, so it drops out.
 * - customers.*terms: customer search by name, id, tag, order id and pinyin,
 *   one prefix range per query.
 * - customers.lastSeenAt: the recent customers shown before anything is typed.
 * - notes.[customerId+createdAt]: a customer's timeline, newest first, and
 *   (as Dexie's virtual `customerId` index) erasing their notes.
 * - notes.[customerId+pinnedCreatedAt]: a sparse index of pinned notes only
 *   (see StoredNote), so a long timeline can be read a page at a time with
 *   its pinned notes on top.
 * - notes.*terms: note-text search (bigrams and words), one prefix range.
 *   A note a catch-up pull stored without `terms` is out of it until the
 *   background fills them in (lib/db/note-index.ts; no schema change: a row
 *   lacking the key path is simply not in the index).
 * - followUps.[status+remindAt]: "due today and overdue" as one range over
 *   the open ones; followUps.customerId: a customer's follow-ups and erasure.
 * - updatedAt on each table: "changed since", as for replies.
 * (`pinned` itself cannot be indexed: IndexedDB keys cannot be booleans.)
 *
 * Version 3 (complaint cases, issue 4; lib/db/complaint-records.ts explains
 * the tables), sized for a team's years of cases (tens of thousands) with a
 * few dozen events each:
 * - checklistTemplates.updatedAt: "changed since" only. The picker reads the
 *   whole table (a few dozen templates) and sorts by sortKey in memory.
 * - cases.customerId: a customer's cases in the sidebar, and erasure.
 * - cases.nextDueAt: the overdue list (a range below now) and the alarm at the
 *   earliest deadline; sparse, as only active cases with an open timed step
 *   have one.
 * - cases.createdAt: the workbench list newest first, and its date filter as
 *   one range.
 * - caseEvents.[caseId+createdAt]: a case's history in order, and (as Dexie's
 *   virtual `caseId` index) erasing it with the customer.
 * - updatedAt on each table: "changed since", as for replies.
 * Status, type and agent filters are not indexed: they are applied to the
 * createdAt or nextDueAt range in memory, which stays cheaper than keeping
 * three more indexes on every write for lists a supervisor opens a few times
 * a day.
 *
 * Version 4 (compliance rule sets, issue 6; lib/db/rule-sets.ts): a few
 * dozen rows at most, each wrapping a whole rule set, read whole by the
 * sidebar to compile the matcher:
 * - ruleSets.updatedAt: "changed since" only.
 *
 * Version 5 (usage events for the statistics page, issue 5; UsageEvent in
 * records.ts), append-only, a few hundred rows per agent per day:
 * - usageEvents.[kind+createdAt]: the statistics read one kind over a date
 *   range (replies inserted in the last 30 days) as one range; a time range
 *   over all kinds is one range per kind (there are four).
 * - usageEvents.customerId: erasing a customer erases the events that point
 *   at them; sparse, as an insert with no buyer on screen has none.
 * - usageEvents.updatedAt: "changed since", as for the other tables (equal to
 *   createdAt: an event never changes).
 *
 * Version 6 (team sync, issue 7; lib/db/sync-records.ts and lib/db/outbox.ts):
 * - outbox.hlc: local changes waiting for push, pushed oldest first; a
 *   pushed (or finally refused) entry is deleted, so the table stays small.
 * - syncState: one row (id 'state'), read by key only.
 * - syncRecords.conflictAt: the records with conflict copies (sparse: set
 *   only while a record has some), for the list the sync page shows.
 *
 * Version 7 (the library's group order; lib/db/group-order.ts):
 * - groupOrders.updatedAt: "changed since" only; the table holds one or two
 *   rows, read by key.
 * - replies.[group+sortKey]: a group's replies in manual order, as one range.
 *   A new reply's place at the end of its group, a duplicate's place after
 *   its source and a drop between two replies each read every reply of the
 *   library before (20,000 rows to place one).
 *
 * Version 8 (staged notes of a first sync; lib/db/note-packs.ts): a new
 * device stores the team's notes a customer at a time, one row per customer
 * and snapshot page, and the background expands them into note rows:
 * - notePacks.customerId: a customer's staged notes, read beside their note
 *   rows by the timeline and export, and erased with them. The table is
 *   empty once the background is done.
 *
 * Version 9 (staged sync metadata of a first sync; lib/db/meta-packs.ts): a
 * new device stores what sync knows of each team reply as one row per
 * snapshot page, and the background expands them into syncRecords rows:
 * - metaPacks: keyed by the greatest meta id a pack holds, so the one pack
 *   that may hold an id is the first at or after it; no other index. The
 *   table is empty once the background is done.
 */

export const DB_NAME = 'kefu';

export class KefuDatabase extends Dexie {
  replies!: EntityTable<Reply, 'id'>;
  /** Live customers and erased ones' tombstones (a union EntityTable cannot express). */
  customers!: Table<CustomerRow, string, CustomerRow>;
  notes!: EntityTable<StoredNote, 'id'>;
  followUps!: EntityTable<FollowUp, 'id'>;
  checklistTemplates!: EntityTable<ChecklistTemplate, 'id'>;
  cases!: EntityTable<ComplaintCase, 'id'>;
  /** Append-only: rows are added, never changed; removed only with their customer. */
  caseEvents!: Table<StoredCaseEvent, string, StoredCaseEvent>;
  ruleSets!: EntityTable<StoredRuleSet, 'id'>;
  groupOrders!: EntityTable<GroupOrder, 'id'>;
  /** Append-only: rows are added, never changed; removed only with their customer. */
  usageEvents!: Table<UsageEvent, string, UsageEvent>;
  outbox!: EntityTable<OutboxEntry, 'id'>;
  syncState!: EntityTable<SyncState, 'id'>;
  syncRecords!: EntityTable<SyncRecordMeta, 'id'>;
  /** A first sync's staged notes, until the background expands them (lib/db/note-packs.ts). */
  notePacks!: EntityTable<NotePack, 'id'>;
  /** A first sync's staged sync metadata, until the background expands it (lib/db/meta-packs.ts). */
  metaPacks!: EntityTable<MetaPack, 'id'>;

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores({
      replies: 'id, code, updatedAt',
    });
    this.version(2).stores({
      customers: 'id, [platform+shop+buyerId], lastSeenAt, updatedAt, *terms',
      notes: 'id, [customerId+createdAt], [customerId+pinnedCreatedAt], updatedAt, *terms',
      followUps: 'id, customerId, [status+remindAt], updatedAt',
    });
    this.version(3).stores({
      checklistTemplates: 'id, updatedAt',
      cases: 'id, customerId, nextDueAt, createdAt, updatedAt',
      caseEvents: 'id, [caseId+createdAt], updatedAt',
    });
    this.version(4).stores({
      ruleSets: 'id, updatedAt',
    });
    this.version(5).stores({
      usageEvents: 'id, [kind+createdAt], customerId, updatedAt',
    });
    this.version(6).stores({
      outbox: 'id, hlc',
      syncState: 'id',
      syncRecords: 'id, conflictAt',
    });
    this.version(7).stores({
      replies: 'id, code, updatedAt, [group+sortKey]',
      groupOrders: 'id, updatedAt',
    });
    this.version(8).stores({
      notePacks: 'id, customerId',
    });
    this.version(9).stores({
      metaPacks: 'id',
    });
    // Queues every local change for team sync, in the change's own transaction.
    this.use(outboxMiddleware);
  }
}

let shared: KefuDatabase | undefined;

/** The one database instance of this extension context. */
export function getDb(): KefuDatabase {
  shared ??= new KefuDatabase();
  return shared;
}
