import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreTable, type DBCoreTransaction, type Middleware } from 'dexie';
import { AppError } from '../errors';
import { encodeHlc, tickHlc } from '../sync/hlc';
import { fieldStrategy } from '../sync/merge';
import { SUPERVISOR_KINDS } from '../sync/protocol';
import { OWN_GROUP_ORDER_ID } from './group-order';
import { newId } from './ids';
import { anyStagedMetaCore, stagedMetaCore, type MetaPack } from './meta-packs';
import { stagedWithoutRow } from './note-packs';
import {
  INITIAL_SYNC_STATE,
  isSyncedTable,
  metaId,
  ROW_KEYS,
  SYNCED_TABLES,
  type OutboxEntry,
  type SyncedTable,
  type SyncRecordMeta,
  type SyncState,
} from './sync-records';

/**
 * The outbox, written in the same transaction as every change to a synced
 * table, without touching the repositories: a Dexie DBCore middleware
 * (https://dexie.org/docs/Dexie/Dexie.use()). For read-write transactions over
 * a synced table it widens the transaction to the sync tables, and after each
 * successful add/put it compares the rows before and after and queues one
 * mutation per change (put of the changed synced fields, delete, restore,
 * erase), stamped by the device's hybrid logical clock.
 *
 * - With sync off (the default: not signed in) nothing is queued; signing in
 *   queues every record once (queueEverything).
 * - Writes the sync engine applies from the server run inside
 *   applyingRemote(): the middleware lets them through unqueued, so a pulled
 *   change is never pushed back.
 * - An agent cannot change what the supervisor keeps for the team (the team
 *   reply library, checklist templates, rule sets pulled from the server):
 *   such a write is refused before anything is written (AppError 'read-only').
 *   Usage counters are device-local and still count. An agent's own templates
 *   and rule sets, and their group order before the team has one, stay on the
 *   device and are not queued (the server would refuse them). An agent's own
 *   order beside the team's (OWN_GROUP_ORDER_ID) is never queued, whoever is
 *   signed in.
 * - Hard deletes are not queued: records are tombstoned, and rows are only
 *   removed for good when their customer is erased, which the customer's own
 *   `erase` mutation carries to the server.
 */

/** The tables of the session with the team server (metaPacks: lib/db/meta-packs.ts; absent below schema version 9). */
export const SYNC_TABLES = ['outbox', 'syncState', 'syncRecords', 'metaPacks'] as const;

/** IndexedDB transactions that carry changes pulled from the server. */
const remoteTransactions = new WeakSet<object>();

/**
 * Runs `fn` in a read-write transaction over `tables` whose writes are not
 * queued for push (they came from the server).
 */
export async function applyingRemote<T>(db: Dexie, tables: readonly string[], fn: () => Promise<T>): Promise<T> {
  // A database without the sync tables (one opened at an older schema) has nothing to leave unqueued.
  const syncTables = SYNC_TABLES.filter((name) => db.tables.some((t) => t.name === name));
  return db.transaction('rw', [...new Set([...tables, ...syncTables])], async (tx) => {
    remoteTransactions.add(tx.idbtrans);
    return fn();
  });
}

interface Change {
  op: OutboxEntry['op'];
  fields?: Record<string, unknown>;
  unset?: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

type Row = Record<string, unknown>;

/** The changes between a row before and after a write, in the order they are pushed. */
export function diffRow(table: SyncedTable, before: Row | undefined, after: Row): Change[] {
  if (table === 'customers' && after.erased === true) return before?.erased === true ? [] : [{ op: 'erase' }];
  if (table === 'caseEvents') {
    if (before) return [];
    const fields: Row = {};
    for (const [k, v] of Object.entries(after)) if (!ROW_KEYS.has(k) && v !== undefined) fields[k] = v;
    return [{ op: 'put', fields }];
  }
  const changes: Change[] = [];
  const fields: Row = {};
  const unset: string[] = [];
  for (const name of SYNCED_TABLES[table].fields ?? []) {
    const value = after[name];
    // An optional field cleared: sent as `unset`, so the other devices clear it too.
    if (value === undefined) {
      if (before?.[name] !== undefined) unset.push(name);
      continue;
    }
    if (!before || !same(before[name], value)) fields[name] = value;
  }
  if (Object.keys(fields).length || unset.length) changes.push({ op: 'put', ...(Object.keys(fields).length ? { fields } : {}), ...(unset.length ? { unset } : {}) });
  const wasDeleted = before?.deletedAt !== undefined;
  const isDeleted = after.deletedAt !== undefined;
  if (isDeleted && !wasDeleted) changes.push({ op: 'delete' });
  if (!isDeleted && wasDeleted) changes.push({ op: 'restore' });
  return changes;
}

interface Queue {
  state: SyncState;
  entries: OutboxEntry[];
  metas: Map<string, SyncRecordMeta>;
  /** Whether a first sync's staged metadata waits (lib/db/meta-packs.ts): asked once per queue, when a reply has no meta row. */
  staged?: boolean;
}

/**
 * The staged meta of a record with no meta row. Only replies' metadata is
 * ever staged, and only until the background expands it: whether any is
 * staged at all is asked once per queue, so a write of many rows does not
 * look up a pack for each.
 */
async function stagedMetaOf(down: DBCore, trans: DBCoreTransaction, q: { staged?: boolean }, kind: string, key: string): Promise<SyncRecordMeta | undefined> {
  if (kind !== 'reply') return undefined;
  q.staged ??= await anyStagedMetaCore(down, trans);
  return q.staged ? stagedMetaCore(down, trans, key) : undefined;
}

/**
 * Turns the changes of one row into outbox entries: ticks the clock, names
 * the record's customer and (replies) library, and for reply texts the
 * versions the edit was made over.
 * `editedAt`: a record written earlier, queued now (sign-in, after a
 * restore): its changes are stamped with the time it was last changed, not
 * now, so an edit the team made since still wins over this older copy. Such
 * stamps are unique per record (the counter numbers its changes), which is
 * all the merge rules need; the device's clock is not moved back.
 */
async function queueRow(
  down: DBCore,
  trans: DBCoreTransaction,
  q: Queue,
  table: SyncedTable,
  before: Row | undefined,
  after: Row,
  now: number,
  editedAt?: number,
): Promise<void> {
  const changes = diffRow(table, before, after);
  if (!changes.length) return;
  const kind = SYNCED_TABLES[table].kind;
  // An agent's own templates and rule sets stay local: only a supervisor writes the team's.
  if (SUPERVISOR_KINDS.has(kind) && q.state.role !== 'supervisor') return;
  // An agent's own group order never leaves the device, whoever is signed in now (lib/db/group-order.ts).
  if (kind === 'group-order' && after.id === OWN_GROUP_ORDER_ID) return;
  const recordId = String(after.id);
  const key = metaId(kind, recordId);
  // A first sync's staged copy (lib/db/meta-packs.ts) when the record has no row yet.
  let meta = q.metas.get(key) ?? ((await down.table('syncRecords').get({ trans, key })) as SyncRecordMeta | undefined) ?? (await stagedMetaOf(down, trans, q, kind, key));
  meta ??= { id: key, kind, recordId, scope: kind === 'reply' && q.state.role !== 'supervisor' ? 'personal' : 'team', heads: {}, conflicts: {} };
  let customerId: string | undefined;
  if (kind === 'note' || kind === 'follow-up' || kind === 'case') customerId = String(after.customerId);
  if (kind === 'case-event') {
    const owner = (await down.table('cases').get({ trans, key: after.caseId })) as { customerId?: string } | undefined;
    if (!owner?.customerId) return; // an event without its case cannot be pushed; the case write carries it
    customerId = owner.customerId;
  }
  for (const [i, change] of changes.entries()) {
    let hlc: string;
    if (editedAt !== undefined) hlc = encodeHlc({ wall: editedAt, counter: i, node: q.state.deviceId! });
    else {
      const ticked = tickHlc({ wall: q.state.hlcWall, counter: q.state.hlcCounter, node: q.state.deviceId! }, now);
      hlc = ticked.hlc;
      q.state = { ...q.state, hlcWall: ticked.state.wall, hlcCounter: ticked.state.counter };
    }
    const entry: OutboxEntry = { id: newId(), hlc, table, kind, recordId, op: change.op, attempts: 0 };
    if (kind === 'reply') entry.scope = meta.scope;
    if (customerId) entry.customerId = customerId;
    if (change.fields || change.unset) {
      if (change.fields) entry.fields = change.fields;
      if (change.unset) entry.unset = change.unset;
      const base: Record<string, string[]> = {};
      const heads: Record<string, string[]> = { ...meta.heads };
      for (const name of [...Object.keys(change.fields ?? {}), ...(change.unset ?? [])]) {
        if (fieldStrategy(kind, name) === 'keep-conflicts') {
          base[name] = (meta.heads[name] ?? []).slice(-20);
          heads[name] = [hlc];
        } else heads[name] = [hlc];
      }
      if (Object.keys(base).length) entry.base = base;
      // An edit made over the conflict copies it was shown replaces them.
      const conflicts: SyncRecordMeta['conflicts'] = Object.fromEntries(Object.entries(meta.conflicts).filter(([name]) => !(name in base)));
      meta = { ...meta, heads, conflicts };
      if (Object.keys(conflicts).length === 0) delete meta.conflictAt;
    }
    q.entries.push(entry);
  }
  q.metas.set(key, meta);
}

/** The i18n key (error.*) that says why an agent cannot change a team record of this kind. */
const READ_ONLY_KEY = {
  reply: 'team-reply-read-only',
  'checklist-template': 'team-template-read-only',
  'rule-set': 'team-rules-read-only',
  'group-order': 'team-group-order-read-only',
} as const;

/**
 * Refuses an agent's change to a team record (the team library's replies,
 * and templates and rule sets that came from the server) before it is
 * written, so the transaction writes nothing. A change only to device-local
 * fields (a reply's usage counter) goes through.
 */
async function assertWritable(down: DBCore, trans: DBCoreTransaction, state: SyncState, table: SyncedTable, before: readonly (Row | undefined)[], after: readonly Row[]): Promise<void> {
  if (state.role === 'supervisor') return;
  const kind = SYNCED_TABLES[table].kind;
  if (kind !== 'reply' && !SUPERVISOR_KINDS.has(kind)) return;
  const candidates = after.map((row, i) => ({ row, before: before[i] })).filter((x) => x.before !== undefined);
  if (!candidates.length) return;
  const keys = candidates.map((x) => metaId(kind, String(x.row.id)));
  const metas = (await down.table('syncRecords').getMany({ trans, keys })) as (SyncRecordMeta | undefined)[];
  const staged = {};
  for (const [i, meta] of metas.entries()) if (!meta) metas[i] = await stagedMetaOf(down, trans, staged, kind, keys[i]!);
  candidates.forEach(({ row, before: old }, i) => {
    const meta = metas[i];
    if (!meta || (kind === 'reply' && meta.scope !== 'team')) return;
    if (!diffRow(table, old, row).length) return;
    const key = READ_ONLY_KEY[kind as keyof typeof READ_ONLY_KEY];
    throw new AppError('read-only', `The ${kind} ${String(row.id)} belongs to the team: only a supervisor changes it`, { form: key });
  });
}

function keysOf(table: DBCoreTable, req: DBCoreMutateRequest & { type: 'add' | 'put' }): unknown[] {
  const extract = table.schema.primaryKey.extractKey;
  return req.values.map((v: unknown, i): unknown => (req.keys?.[i] as unknown) ?? (extract?.(v) as unknown));
}

export const outboxMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'outbox',
  create(down) {
    return {
      ...down,
      transaction(stores, mode, options) {
        const widen = mode === 'readwrite' && stores.some(isSyncedTable) && down.schema.tables.some((t) => t.name === 'outbox');
        if (!widen) return down.transaction(stores, mode, options);
        const present = SYNC_TABLES.filter((t) => down.schema.tables.some((x) => x.name === t));
        const extra = [...present, ...(stores.includes('caseEvents') ? ['cases'] : [])];
        return down.transaction([...new Set([...stores, ...extra])], mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (!isSyncedTable(name)) return table;
        return {
          ...table,
          async mutate(req) {
            if ((req.type !== 'add' && req.type !== 'put') || remoteTransactions.has(req.trans)) return table.mutate(req);
            const state = ((await down.table('syncState').get({ trans: req.trans, key: 'state' })) as SyncState | undefined) ?? INITIAL_SYNC_STATE;
            if (!state.enabled || !state.deviceId) return table.mutate(req);
            const keys = keysOf(table, req);
            const before = (await table.getMany({ trans: req.trans, keys })) as (Row | undefined)[];
            await assertWritable(down, req.trans, state, name, before, req.values as Row[]);
            const res = await table.mutate(req);
            const q: Queue = { state, entries: [], metas: new Map() };
            const now = Date.now();
            for (let i = 0; i < req.values.length; i++) {
              if (res.failures[i]) continue;
              await queueRow(down, req.trans, q, name, before[i], req.values[i] as Row, now);
            }
            await flush(down, req.trans, q);
            return res;
          },
        };
      },
    };
  },
};

async function flush(down: DBCore, trans: DBCoreTransaction, q: Queue): Promise<void> {
  if (!q.entries.length) return;
  await down.table('outbox').mutate({ type: 'add', trans, values: q.entries });
  await down.table('syncRecords').mutate({ type: 'put', trans, values: [...q.metas.values()] });
  await down.table('syncState').mutate({ type: 'put', trans, values: [q.state] });
}

/**
 * Queues every record of every synced table as it is now, in one
 * transaction: what was written before signing in goes to the team server.
 * Customers, templates and cases go before what hangs off them.
 * `onlyUnsynced`: only records the server has never seen (no sync data
 * here after a complete pull), as after a restore (SyncState.rescan).
 */
export async function queueEverything(db: Dexie, opts: { onlyUnsynced?: boolean } = {}): Promise<number> {
  const tables = Object.keys(SYNCED_TABLES) as SyncedTable[];
  // A first sync's staged notes are notes too (lib/db/note-packs.ts).
  const packs = db.tables.some((t) => t.name === 'notePacks') ? ['notePacks'] : [];
  const syncTables = SYNC_TABLES.filter((name) => db.tables.some((t) => t.name === name));
  return db.transaction('rw', [...tables, ...syncTables, ...packs], async (tx) => {
    const trans = tx.idbtrans as DBCoreTransaction;
    const down = db.core;
    const state = ((await db.table('syncState').get('state')) as SyncState | undefined) ?? INITIAL_SYNC_STATE;
    if (!state.enabled || !state.deviceId) return 0;
    const q: Queue = { state, entries: [], metas: new Map() };
    const now = Date.now();
    // Records with sync data were pulled from (or pushed to) the server: it has them.
    const known = opts.onlyUnsynced ? new Set((await db.table('syncRecords').toCollection().primaryKeys()) as string[]) : undefined;
    // So were those whose sync data is still staged (lib/db/meta-packs.ts).
    if (known && syncTables.includes('metaPacks')) for (const p of (await db.table('metaPacks').toArray()) as MetaPack[]) for (const m of p.metas) known.add(m.id);
    for (const table of tables) {
      const kind = SYNCED_TABLES[table].kind;
      const rows = (await db.table(table).toArray()) as Row[];
      if (table === 'notes' && packs.length) rows.push(...stagedWithoutRow(rows, (await db.table('notePacks').toArray()) as { notes: (Row & { id: string })[] }[]));
      for (const row of rows) {
        if (known?.has(metaId(kind, String(row.id)))) continue;
        const changedAt = Number(row.updatedAt ?? row.createdAt);
        await queueRow(down, trans, q, table, undefined, row, now, Number.isSafeInteger(changedAt) && changedAt > 0 ? Math.min(changedAt, now) : now);
      }
    }
    await flush(down, trans, q);
    return q.entries.length;
  });
}
