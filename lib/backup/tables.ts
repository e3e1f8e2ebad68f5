import * as z from 'zod';
import { RuleSet } from '../compliance/rules';
import { ChecklistTemplate, ComplaintCase, StoredCaseEvent } from '../db/complaint-records';
import { CustomerTombstone, FollowUp, GroupOrder, Reply, StoredCustomer, StoredNote, UsageEvent } from '../db/records';
import { MetaPack } from '../db/meta-packs';
import { NotePack } from '../db/note-packs';
import { StoredRuleSetMeta } from '../db/rule-sets';
import { OutboxEntry, SyncRecordMeta, SyncState } from '../db/sync-records';

/**
 * What a backup knows about each table of KefuDatabase: the zod schema of a
 * stored row (derived index fields included, since a restore writes rows as
 * they were stored) and the schema version that added the table.
 *
 * The backup itself iterates `db.tables`, so a table added in a later schema
 * version is backed up even before it is listed here; restoring it needs its
 * row schema here (tables.test.ts fails, saying so, for a table left out).
 * `since` lets a file from an older schema version lack the newer tables:
 * they come out of the restore empty.
 *
 * `migrate` turns a row written under an older schema version into the
 * current shape before it is validated. No table has needed one yet: every
 * version so far only added tables.
 */
export interface BackupTable {
  schema: z.core.$ZodType;
  since: number;
  migrate?: (row: unknown, fromSchemaVersion: number) => unknown;
}

export const BACKUP_TABLES: Readonly<Record<string, BackupTable>> = {
  replies: { schema: Reply, since: 1 },
  // Live customers and erased ones' tombstones (which have none of the live fields).
  customers: { schema: z.union([StoredCustomer, CustomerTombstone]), since: 2 },
  notes: { schema: StoredNote, since: 2 },
  followUps: { schema: FollowUp, since: 2 },
  checklistTemplates: { schema: ChecklistTemplate, since: 3 },
  cases: { schema: ComplaintCase, since: 3 },
  caseEvents: { schema: StoredCaseEvent, since: 3 },
  ruleSets: { schema: StoredRuleSetMeta.extend({ ruleSet: RuleSet }), since: 4 },
  usageEvents: { schema: UsageEvent, since: 5 },
  // Team sync's bookkeeping (changes waiting for push, the pull cursor, field
  // versions and conflict copies): a restore puts the database back whole, so
  // it comes back in step with the records it describes.
  outbox: { schema: OutboxEntry, since: 6 },
  syncState: { schema: SyncState, since: 6 },
  syncRecords: { schema: SyncRecordMeta, since: 6 },
  groupOrders: { schema: GroupOrder, since: 7 },
  // A first sync's notes not yet expanded into rows: restored as they were, for the indexer to expand.
  notePacks: { schema: NotePack, since: 8 },
  // A first sync's sync metadata not yet expanded into syncRecords rows: session data, as syncRecords is.
  metaPacks: { schema: MetaPack, since: 9 },
};

/**
 * A table in the database that is not listed above: backed up, and on restore
 * each row need only be an object with a string id, because nothing more is
 * known about it, not even since when it exists (so a file may lack it). The
 * convention test keeps such tables out of main.
 */
export const UNLISTED_TABLE: BackupTable = { schema: z.looseObject({ id: z.string().min(1) }), since: Number.POSITIVE_INFINITY };

export function backupTable(name: string): BackupTable {
  return BACKUP_TABLES[name] ?? UNLISTED_TABLE;
}
