import * as z from 'zod';
import { RuleSet } from '../../compliance/rules';
import { ChecklistTemplate, ComplaintCase, StoredCaseEvent } from '../../db/complaint-records';
import type { KefuDatabase } from '../../db/database';
import { applyingRemote, queueEverything } from '../../db/outbox';
import { Customer, CustomerTombstone, FollowUp, GroupOrder, Note, Reply, type StoredNote } from '../../db/records';
import { StoredRuleSetMeta } from '../../db/rule-sets';
import { customerTerms } from '../../db/search-terms';
import { markCustomersUnindexed, markNotesUnindexed, metaId, SYNCED_TABLES, TABLE_OF_KIND, type OutboxEntry, type Rejection, type SyncedTable, type SyncRecordMeta, type SyncState } from '../../db/sync-records';
import { addRejections, getSyncState, updateSyncState } from '../../db/sync-state';
import { toStoredNote } from '../../db/notes';
import { allStagedMetas, deleteStagedMeta, readMetas, stageable, stagedMeta, stageMetas } from '../../db/meta-packs';
import { deleteStagedNotesOf, markNotesStaged, packNotes, stagedNoteIds } from '../../db/note-packs';
import { hlcWall, receiveHlc } from '../hlc';
import { fromSnapshot, materialize, type MaterializedRecord } from '../merge';
import { HEAD_KINDS, LIMITS, Mutation, type Change, type MutationInput, type RecordKind } from '../protocol';
import { log } from '../../log';
import { api, SyncHttpError, type Connection } from './api';

/**
 * The extension's sync engine: push the outbox, pull the team's changes
 * after the cursor and store them through the merge rules. Run by the
 * background (lib/background/sync.ts), one run at a time; every step is safe
 * to repeat (mutation ids make a retried push apply once; a page of changes
 * and the cursor after it are stored in one transaction).
 */

export interface EngineOptions {
  db: KefuDatabase;
  conn: Connection;
  now?: () => number;
  /** Waits between push retries of one run; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  pullLimit?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Changes per pull: twice the server's default, so half the requests and transactions (a page of long replies stays around 10 MB). */
const PULL_PAGE = Math.min(LIMITS.pullPageMax, 2 * LIMITS.pullPageDefault);
/** Push tries within one run before the run gives up (the alarm tries again later). */
const PUSH_TRIES = 3;

function toMutation(e: OutboxEntry): MutationInput {
  const m: MutationInput = { id: e.id, kind: e.kind, recordId: e.recordId, op: e.op, hlc: e.hlc };
  if (e.scope) m.scope = e.scope;
  if (e.customerId) m.customerId = e.customerId;
  if (e.fields) m.fields = e.fields;
  if (e.unset?.length) m.unset = e.unset;
  if (e.base) m.base = e.base;
  return m;
}

function rejection(e: OutboxEntry, code: string, message: string, at: number): Rejection {
  return { mutationId: e.id, kind: e.kind, recordId: e.recordId, code, message, at };
}

/**
 * Pushes the outbox oldest first, in batches. Applied and duplicate (pushed
 * before, the answer lost) entries leave the outbox; rejected ones too, and
 * are recorded (final: the server will never take them). A transport failure
 * is retried with backoff, then thrown; the entries stay for the next run.
 */
export async function pushOutbox(opts: EngineOptions): Promise<{ pushed: number; rejected: number }> {
  const { db, conn } = opts;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  let pushed = 0;
  let rejected = 0;
  for (;;) {
    const batch = await db.outbox.orderBy('hlc').limit(LIMITS.mutationsPerPush).toArray();
    if (!batch.length) return { pushed, rejected };
    // A mutation the protocol refuses would refuse the whole push: drop it here, with the reason.
    const invalid: Rejection[] = [];
    const valid: OutboxEntry[] = [];
    for (const e of batch) {
      const parsed = Mutation.safeParse(toMutation(e));
      if (parsed.success) valid.push(e);
      else invalid.push(rejection(e, 'invalid', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), now()));
    }
    let results: { id: string; status: string; error?: { code: string; message: string } }[] = [];
    if (valid.length) {
      for (let attempt = 1; ; attempt++) {
        try {
          results = (await api.push(conn, valid.map(toMutation))).results;
          break;
        } catch (err) {
          if (err instanceof SyncHttpError && err.status === 400 && err.code === 'validation') {
            // The server's schema differs from ours for some entries: they can never go; the rest can.
            const bad = new Set(err.issues.map((i) => Number(/^mutations\.(\d+)/.exec(i.path)?.[1])).filter((n) => Number.isInteger(n)));
            if (!bad.size) throw err;
            results = [...bad].map((i) => ({ id: valid[i]!.id, status: 'rejected', error: { code: 'invalid', message: err.message } }));
            break;
          }
          if (!(err instanceof SyncHttpError) || !err.transient || attempt >= PUSH_TRIES) throw err;
          await sleep(500 * 2 ** (attempt - 1));
        }
      }
    }
    const byId = new Map(valid.map((e) => [e.id, e]));
    const done = [...invalid.map((r) => r.mutationId)];
    const refused = [...invalid];
    for (const r of results) {
      const e = byId.get(r.id);
      if (!e) continue;
      done.push(r.id);
      if (r.status === 'rejected') refused.push(rejection(e, r.error?.code ?? 'rejected', r.error?.message ?? 'The server refused this change', now()));
      else pushed++;
    }
    rejected += refused.length;
    await db.transaction('rw', db.outbox, db.syncState, async () => {
      await db.outbox.bulkDelete(done);
      if (refused.length) await updateSyncState(db, (s) => ({ rejections: addRejections(s, refused) }));
    });
    if (!done.length) throw new SyncHttpError(500, 'push-stuck', 'The sync server answered the push without a result for any change');
  }
}

type Row = Record<string, unknown>;

/**
 * `o` without its undefined fields. A loop, not entries/filter/fromEntries:
 * it runs for every record of a first sync (123,000 in the sync bench), where
 * the three arrays per record were 0.45 s of the service worker's time.
 */
const dropUndefined = (o: Row): Row => {
  const out: Row = {};
  for (const key in o) {
    const value = o[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
};
const StoredRuleSet = StoredRuleSetMeta.extend({ ruleSet: RuleSet });

/** What local changes still wait for push, per record: their fields keep the local value over a pulled one. */
interface Pending {
  fields: Set<string>;
  tombstone: boolean;
}

/**
 * The row a pulled record becomes on this device: the merged values, the
 * sync fields, and what stays local (usage counters, search tokens, a note's
 * history rebuilt from the versions of its text). Fields with a local change
 * not pushed yet keep the local value. Validated with the table's schema.
 */
export function rowFromServer(
  table: SyncedTable,
  m: MaterializedRecord,
  existing: Row | undefined,
  pending: Pending | undefined,
  opts: { deferNoteTerms?: boolean; deferCustomerTerms?: boolean } = {},
): z.ZodSafeParseResult<Row> {
  const values: Row = { ...m.values };
  for (const name of pending?.fields ?? []) {
    if (!existing) continue;
    if (existing[name] === undefined) delete values[name]; // cleared here, not pushed yet
    else values[name] = existing[name];
  }
  const deletedAt = pending?.tombstone && existing ? existing.deletedAt : m.deletedAt;
  const sync = { id: m.id, createdAt: m.createdAt, updatedAt: Math.max(m.updatedAt, Number(existing?.updatedAt ?? 0)), author: m.author, deletedAt };
  const wrap = <T extends Row>(r: z.ZodSafeParseResult<T>): z.ZodSafeParseResult<Row> => r;
  switch (table) {
    case 'replies':
      return wrap(
        Reply.safeParse(
          dropUndefined({ usageCount: 0, variantCursor: 0, ...(existing ? { usageCount: existing.usageCount, variantCursor: existing.variantCursor, lastUsedAt: existing.lastUsedAt } : {}), ...values, ...sync }),
        ),
      );
    case 'customers': {
      const r = Customer.safeParse(dropUndefined({ ...values, ...sync }));
      if (!r.success) return wrap(r);
      return { success: true, data: opts.deferCustomerTerms ? r.data : { ...r.data, terms: customerTerms(r.data) } };
    }
    case 'notes': {
      const versions = m.history.text ?? [];
      const history = versions.map((v) => ({ text: String(v.value), author: v.author, writtenAt: hlcWall(v.hlc) }));
      const head = m.heads.text?.[0];
      const r = Note.safeParse(dropUndefined({ ...values, ...sync, history, editedAt: history.length && head ? hlcWall(head) : undefined }));
      return r.success ? { success: true, data: toStoredNote(r.data, { deferTerms: opts.deferNoteTerms }) } : wrap(r);
    }
    case 'followUps':
      return wrap(FollowUp.safeParse(dropUndefined({ ...values, ...sync })));
    case 'checklistTemplates':
      return wrap(ChecklistTemplate.safeParse(dropUndefined({ ...values, ...sync })));
    case 'cases':
      return wrap(ComplaintCase.safeParse(dropUndefined({ ...values, ...sync })));
    case 'caseEvents':
      return wrap(StoredCaseEvent.safeParse(dropUndefined({ ...values, id: m.id, createdAt: m.createdAt, updatedAt: m.createdAt, author: m.author })));
    case 'ruleSets':
      return wrap(StoredRuleSet.safeParse(dropUndefined({ ...values, ...sync })));
    case 'groupOrders':
      return wrap(GroupOrder.safeParse(dropUndefined({ ...values, ...sync })));
  }
}

/**
 * The records that may be stored on this device, for a pull of many pages:
 * every primary key of the synced tables when the pull began, and what it
 * stored since. A change whose record is not among them and has no local
 * change waiting is new here, so it is not read first. Records written
 * locally meanwhile are read as usual: every such write queues an outbox
 * entry, and applyChanges reads the outbox in each page's transaction.
 * Reading every record of a page (a request each) was a third of a new
 * device's first sync.
 */
export class KnownRecords {
  private readonly keys = new Map<SyncedTable, Set<string>>();
  private metas = new Set<string>();

  static async load(db: KefuDatabase): Promise<KnownRecords> {
    const known = new KnownRecords();
    for (const table of Object.keys(SYNCED_TABLES) as SyncedTable[]) {
      known.keys.set(table, new Set((await db.table(table).toCollection().primaryKeys()) as string[]));
    }
    known.metas = new Set(await db.syncRecords.toCollection().primaryKeys());
    // And the staged ones (lib/db/meta-packs.ts).
    for (const m of await allStagedMetas(db)) known.metas.add(m.id);
    // A first sync's staged notes are stored too (lib/db/note-packs.ts): a resumed one must not stage them twice.
    const notes = known.keys.get('notes');
    for (const id of await stagedNoteIds(db)) notes?.add(id);
    return known;
  }

  mayExist(table: SyncedTable, id: string): boolean {
    return this.keys.get(table)?.has(id) ?? true;
  }

  mayHaveMeta(key: string): boolean {
    return this.metas.has(key);
  }

  add(table: SyncedTable, id: string, meta?: string): void {
    this.keys.get(table)?.add(id);
    if (meta) this.metas.add(meta);
  }
}

/** One record of a page to store, worked out before the page's transaction (prepareRecords). */
export interface PreparedChange {
  m: MaterializedRecord;
  /** A catch-up's: the row it becomes when nothing of the record is stored here; none for an erase. */
  row?: z.ZodSafeParseResult<Row>;
}

/**
 * Works out a catch-up page's records as they are stored when none of them
 * is here yet (a new device's case): turned into rows and validated, notes
 * without search tokens. Pure, so it runs while the page before is being
 * committed: pullChanges and pullSnapshot overlap this work with
 * IndexedDB's instead of doing one after the other. storeRecords uses a
 * prepared row only for a record it found absent in the page's transaction;
 * any other is worked out again there, against what is stored.
 */
export function prepareRecords(records: readonly MaterializedRecord[], opts: { deferCustomerTerms?: boolean } = {}): PreparedChange[] {
  return records.map((m) => (m.erased ? { m } : { m, row: rowFromServer(TABLE_OF_KIND[m.kind], m, undefined, undefined, { deferNoteTerms: true, ...opts }) }));
}

/** prepareRecords for a page of pulled changes: each merged first. */
export function preparePage(changes: readonly Change[]): PreparedChange[] {
  return prepareRecords(changes.map(materialize));
}

export interface ApplyOptions {
  /**
   * A pull of many pages: skip reading records that cannot be here, and store
   * notes without their search tokens, for the background indexer
   * (lib/db/note-index.ts) to fill in: a note's ~16 index entries made its
   * write three times as long, and a catch-up writes thousands.
   */
  known?: KnownRecords;
  /** preparePage(changes), one entry per change; used with `known` only (a catch-up's rows). */
  prepared?: readonly PreparedChange[];
}

/** Removes a customer and everything about them, leaving the tombstone (as eraseCustomer does locally). */
async function eraseLocally(db: KefuDatabase, m: MaterializedRecord): Promise<void> {
  const id = m.id;
  await db.notes.where('[customerId+createdAt]').between([id, -Infinity], [id, Infinity]).delete();
  await deleteStagedNotesOf(db, id);
  await db.followUps.where('customerId').equals(id).delete();
  const cases = db.cases.where('customerId').equals(id);
  for (const caseId of await cases.primaryKeys()) await db.caseEvents.where('[caseId+createdAt]').between([caseId, -Infinity], [caseId, Infinity]).delete();
  await cases.delete();
  const at = m.deletedAt ?? m.updatedAt;
  await db.customers.put(CustomerTombstone.parse({ id, createdAt: at, updatedAt: at, deletedAt: at, author: m.author, erased: true }));
}

/**
 * Stores one page of pulled changes and the cursor after it, in one
 * transaction that the outbox does not queue. Returns the changes that could
 * not be stored (invalid for this version of the extension), which are
 * skipped so that one bad record does not stop the team's sync.
 *
 * The page's rows and sync metadata are read with one bulkGet per table and
 * written with one bulkPut per table: a request per change and per table
 * (five awaited IndexedDB requests per record) made a new device's first
 * sync of 12,300 records take 21 s in Chromium (tests/bench/sync.bench.ts).
 * An erase reads and deletes by index, so the writes gathered so far go out
 * before it, and rows are read one by one after it.
 */
export async function applyChanges(
  db: KefuDatabase,
  changes: readonly Change[],
  cursor: number,
  now: number,
  opts: ApplyOptions = {},
): Promise<{ applied: number; skipped: string[] }> {
  const { known } = opts;
  const prepared = known && opts.prepared?.length === changes.length ? opts.prepared : changes.map((change) => ({ m: materialize(change) }));
  return storeRecords(db, prepared, (state) => ({ ...state, cursor }), now, { known });
}

/**
 * Stores one page of records (pulled changes or a snapshot's records,
 * materialized) and the sync state `progress` makes of the state, in one
 * transaction, as applyChanges says. A prepared row is used, with `known`,
 * for a record not stored here.
 */
export async function storeRecords(
  db: KefuDatabase,
  prepared: readonly PreparedChange[],
  progress: (state: SyncState) => SyncState,
  now: number,
  opts: { known?: KnownRecords; stage?: boolean } = {},
): Promise<{ applied: number; skipped: string[] }> {
  const { known } = opts;
  // A first sync's notes new here go into per-customer packs (lib/db/note-packs.ts), not a row each, and the
  // sync metadata of its replies into one pack per page (lib/db/meta-packs.ts).
  const stage = opts.stage === true && known !== undefined;
  const tables = [...Object.keys(SYNCED_TABLES), 'notePacks'];
  return applyingRemote(db, tables, async () => {
    const pending = new Map<string, Pending>();
    for (const e of await db.outbox.toArray()) {
      const key = metaId(e.kind, e.recordId);
      const p = pending.get(key) ?? { fields: new Set<string>(), tombstone: false };
      for (const name of [...Object.keys(e.fields ?? {}), ...(e.unset ?? [])]) p.fields.add(name);
      if (e.op === 'delete' || e.op === 'restore') p.tombstone = true;
      pending.set(key, p);
    }
    let state = await getSyncState(db);
    const clock = { wall: state.hlcWall, counter: state.hlcCounter, node: state.deviceId ?? 'local' };
    // Taken in once, after the page: a stamp at a time was a tenth of a first sync's work, and bumped the counter for each.
    let latest = '';
    // Sync metadata is kept for the kinds a device reads it of (HEAD_KINDS). For the others (notes, customers,
    // follow-ups, cases, case events) the merge keeps nothing a device needs, and it is stored only when it is the
    // record of what the server has (SyncState.rescan): a new device's first sync of 100,000 notes wrote 100,000
    // rows nobody reads.
    const keepsMeta = (kind: RecordKind) => HEAD_KINDS.has(kind) || state.rescan === true;
    const skipped: string[] = [];
    let applied = 0;
    let unindexedNotes = false;
    let unindexedCustomers = false;
    let stagedCount = 0;

    // Rows and metadata as this transaction sees them, by metaId: read ahead for the whole page, then kept up to date.
    const rows = new Map<string, Row | undefined>();
    const metas = new Map<string, SyncRecordMeta | undefined>();
    const byTable = new Map<SyncedTable, MaterializedRecord[]>();
    // Records known to be stored nowhere here, neither as rows nor staged: only these are staged.
    const absent = new Set<string>();
    for (const { m } of prepared) {
      const table = TABLE_OF_KIND[m.kind];
      const list = byTable.get(table) ?? [];
      list.push(m);
      byTable.set(table, list);
    }
    for (const [table, list] of byTable) {
      const toRead: MaterializedRecord[] = [];
      for (const c of list) {
        if (!known || known.mayExist(table, c.id) || pending.has(metaId(c.kind, c.id))) toRead.push(c);
        else {
          rows.set(metaId(c.kind, c.id), undefined);
          absent.add(metaId(c.kind, c.id));
        }
      }
      const found = (await db.table(table).bulkGet(toRead.map((c) => c.id))) as (Row | undefined)[];
      toRead.forEach((c, i) => rows.set(metaId(c.kind, c.id), found[i]));
    }
    const mayHaveMeta = (key: string) => !known || known.mayHaveMeta(key) || pending.has(key);
    const metaKeys = prepared.filter(({ m }) => keepsMeta(m.kind) && mayHaveMeta(metaId(m.kind, m.id))).map(({ m }) => metaId(m.kind, m.id));
    const foundMetas = await readMetas(db, metaKeys);
    metaKeys.forEach((key, i) => metas.set(key, foundMetas[i]));

    const puts = new Map<SyncedTable, Row[]>();
    const metaPuts = new Map<string, SyncRecordMeta>();
    let staged: StoredNote[] = [];
    let stagedMetas: SyncRecordMeta[] = [];
    const flush = async () => {
      for (const [table, list] of puts) await db.table(table).bulkPut(list);
      puts.clear();
      if (staged.length) await db.notePacks.bulkAdd(packNotes(staged));
      stagedCount += staged.length;
      staged = [];
      // Written as rows instead when the page's range of ids overlaps a pack's.
      if (stagedMetas.length && !(await stageMetas(db, stagedMetas))) for (const meta of stagedMetas) metaPuts.set(meta.id, meta);
      stagedMetas = [];
      if (metaPuts.size) await db.syncRecords.bulkPut([...metaPuts.values()]);
      metaPuts.clear();
    };

    for (const ready of prepared) {
      const { m } = ready;
      const table = TABLE_OF_KIND[m.kind];
      const key = metaId(m.kind, m.id);
      // The device's clock moves past every stamp it has seen: past the page's latest (stamps sort as strings).
      if (m.stamp > latest) latest = m.stamp;
      if (m.erased) {
        await flush();
        rows.clear();
        metas.clear();
        if (m.kind === 'customer') await eraseLocally(db, m);
        else await db.table(table).delete(m.id);
        await db.syncRecords.delete(key);
        await deleteStagedMeta(db, key);
        await db.outbox.filter((e) => e.recordId === m.id || e.customerId === m.id).delete();
        applied++;
        continue;
      }
      // Only Dexie's own promises are awaited here: a native one between two requests can let the transaction commit.
      const existing = rows.has(key) ? rows.get(key) : ((await db.table(table).get(m.id)) as Row | undefined);
      if (existing && 'erased' in existing) continue; // erased here: the server's erase follows
      const p = pending.get(key);
      const row = !existing && known && ready.row ? ready.row : rowFromServer(table, m, existing, p, { deferNoteTerms: known !== undefined });
      if (!row.success) {
        skipped.push(`${m.kind} ${m.id}: ${row.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}`);
        continue;
      }
      if (stage && table === 'notes' && !existing && absent.has(key)) staged.push(row.data as StoredNote);
      else {
        const list = puts.get(table) ?? [];
        list.push(row.data);
        puts.set(table, list);
        if (known && table === 'notes') unindexedNotes = true;
        if (table === 'customers' && (row.data as { terms?: unknown }).terms === undefined) unindexedCustomers = true;
      }
      rows.set(key, row.data);
      known?.add(table, m.id);
      applied++;
      if (!keepsMeta(m.kind)) continue;
      const old = metas.has(key) ? metas.get(key) : mayHaveMeta(key) ? ((await db.syncRecords.get(key)) ?? (await stagedMeta(db, key))) : undefined;
      const heads = { ...m.heads };
      const conflicts = { ...m.conflicts };
      for (const name of p?.fields ?? []) {
        if (old?.heads[name]) heads[name] = old.heads[name];
        delete conflicts[name];
      }
      const meta: SyncRecordMeta = { id: key, kind: m.kind, recordId: m.id, scope: m.scope, heads, conflicts };
      if (Object.keys(conflicts).length) meta.conflictAt = m.updatedAt;
      // A reply's metadata new here, in a first sync: staged with its page's (lib/db/meta-packs.ts).
      if (stage && m.kind === 'reply' && !old && !mayHaveMeta(key) && stageable(meta)) stagedMetas.push(meta);
      else metaPuts.set(key, meta);
      metas.set(key, meta);
      known?.add(table, m.id, key);
    }
    await flush();
    state = await getSyncState(db);
    const seen = latest ? receiveHlc(clock, latest, now) : clock;
    const next = markNotesStaged({ ...progress(state), hlcWall: seen.wall, hlcCounter: seen.counter }, stagedCount);
    const marked = unindexedCustomers ? markCustomersUnindexed(next) : next;
    await db.syncState.put(unindexedNotes ? markNotesUnindexed(marked) : marked);
    return { applied, skipped };
  });
}

/**
 * Pulls every change after the cursor, a page at a time, each page stored
 * with its cursor in one transaction, in order. In a catch-up of many pages
 * three things overlap: the server sends page N+1 and the background works
 * out its rows (preparePage) while IndexedDB commits page N. Only one
 * page is written at a time; a failure to store one stops the pull there,
 * with every page before it stored.
 */
export async function pullChanges(opts: EngineOptions): Promise<{ applied: number; skipped: string[] }> {
  const { db, conn } = opts;
  const now = opts.now ?? Date.now;
  const limit = opts.pullLimit ?? PULL_PAGE;
  let applied = 0;
  const skipped: string[] = [];
  let cursor = (await getSyncState(db)).cursor;
  // The first page is a catch-up if more follow it; every page fetched after one is.
  const fetchPage = (from: number, catchUp: boolean) =>
    api.pull(conn, from, limit).then((page) => ({ page, prepared: catchUp || (page.more && page.cursor !== from) ? preparePage(page.changes) : undefined }));
  let next = fetchPage(cursor, false);
  let storing: Promise<void> = Promise.resolve();
  let known: KnownRecords | undefined;
  for (;;) {
    // Both the page before stored and this one fetched (storing's failure is the one to report).
    const [stored, fetched] = await Promise.allSettled([storing, next]);
    if (stored.status === 'rejected') throw stored.reason;
    if (fetched.status === 'rejected') throw fetched.reason;
    const { page, prepared } = fetched.value;
    const more = page.more && page.cursor !== cursor;
    if (more) {
      next = fetchPage(page.cursor, true);
      // Not awaited if storing this page fails: that failure is the one to report.
      next.catch(() => undefined);
    }
    // A catch-up of many pages (a new device, a week offline): learn once what is stored here, and say where it ends.
    if (more && !known) {
      known = await KnownRecords.load(db);
      if (page.top !== undefined && page.top > cursor) await updateSyncState(db, () => ({ catchUp: { from: cursor, to: page.top! } }));
    }
    storing = applyChanges(db, page.changes, page.cursor, now(), { known, prepared }).then((r) => {
      applied += r.applied;
      skipped.push(...r.skipped);
    });
    cursor = page.cursor;
    if (!more) {
      await storing;
      if (known) await updateSyncState(db, () => ({ catchUp: undefined }));
      return { applied, skipped };
    }
  }
}

/**
 * A new device's first sync (cursor 0): the team's records from the server's
 * snapshot (GET /v1/sync/snapshot) instead of every change ever made, each
 * record once and as its current values, a page at a time, each page stored
 * with the snapshot's progress in one transaction (SyncState.snapshot), so a
 * stopped first sync resumes after the last page stored. Pages overlap as in
 * pullChanges: the server sends page N+1 and the background works out its
 * rows while IndexedDB commits page N. The last page sets the cursor
 * to the snapshot's `top`; the caller pulls from there what changed since.
 * Returns undefined, having stored nothing, from a server without snapshots
 * (its pull does the whole job).
 */
export async function pullSnapshot(opts: EngineOptions): Promise<{ applied: number; skipped: string[] } | undefined> {
  const { db, conn } = opts;
  const now = opts.now ?? Date.now;
  const limit = opts.pullLimit ?? PULL_PAGE;
  let progress = (await getSyncState(db)).snapshot;
  const fetchPage = (from: { top: number; next: string } | undefined) =>
    // Customers new here go in without their search tokens too (lib/db/customer-index.ts fills them in).
    api.snapshot(conn, from, limit).then((page) => ({ page, prepared: prepareRecords(page.records.map(fromSnapshot), { deferCustomerTerms: true }) }));
  let first;
  try {
    first = await fetchPage(progress);
  } catch (err) {
    if (err instanceof SyncHttpError && err.status === 404) return undefined;
    if (!(err instanceof SyncHttpError && err.code === 'snapshot-stale' && progress)) throw err;
    // The server's data was replaced since this snapshot began: it starts over, and the new snapshot overwrites what the old one stored.
    await updateSyncState(db, () => ({ snapshot: undefined }));
    progress = undefined;
    first = await fetchPage(undefined);
  }
  const known = await KnownRecords.load(db);
  let next: Promise<typeof first> = Promise.resolve(first);
  let storing: Promise<void> = Promise.resolve();
  let applied = 0;
  const skipped: string[] = [];
  let done = progress?.done ?? 0;
  let total = progress?.total ?? 0;
  for (;;) {
    const [stored, fetched] = await Promise.allSettled([storing, next]);
    if (stored.status === 'rejected') throw stored.reason;
    if (fetched.status === 'rejected') throw fetched.reason;
    const { page, prepared } = fetched.value;
    const after = page.next;
    if (after !== undefined) {
      next = fetchPage({ top: page.top, next: after });
      next.catch(() => undefined);
    }
    done += page.records.length;
    total = page.total ?? total;
    const at = { top: page.top, next: after ?? '', done, total: Math.max(total, done) };
    storing = storeRecords(
      db,
      prepared,
      (state) => {
        // Records replaced meanwhile (a backup restored): the full pull of a rescan starts over from cursor 0.
        if (state.rescan) return state;
        return after === undefined ? { ...state, cursor: Math.max(state.cursor, at.top), snapshot: undefined } : { ...state, snapshot: at };
      },
      now(),
      { known, stage: true },
    ).then((r) => {
      applied += r.applied;
      skipped.push(...r.skipped);
    });
    if (after === undefined) {
      await storing;
      return { applied, skipped };
    }
  }
}

export interface SyncResult {
  pushed: number;
  rejected: number;
  pulled: number;
}

/**
 * One sync run: push, then pull (so a pulled record never overwrites an edit
 * still waiting), recording status, last error and time in the sync state.
 * Throws nothing: the outcome is in the state, for the status UI.
 */
export async function syncOnce(opts: EngineOptions): Promise<SyncResult | undefined> {
  const { db } = opts;
  const now = opts.now ?? Date.now;
  const state = await getSyncState(db);
  if (!state.enabled) return undefined;
  // A catch-up's progress is the run's own: one left by a worker stopped mid-run is not this run's.
  await updateSyncState(db, () => ({ status: 'syncing', catchUp: undefined }));
  try {
    let push = await pushOutbox(opts);
    const before = await getSyncState(db);
    // A new device takes the team's records from a snapshot, then pulls what changed since. Not while
    // rescanning: that records what the server has of every record (SyncState.rescan), which a snapshot leaves out.
    const snapshot = before.cursor === 0 && !before.rescan ? await pullSnapshot(opts) : undefined;
    const pulled = await pullChanges(opts);
    const pull = { applied: pulled.applied + (snapshot?.applied ?? 0), skipped: [...(snapshot?.skipped ?? []), ...pulled.skipped] };
    if ((await getSyncState(db)).rescan) {
      // Records were replaced (a restore) and the team's data is pulled in full: what the server lacks goes up as new.
      const queued = await queueEverything(db, { onlyUnsynced: true });
      await updateSyncState(db, () => ({ rescan: undefined }));
      if (queued) {
        const more = await pushOutbox(opts);
        push = { pushed: push.pushed + more.pushed, rejected: push.rejected + more.rejected };
      }
    }
    await updateSyncState(db, () => ({
      status: 'idle',
      failures: 0,
      lastSyncAt: now(),
      lastError: pull.skipped.length
        ? { code: 'change-skipped', message: `${pull.skipped.length} change(s) from the server could not be stored: ${pull.skipped.slice(0, 3).join('; ')}`, at: now() }
        : undefined,
    }));
    return { pushed: push.pushed, rejected: push.rejected, pulled: pull.applied };
  } catch (err) {
    if (!(err instanceof SyncHttpError)) log.error('sync run failed', err);
    const e = err instanceof SyncHttpError ? err : new SyncHttpError(0, 'internal', err instanceof Error ? err.message : String(err));
    await updateSyncState(db, (s) => ({
      catchUp: undefined,
      status: e.status === 0 && e.code === 'offline' ? 'offline' : 'error',
      failures: s.failures + 1,
      lastError: { code: e.code, message: e.message, at: now() },
    }));
    return undefined;
  }
}

/** Milliseconds before the next try after `failures` failed runs in a row: 5 s doubling, at most 5 minutes. */
export function backoffMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(5 * 60_000, 5000 * 2 ** (failures - 1));
}
