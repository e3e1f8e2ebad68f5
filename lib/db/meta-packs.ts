import type { DBCore, DBCoreTransaction } from 'dexie';
import * as z from 'zod';
import type { KefuDatabase } from './database';
import { SyncRecordMeta } from './sync-records';
import { addAbsent, runChunks, type WalkOptions, type WalkResult } from './walk';

/*
 * Staged sync metadata (schema version 9): a new device's first sync keeps
 * what it learns of each team reply (the stamps its next edit names as its
 * base, its scope) as one row per snapshot page (a "pack" of about a
 * thousand), not a row per reply. IndexedDB's cost is per row (see
 * note-packs.ts): in the sync bench (20,000 team replies), writing these rows
 * was 2.2-2.7 s of a first sync's transactions; staged, the IndexedDB
 * backend's CPU during the sync went from 9.1-9.3 s to 7.3-7.4 s, and the
 * sync from 13.1-13.7 s to 11.4 s.
 *
 * After the sync the background (lib/background/note-index.ts) expands the
 * packs into syncRecords rows, a pack per transaction, and deletes them: a
 * few seconds. Until then:
 * - a row always wins over a pack's copy: a pack only holds what the
 *   snapshot said, and every later version of a record's metadata (a local
 *   edit, a pulled change) is written as a row. Expansion adds, never
 *   overwrites;
 * - only metadata without conflict copies is staged: the conflicts list
 *   (syncRecords.conflictAt) reads rows only;
 * - every reader by key (the outbox's edit bases and its check that an agent
 *   does not change a team reply, the sync engine's merge) falls back to the
 *   packs through stagedMeta, one request: a pack's key is its greatest meta
 *   id and it holds a range of ids no other pack overlaps, so the first pack
 *   at or after an id is the only one that may hold it;
 * - the team locks and the keys a resumed first sync knows read every pack.
 * Packs describe the session with the team server, as syncRecords does: they
 * are cleared with it (sign-out, a restore), and backed up as they are.
 */

export const MetaPack = z.object({
  /** The greatest meta id in the pack. */
  id: z.string().min(1),
  /** The least meta id in the pack: the packs' ranges [from, id] never overlap. */
  from: z.string().min(1),
  /** Sorted by id, without conflict copies. */
  metas: z.array(SyncRecordMeta).min(1),
});
export type MetaPack = z.infer<typeof MetaPack>;

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Metas as one pack, sorted (at least one meta). */
export function packMetas(metas: readonly SyncRecordMeta[]): MetaPack {
  const sorted = [...metas].sort(byId);
  return { id: sorted.at(-1)!.id, from: sorted[0]!.id, metas: sorted };
}

/** Whether a meta may be staged: one with conflict copies stays a row, where the conflicts list finds it. */
export const stageable = (meta: SyncRecordMeta): boolean => meta.conflictAt === undefined && Object.keys(meta.conflicts).length === 0;

/** The meta of `key` in `pack`, by binary search. */
function inPack(pack: MetaPack | undefined, key: string): SyncRecordMeta | undefined {
  if (!pack || pack.from > key || pack.id < key) return undefined;
  let lo = 0;
  let hi = pack.metas.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const id = pack.metas[mid]!.id;
    if (id === key) return pack.metas[mid];
    if (id < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/**
 * The staged meta of `key`, if any, for a key that has no syncRecords row (a
 * row wins). One request. In a transaction holding metaPacks, or none.
 */
export async function stagedMeta(db: KefuDatabase, key: string): Promise<SyncRecordMeta | undefined> {
  return inPack(await db.metaPacks.where(':id').aboveOrEqual(key).first(), key);
}

/** The metas of `keys` as stored, rows and else staged copies, in order. */
export async function readMetas(db: KefuDatabase, keys: readonly string[]): Promise<(SyncRecordMeta | undefined)[]> {
  const rows = await db.syncRecords.bulkGet([...keys]);
  if (!rows.includes(undefined) || (await db.metaPacks.count()) === 0) return rows;
  const out: (SyncRecordMeta | undefined)[] = [];
  for (const [i, row] of rows.entries()) out.push(row ?? (await stagedMeta(db, keys[i]!)));
  return out;
}

/**
 * stagedMeta for the outbox middleware, which works below Dexie's table API
 * (DBCore). Nothing when the database has no metaPacks table (an older schema).
 */
export async function stagedMetaCore(down: DBCore, trans: DBCoreTransaction, key: string): Promise<SyncRecordMeta | undefined> {
  if (!down.schema.tables.some((t) => t.name === 'metaPacks')) return undefined;
  const table = down.table('metaPacks');
  // Dexie's greatest key, an array (arrays sort after every string): the range [key, ∞).
  const range = { type: 2 /* DBCoreRangeType.Range */, lower: key, lowerOpen: false, upper: [[]], upperOpen: false } as const;
  const { result } = await table.query({ trans, values: true, limit: 1, query: { index: table.schema.primaryKey, range } });
  return inPack(result[0] as MetaPack | undefined, key);
}

/** Whether any meta is staged (DBCore, as stagedMetaCore): one request, so that a write of many rows asks once, not a pack lookup per row. */
export async function anyStagedMetaCore(down: DBCore, trans: DBCoreTransaction): Promise<boolean> {
  if (!down.schema.tables.some((t) => t.name === 'metaPacks')) return false;
  const table = down.table('metaPacks');
  return (await table.count({ trans, query: { index: table.schema.primaryKey, range: { type: 3 /* DBCoreRangeType.Any */, lower: undefined, upper: undefined } } })) > 0;
}

/** Every staged meta, in id order (the team locks; the keys a resumed first sync knows). */
export async function allStagedMetas(db: KefuDatabase): Promise<SyncRecordMeta[]> {
  return (await db.metaPacks.toArray()).flatMap((p) => p.metas);
}

/**
 * Stages `metas` (new here: neither a row nor staged) as one pack, in the
 * caller's transaction. Returns false, staging nothing, when their range
 * would overlap a pack's (the server's order differs from this device's, or a
 * restarted first sync): the caller then writes them as rows.
 */
export async function stageMetas(db: KefuDatabase, metas: readonly SyncRecordMeta[]): Promise<boolean> {
  if (!metas.length) return true;
  const pack = packMetas(metas);
  const next = await db.metaPacks.where(':id').aboveOrEqual(pack.from).first();
  if (next && next.from <= pack.id) return false;
  await db.metaPacks.add(pack);
  return true;
}

/** Removes a staged meta (its record was erased), in the caller's transaction. */
export async function deleteStagedMeta(db: KefuDatabase, key: string): Promise<void> {
  const pack = await db.metaPacks.where(':id').aboveOrEqual(key).first();
  if (!inPack(pack, key)) return;
  const metas = pack!.metas.filter((m) => m.id !== key);
  await db.metaPacks.delete(pack!.id);
  if (metas.length) await db.metaPacks.add(packMetas(metas));
}

/**
 * Expands the packs into syncRecords rows, a pack per transaction, and
 * deletes them. A key with a row keeps it (the row is newer). `indexed` is
 * how many rows it added. `shouldStop`, asked before each pack, ends it
 * early (the rest waits for the next call).
 */
export async function expandMetaPacks(db: KefuDatabase, opts: Omit<WalkOptions, 'chunk'> = {}): Promise<WalkResult> {
  return runChunks(
    () =>
      db.transaction('rw', [db.metaPacks, db.syncRecords], async () => {
        const pack = await db.metaPacks.orderBy(':id').first();
        if (!pack) return { indexed: 0, done: true };
        const indexed = await addAbsent(db.syncRecords, pack.metas);
        await db.metaPacks.delete(pack.id);
        return { indexed, done: false };
      }),
    opts,
  );
}
