import * as z from 'zod';
import { Hlc } from '../sync/hlc';
import {
  CaseFields,
  ChecklistTemplateFields,
  CustomerFields,
  FollowUpFields,
  GroupOrderFields,
  NoteFields,
  RecordKind,
  ReplyFields,
  RuleSetFields,
  Scope,
} from '../sync/protocol';

/**
 * The sync engine's own tables (schema version 6, issue 7): the outbox of
 * local changes not yet pushed, the sync state (cursor, device, status, last
 * error, the device's hybrid logical clock), and per synced record what the
 * merge rules need on this device (the stamps the next edit is made over, and
 * conflict copies kept from a concurrent edit that lost).
 */

/** Which table holds which kind of record, and the record fields that are synced. */
export const SYNCED_TABLES = {
  replies: { kind: 'reply', fields: Object.keys(ReplyFields.shape) },
  customers: { kind: 'customer', fields: Object.keys(CustomerFields.shape) },
  notes: { kind: 'note', fields: Object.keys(NoteFields.shape) },
  followUps: { kind: 'follow-up', fields: Object.keys(FollowUpFields.shape) },
  checklistTemplates: { kind: 'checklist-template', fields: Object.keys(ChecklistTemplateFields.shape) },
  cases: { kind: 'case', fields: Object.keys(CaseFields.shape) },
  // A case event is written whole, once: every field but the sync ones.
  caseEvents: { kind: 'case-event', fields: null },
  ruleSets: { kind: 'rule-set', fields: Object.keys(RuleSetFields.shape) },
  groupOrders: { kind: 'group-order', fields: Object.keys(GroupOrderFields.shape) },
} as const satisfies Record<string, { kind: RecordKind; fields: readonly string[] | null }>;
export type SyncedTable = keyof typeof SYNCED_TABLES;

export const TABLE_OF_KIND = Object.fromEntries(Object.entries(SYNCED_TABLES).map(([table, { kind }]) => [kind, table])) as Record<RecordKind, SyncedTable>;

export function isSyncedTable(name: string): name is SyncedTable {
  return Object.hasOwn(SYNCED_TABLES, name);
}

/** Fields every row has that the server keeps itself (or that are the row's key). */
export const ROW_KEYS: ReadonlySet<string> = new Set(['id', 'createdAt', 'updatedAt', 'deletedAt', 'author']);

/** One local change waiting to be pushed: a protocol mutation plus where it came from. */
export const OutboxEntry = z.object({
  /** The mutation id: generated once, so a push retried after a lost answer is applied once. */
  id: z.string().min(8),
  /** The change's stamp; push order. */
  hlc: Hlc,
  table: z.string(),
  kind: RecordKind,
  recordId: z.string().min(1),
  op: z.enum(['put', 'delete', 'restore', 'erase']),
  scope: Scope.optional(),
  customerId: z.string().optional(),
  /** put: the changed fields with their values at the time of the write. */
  fields: z.record(z.string(), z.unknown()).optional(),
  /** put: the optional fields this change cleared. */
  unset: z.array(z.string()).optional(),
  /** Reply texts: the stamps of the versions this edit was made over. */
  base: z.record(z.string(), z.array(Hlc)).optional(),
  /** Push attempts that failed in transport (not counting rejections, which are final). */
  attempts: z.number().int().nonnegative(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const SyncStatus = z.enum(['off', 'idle', 'syncing', 'offline', 'error']);
export type SyncStatus = z.infer<typeof SyncStatus>;

/** A mutation the server refused for good (no retry): shown to the user with the record. */
export const Rejection = z.object({ mutationId: z.string(), kind: RecordKind, recordId: z.string(), code: z.string(), message: z.string(), at: z.number().int() });
export type Rejection = z.infer<typeof Rejection>;

/** The one row of `syncState` (id 'state'). No token here: that stays in browser.storage.local. */
export const SyncState = z.object({
  id: z.literal('state'),
  /** Signed in to a team server: local writes are queued and pushed. */
  enabled: z.boolean(),
  /** This device's id on the server: the node of its clock. */
  deviceId: z.string().optional(),
  /** Who is signed in: a supervisor writes the team library, an agent a personal one. */
  role: z.enum(['supervisor', 'agent']).optional(),
  /** The last change pulled (the team's change counter). */
  cursor: z.number().int().nonnegative(),
  /** The device's hybrid logical clock: last stamp issued or seen. */
  hlcWall: z.number().int().nonnegative(),
  hlcCounter: z.number().int().nonnegative(),
  status: SyncStatus,
  lastError: z.object({ code: z.string(), message: z.string(), at: z.number().int() }).optional(),
  lastSyncAt: z.number().int().optional(),
  /** Transport failures in a row; the backoff grows with it. */
  failures: z.number().int().nonnegative(),
  /** Recent refusals, newest first (at most 20). */
  rejections: z.array(Rejection),
  /**
   * Set when this device's records were replaced (a backup restored while
   * signed in): after the next complete pull, records the server has never
   * seen are queued as new (queueUnsynced).
   */
  rescan: z.boolean().optional(),
  /**
   * Set when notes may be stored without their search tokens (a catch-up
   * stores pulled notes unindexed; a backup may hold some): the background
   * indexer (lib/db/note-index.ts) fills them in, then clears it. Until then
   * a search by note text may miss some notes. Device-local, like the rest
   * of this row.
   */
  notesUnindexed: z.boolean().optional(),
  /**
   * The indexer's resume point: the last note id it has walked past (notes
   * walked in primary-key order). Reset whenever more unindexed notes are
   * stored (markNotesUnindexed), so the walk starts over and sees them.
   */
  noteIndexFrom: z.string().optional(),
  /**
   * How far the indexer's walk is: notes walked past, of the notes there were
   * when it started (counted once per walk). Kept here so that the progress
   * shown while an agent searches reads this row, not two counts of every note
   * at each chunk. Reset with noteIndexFrom.
   */
  noteIndexWalk: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).optional(),
  /**
   * Set while a first sync's notes wait in packs (lib/db/note-packs.ts) for
   * the background to expand them into rows with their search tokens: how
   * many it has expanded, of how many were staged, and the last pack id it
   * expanded: the next chunk reads the packs above it, not from the start
   * over the ones just deleted (which IndexedDB's LevelDB still has to skip
   * until it compacts them). Staging more packs resets it. Cleared when no
   * pack is left. Until then a search by note text may miss those notes.
   */
  stagedNotes: z
    .object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative(), from: z.string().optional() })
    .optional(),
  /**
   * Set while customers a first sync stored without their search tokens
   * wait for the background (lib/db/customer-index.ts): `from` is its resume
   * point, the last customer id it walked past. Whoever stores more such
   * customers sets it anew without `from` (markCustomersUnindexed), so the walk
   * starts over and sees them. Cleared by a walk that reached the end.
   * Meanwhile customer search also reads those rows directly.
   */
  customersUnindexed: z.object({ from: z.string().optional() }).optional(),
  /**
   * A pull of many pages under way (a new device, a week offline): the
   * cursor it started from and the team's counter it runs to. The status
   * shows how far the cursor has come; cleared when the pull ends or fails.
   */
  catchUp: z.object({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() }).optional(),
  /**
   * A new device's first sync under way (GET /v1/sync/snapshot): the team's
   * counter it reads the records at, where the last stored page ended, and
   * how many of the snapshot's records are stored. Stored with each page, so
   * a stopped first sync resumes after the last page stored; the last page
   * sets the cursor to `top` and clears this, and the pull from there follows.
   */
  snapshot: z
    .object({ top: z.number().int().nonnegative(), next: z.string(), done: z.number().int().nonnegative(), total: z.number().int().nonnegative() })
    .optional(),
});
export type SyncState = z.infer<typeof SyncState>;

export const INITIAL_SYNC_STATE: SyncState = {
  id: 'state',
  enabled: false,
  cursor: 0,
  hlcWall: 0,
  hlcCounter: 0,
  status: 'off',
  failures: 0,
  rejections: [],
};

/**
 * `state` for a write that stores notes without `terms`
 * (toStoredNote(note, { deferTerms: true })), to be put in the same
 * transaction as those notes: flagged, and the indexer's resume point reset,
 * so notes stored behind it are not skipped and an indexer walking at the
 * time learns it is not done.
 */
export function markNotesUnindexed(state: SyncState): SyncState {
  return { ...state, notesUnindexed: true, noteIndexFrom: undefined, noteIndexWalk: undefined };
}

/** `state` for a write that stores customers without `terms`, in the same transaction: the walk starts over. */
export function markCustomersUnindexed(state: SyncState): SyncState {
  return { ...state, customersUnindexed: {} };
}

export const ConflictCopy = z.object({ value: z.unknown(), hlc: Hlc, author: z.string() });
export type ConflictCopy = z.infer<typeof ConflictCopy>;

/** What sync knows of one record on this device; id is `${kind}:${recordId}`. */
export const SyncRecordMeta = z.object({
  id: z.string(),
  kind: RecordKind,
  recordId: z.string(),
  scope: Scope,
  /** Per field: the stamps of the versions shown; the next edit names them as its base. */
  heads: z.record(z.string(), z.array(Hlc)),
  /** Reply texts: concurrent versions that lost, kept for the user to see and resolve. */
  conflicts: z.record(z.string(), z.array(ConflictCopy)),
  /** Set (to the record's updatedAt) only while there are conflict copies: a sparse index of them. */
  conflictAt: z.number().int().optional(),
});
export type SyncRecordMeta = z.infer<typeof SyncRecordMeta>;

export const metaId = (kind: RecordKind, recordId: string) => `${kind}:${recordId}`;
