import { applyingRemote, SYNC_TABLES } from '../db/outbox';
import { markNotesStaged } from '../db/note-packs';
import { INITIAL_SYNC_STATE, markCustomersUnindexed, markNotesUnindexed, SyncState } from '../db/sync-records';
import { getSyncState, resetSyncAfterReplace } from '../db/sync-state';
import type { Table } from 'dexie';
import * as z from 'zod';
import { AppError } from '../errors';
import type { KefuDatabase } from '../db/database';
import { formatLocalDateTime } from '../export/table';
import { backupErrorsEn, type BackupErrorKey } from '../i18n/backup';
import { CHUNK_ROWS, chunkRows, chunkText, combineDigests, tableDigest } from './canonical';
import { backupTable } from './tables';

/**
 * The full backup of the extension's database (数据备份) and its restore.
 *
 * A backup file is gzip'd JSON (`.json.gz`; plain `.json` is read too):
 *   { format: 'kefu-backup', version: 1, schemaVersion, createdAt, counts,
 *     hash, tables: { <table>: [row, …], … } }
 * with every table of the database (`db.tables`, so tables added by later
 * schema versions come along) and every row as stored, tombstones and
 * deleted rows included: a restore gives back exactly what was there.
 * `hash` is the content hash of canonical.ts over the tables' rows; it proves
 * a file undamaged on restore and a round trip lossless afterwards.
 *
 * Reading happens in one read transaction (a consistent snapshot while the
 * sidebar keeps writing), a chunk of rows at a time with progress; hashing and
 * compression come after it, since crypto.subtle and streams are not Dexie
 * promises and would end the transaction.
 */
export const BACKUP_FORMAT = 'kefu-backup';
export const BACKUP_VERSION = 1;

export interface BackupProgress {
  phase: 'read' | 'hash' | 'compress' | 'check' | 'write';
  /** Rows done (read, check, write) or tables done (hash), out of total. */
  done: number;
  total: number;
}
export type OnProgress = (p: BackupProgress) => void;

interface TableSnapshot {
  name: string;
  count: number;
  chunks: string[];
}

/** Every table's rows in primary-key order, as canonical chunk texts, in one read transaction. */
async function snapshot(db: KefuDatabase, names: readonly string[], onProgress?: OnProgress): Promise<TableSnapshot[]> {
  const tables = names.map((name) => db.table(name));
  return db.transaction('r', tables, async () => {
    const counts = await Promise.all(tables.map((t) => t.count()));
    const total = counts.reduce((a, b) => a + b, 0);
    let done = 0;
    onProgress?.({ phase: 'read', done, total });
    const out: TableSnapshot[] = [];
    for (const table of tables) {
      const chunks: string[] = [];
      let count = 0;
      let last: unknown;
      for (;;) {
        const rows: unknown[] = await (last === undefined ? table.orderBy(':id') : table.where(':id').above(last)).limit(CHUNK_ROWS).toArray();
        if (rows.length === 0) break;
        chunks.push(chunkText(rows));
        count += rows.length;
        done += rows.length;
        last = primaryKeyOf(table, rows[rows.length - 1]);
        onProgress?.({ phase: 'read', done, total });
        if (rows.length < CHUNK_ROWS) break;
      }
      out.push({ name: table.name, count, chunks });
    }
    return out;
  });
}

function primaryKeyOf(table: Table, row: unknown): unknown {
  const keyPath = table.schema.primKey.keyPath;
  return typeof keyPath === 'string' ? (row as Record<string, unknown>)[keyPath] : undefined;
}

const tableNames = (db: KefuDatabase) => db.tables.map((t) => t.name).sort();

async function digestOf(tables: readonly TableSnapshot[], onProgress?: OnProgress): Promise<string> {
  const digests: Record<string, string> = {};
  let done = 0;
  for (const t of tables) {
    digests[t.name] = await tableDigest(t.chunks);
    onProgress?.({ phase: 'hash', done: ++done, total: tables.length });
  }
  return combineDigests(digests);
}

/** The content hash of the database as it is now (of `names`, by default every table). */
export async function hashDatabase(db: KefuDatabase, names: readonly string[] = tableNames(db)): Promise<string> {
  return digestOf(await snapshot(db, names));
}

/** Rows per table as the database holds them now. */
export async function countTables(db: KefuDatabase): Promise<Record<string, number>> {
  const names = tableNames(db);
  const counts = await db.transaction('r', names.map((n) => db.table(n)), () => Promise.all(names.map((n) => db.table(n).count())));
  return Object.fromEntries(names.map((n, i) => [n, counts[i]!]));
}

export interface BackupResult {
  name: string;
  mime: string;
  /** The gzip'd file. */
  data: Uint8Array;
  counts: Record<string, number>;
  hash: string;
  createdAt: number;
}

/** "kefu-backup-2026-11-30-0905.json.gz" (no colon: Windows refuses it in file names). */
export function backupFileName(now: number): string {
  return `kefu-backup-${formatLocalDateTime(now).replace(' ', '-').replace(':', '')}.json.gz`;
}

/** Backs up every table of `db` into a gzip'd backup file. */
export async function createBackup(db: KefuDatabase, opts: { now?: number; onProgress?: OnProgress } = {}): Promise<BackupResult> {
  const createdAt = opts.now ?? Date.now();
  const tables = await snapshot(db, tableNames(db), opts.onProgress);
  const hash = await digestOf(tables, opts.onProgress);
  const counts = Object.fromEntries(tables.map((t) => [t.name, t.count]));
  const head = { format: BACKUP_FORMAT, version: BACKUP_VERSION, schemaVersion: db.verno, createdAt, counts, hash };
  function* parts(): Generator<string> {
    yield `${JSON.stringify(head).slice(0, -1)},"tables":{`;
    for (const [i, t] of tables.entries()) {
      yield `${i > 0 ? ',' : ''}${JSON.stringify(t.name)}:[`;
      for (const [j, chunk] of t.chunks.entries()) yield j > 0 ? `,${chunk}` : chunk;
      yield ']';
    }
    yield '}}\n';
  }
  const total = tables.reduce((n, t) => n + t.chunks.length, 0);
  let done = 0;
  const data = await gzip(parts(), () => opts.onProgress?.({ phase: 'compress', done: ++done, total }));
  return { name: backupFileName(createdAt), mime: 'application/gzip', data, counts, hash, createdAt };
}

/* ------------------------------------------------------------------ */
/* Compression                                                         */
/* ------------------------------------------------------------------ */

const encoder = new TextEncoder();

async function collect(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = readable.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** gzip through the platform's CompressionStream, written a part at a time. */
async function gzip(parts: Iterable<string>, onPart?: () => void): Promise<Uint8Array> {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const output = collect(stream.readable);
  for (const part of parts) {
    await writer.write(encoder.encode(part));
    onPart?.();
  }
  await writer.close();
  return output;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const output = collect(stream.readable);
  // The write's own rejection repeats the read side's; the read side is awaited.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  return output;
}

/* ------------------------------------------------------------------ */
/* Reading a file                                                      */
/* ------------------------------------------------------------------ */

/** A row the restore would refuse: which table, which row (1-based, in the file) and why. */
export interface RowProblem {
  table: string;
  row: number;
  id?: string;
  reason: string;
}

/** Most row problems kept on the error (the count says how many there were in all). */
export const MAX_LISTED_PROBLEMS = 50;

/**
 * A file that cannot be restored. `key` (i18n, lib/i18n/backup.ts) says what
 * is wrong; `params` fill its text; `problems` list bad rows (first
 * MAX_LISTED_PROBLEMS of `problemCount`).
 */
export class BackupFileError extends AppError {
  constructor(
    readonly key: BackupErrorKey,
    readonly params: Record<string, string | number> = {},
    readonly problems: RowProblem[] = [],
    readonly problemCount = problems.length,
  ) {
    const detail = problems
      .slice(0, 5)
      .map((p) => `${p.table} row ${p.row}${p.id ? ` (${p.id})` : ''}: ${p.reason}`)
      .join('; ');
    super('validation', fillIn(backupErrorsEn[key], params) + (detail ? ` ${detail}` : ''), { file: key });
    this.name = 'BackupFileError';
  }
}

const fillIn = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));

const BackupHead = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().positive(),
  schemaVersion: z.number().int().positive(),
  createdAt: z.number().int().nonnegative(),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  tables: z.record(z.string(), z.array(z.unknown())),
});

export interface ParsedBackup {
  createdAt: number;
  schemaVersion: number;
  hash: string;
  /** The file's content hash per table (the whole file's `hash` combines them). */
  digests: Record<string, string>;
  /** Validated rows per table, as they will be written. */
  tables: Record<string, Record<string, unknown>[]>;
  /** True when rows went through a migration from an older schema version. */
  migrated: boolean;
}

/** The file's text: gunzip'd when it starts with gzip's magic bytes, else taken as UTF-8 JSON. */
async function fileText(bytes: Uint8Array): Promise<string> {
  let raw = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = await gunzip(bytes);
    } catch {
      throw new BackupFileError('data.error.backup-damaged-gzip');
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new BackupFileError('data.error.backup-not-json');
  }
}

const reasonOf = (error: z.ZodError): string =>
  error.issues
    .slice(0, 3)
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');

/**
 * Reads and checks a backup file without touching the database: format and
 * version, every table known to this database and none missing, the counts
 * and the content hash (a damaged file is refused whole), then every row
 * against its table's schema. Throws a BackupFileError saying what to fix.
 */
export async function readBackup(db: KefuDatabase, bytes: Uint8Array, opts: { onProgress?: OnProgress } = {}): Promise<ParsedBackup> {
  const text = await fileText(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupFileError('data.error.backup-not-json');
  }
  const probe = (json ?? {}) as { format?: unknown; version?: unknown; schemaVersion?: unknown };
  if (typeof json !== 'object' || probe.format !== BACKUP_FORMAT) throw new BackupFileError('data.error.backup-wrong-format');
  if ((typeof probe.version === 'number' && probe.version > BACKUP_VERSION) || (typeof probe.schemaVersion === 'number' && probe.schemaVersion > db.verno)) {
    throw new BackupFileError('data.error.backup-newer-version', { version: String(probe.schemaVersion), current: db.verno });
  }
  const head = BackupHead.safeParse(json);
  if (!head.success) throw new BackupFileError('data.error.backup-damaged', { reason: reasonOf(head.error) });
  const file = head.data;

  const known = new Set(db.tables.map((t) => t.name));
  const unknown = Object.keys(file.tables).filter((n) => !known.has(n));
  if (unknown.length > 0) throw new BackupFileError('data.error.backup-unknown-table', { tables: unknown.join(', ') });
  const missing = [...known].filter((n) => !(n in file.tables) && backupTable(n).since <= file.schemaVersion);
  if (missing.length > 0) throw new BackupFileError('data.error.backup-missing-table', { tables: missing.join(', ') });
  for (const [name, rows] of Object.entries(file.tables)) {
    if (file.counts[name] !== rows.length) {
      throw new BackupFileError('data.error.backup-damaged', { reason: `${name}: ${rows.length} rows, the file says ${file.counts[name] ?? 0}` });
    }
  }

  const names = Object.keys(file.tables).sort();
  const digests: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    const rows = file.tables[name]!;
    if (!rows.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) {
      throw new BackupFileError('data.error.backup-damaged', { reason: `${name}: a row is not an object` });
    }
    digests[name] = await tableDigest(chunkRows(rows as Record<string, unknown>[], primKeyName(db, name)));
    opts.onProgress?.({ phase: 'hash', done: i + 1, total: names.length });
  }
  if ((await combineDigests(digests)) !== file.hash) throw new BackupFileError('data.error.backup-hash-mismatch');

  const migrated = file.schemaVersion < db.verno;
  const problems: RowProblem[] = [];
  let problemCount = 0;
  const note = (p: RowProblem) => {
    problemCount++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(p);
  };
  const tables: ParsedBackup['tables'] = {};
  const total = names.reduce((n, name) => n + file.tables[name]!.length, 0);
  let done = 0;
  for (const name of names) {
    const spec = backupTable(name);
    const key = primKeyName(db, name);
    const seen = new Set<string>();
    const out: Record<string, unknown>[] = [];
    for (const [i, raw] of file.tables[name]!.entries()) {
      const input = migrated && spec.migrate ? spec.migrate(raw, file.schemaVersion) : raw;
      const id = (raw as Record<string, unknown>)[key];
      const idText = typeof id === 'string' ? id : undefined;
      const parsed = z.safeParse(spec.schema, input);
      if (!parsed.success) note({ table: name, row: i + 1, id: idText, reason: reasonOf(parsed.error) });
      else if (idText !== undefined && seen.has(idText)) note({ table: name, row: i + 1, id: idText, reason: 'duplicate id' });
      else out.push(parsed.data as Record<string, unknown>);
      if (idText !== undefined) seen.add(idText);
      if (++done % CHUNK_ROWS === 0) opts.onProgress?.({ phase: 'check', done, total });
    }
    tables[name] = out;
  }
  opts.onProgress?.({ phase: 'check', done: total, total });
  if (problemCount > 0) throw new BackupFileError('data.error.backup-invalid-rows', { count: problemCount }, problems, problemCount);
  return { createdAt: file.createdAt, schemaVersion: file.schemaVersion, hash: file.hash, digests, tables, migrated };
}

function primKeyName(db: KefuDatabase, table: string): string {
  const keyPath = db.table(table).schema.primKey.keyPath;
  return typeof keyPath === 'string' ? keyPath : 'id';
}

/* ------------------------------------------------------------------ */
/* Preview and restore                                                 */
/* ------------------------------------------------------------------ */

export interface PreviewRow {
  table: string;
  /** Rows in the file, and how many of them are deleted (tombstones, deleted replies and notes). */
  inFile: number;
  deletedInFile: number;
  /** Rows in the database now: all of them are replaced. */
  inDb: number;
}

const isDeleted = (row: Record<string, unknown>) => row.deletedAt !== undefined;

/** What a restore of `backup` would put in place of what: every table of the database. */
export async function previewRestore(db: KefuDatabase, backup: ParsedBackup): Promise<PreviewRow[]> {
  const counts = await countTables(db);
  return Object.keys(counts).map((table) => {
    const rows = backup.tables[table] ?? [];
    return { table, inFile: rows.length, deletedInFile: rows.filter(isDeleted).length, inDb: counts[table]! };
  });
}

/** This device's sync session (off for a database without the sync tables: one at an older schema). */
const sessionOf = (db: KefuDatabase): Promise<SyncState> => (db.tables.some((t) => t.name === 'syncState') ? getSyncState(db) : Promise.resolve(INITIAL_SYNC_STATE));

export interface RestoreResult {
  counts: Record<string, number>;
  /** The content hash of the restored tables, read back from the database. */
  hash: string;
  /** True when it equals the file's hash (always, unless rows were migrated). */
  verified: boolean;
  /**
   * Signed in to team sync: the sync tables were not taken from the file
   * (resetSyncAfterReplace), the hash covers the records only, and the next
   * sync pulls the team's data over them.
   */
  resync: boolean;
}

/**
 * Replaces the whole database with the backup, in one transaction: every
 * table is emptied and refilled, so either all of the backup is in place or,
 * on any failure, nothing changed. Tables the file does not have (newer than
 * the file) come out empty. Then reads it back and hashes it.
 */
export async function restoreBackup(db: KefuDatabase, backup: ParsedBackup, opts: { onProgress?: OnProgress } = {}): Promise<RestoreResult> {
  const names = tableNames(db);
  const fileState = SyncState.safeParse(backup.tables.syncState?.[0]);
  let written = names;
  let resync = false;
  // Not queued for team sync: restored records are not edits of this session.
  await applyingRemote(db, names, async () => {
    const session = await sessionOf(db);
    // The sync tables belong to a session: taken from the file only when neither
    // this device nor the file was signed in (lib/db/sync-state.ts).
    const ownSession = session.enabled || (fileState.success && fileState.data.enabled);
    written = ownSession ? names.filter((n) => !(SYNC_TABLES as readonly string[]).includes(n)) : names;
    const total = written.reduce((n, name) => n + (backup.tables[name]?.length ?? 0), 0);
    let done = 0;
    for (const name of written) {
      const table = db.table(name);
      await table.clear();
      const rows = backup.tables[name] ?? [];
      for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
        const chunk = rows.slice(i, i + CHUNK_ROWS);
        await table.bulkAdd(chunk);
        done += chunk.length;
        opts.onProgress?.({ phase: 'write', done, total });
      }
    }
    // Notes backed up while their search index was being built come back
    // without their tokens: the background indexer must know to fill them in.
    const notesUnindexed = (backup.tables.notes ?? []).some((row) => row.terms === undefined);
    // So do a first sync's staged notes: the indexer must know to expand them.
    const stagedNotes = (backup.tables.notePacks ?? []).reduce((n, row) => n + (Array.isArray(row.notes) ? row.notes.length : 0), 0);
    // And customers a first sync stored without their tokens.
    const customersUnindexed = (backup.tables.customers ?? []).some((row) => !('erased' in row) && row.terms === undefined);
    if (ownSession) resync = await resetSyncAfterReplace(db, session, fileState.success ? fileState.data : undefined, { notesUnindexed, stagedNotes, customersUnindexed });
    else if (written.includes('syncState')) await markRestoredNotesWaiting(db, notesUnindexed, stagedNotes, customersUnindexed);
  });
  const hashed = Object.keys(backup.tables).filter((n) => written.includes(n));
  const hash = await hashDatabase(db, hashed);
  const expected = hashed.length === Object.keys(backup.tables).length ? backup.hash : await combineDigests(Object.fromEntries(hashed.map((n) => [n, backup.digests[n]!])));
  return { counts: await countTables(db), hash, verified: hash === expected, resync };
}

/**
 * The sync state taken from a file that holds unindexed or staged notes (or
 * customers without their search tokens),
 * flagged for the indexer if the file's own state does not say so already
 * (the file of a device that kept them consistent, resume point included,
 * needs nothing, and keeps its hash).
 */
async function markRestoredNotesWaiting(db: KefuDatabase, unindexed: boolean, staged: number, customers: boolean): Promise<void> {
  let state = await getSyncState(db);
  const before = state;
  if (customers && !state.customersUnindexed) state = markCustomersUnindexed(state);
  if (unindexed && !state.notesUnindexed) state = markNotesUnindexed(state);
  if (staged > 0 && !state.stagedNotes) state = markNotesStaged(state, staged);
  if (state !== before) await db.syncState.put(state);
}

/** Deletes every row of every table (the database itself stays, at its schema version), in one transaction. */
export async function clearAllData(db: KefuDatabase): Promise<void> {
  const tables = db.tables;
  await db.transaction('rw', tables, async () => {
    const session = await sessionOf(db);
    for (const table of tables) await table.clear();
    // Signed in, the session stays and the team's data comes back with the next sync.
    if (session.enabled) await resetSyncAfterReplace(db, session);
  });
}
