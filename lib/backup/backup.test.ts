import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import type { KefuDatabase } from '../db/database';
import { disableSyncState, getSyncState } from '../db/sync-state';
import { freshDb } from '../db/testing';
import { chunkRows, combineDigests, tableDigest } from './canonical';
import { BACKUP_TABLES } from './tables';
import { BackupFileError, clearAllData, countTables, createBackup, hashDatabase, previewRestore, readBackup, restoreBackup } from './backup';
import { NOW, seedEveryTable } from './testing-seed';

let db: KefuDatabase;
let other: KefuDatabase | undefined;

beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  await db.delete();
  await other?.delete();
  other = undefined;
});

type Row = Record<string, unknown>;
interface FileJson {
  format: string;
  version: number;
  schemaVersion: number;
  counts: Record<string, number>;
  hash: string;
  tables: Record<string, Row[]>;
}

const gunzipText = async (bytes: Uint8Array) => new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** The file's JSON, changed by `edit`, as plain .json bytes. */
async function edited(data: Uint8Array, edit: (file: FileJson) => void): Promise<Uint8Array> {
  const file = JSON.parse(await gunzipText(data)) as FileJson;
  edit(file);
  return bytesOf(JSON.stringify(file));
}

/** Gives an edited file the hash of its edited content, as a careful forger (or an older version) would. */
async function rehash(file: FileJson): Promise<void> {
  const digests: Record<string, string> = {};
  for (const [name, rows] of Object.entries(file.tables as Record<string, Record<string, unknown>[]>)) digests[name] = await tableDigest(chunkRows(rows));
  file.hash = await combineDigests(digests);
}

async function expectFileError(p: Promise<unknown>, key: string): Promise<BackupFileError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BackupFileError);
  expect((err as BackupFileError).key).toBe(key);
  return err as BackupFileError;
}

describe('full backup', () => {
  it('round-trips every table, tombstones and deleted rows included: same counts, same hash', async () => {
    await seedEveryTable(db);
    await disableSyncState(db);
    const before = await countTables(db);
    // Every table has rows (signed out: no outbox or sync data), so the round trip covers them all.
    for (const name of Object.keys(BACKUP_TABLES)) if (!['outbox', 'syncRecords', 'metaPacks'].includes(name)) expect(before[name], name).toBeGreaterThan(0);
    expect((await db.customers.toArray()).filter((c) => 'erased' in c)).toHaveLength(1);
    expect((await db.notes.toArray()).some((n) => n.deletedAt !== undefined)).toBe(true);
    expect((await db.replies.toArray()).some((r) => r.deletedAt !== undefined)).toBe(true);
    const hashBefore = await hashDatabase(db);
    const rowsBefore = Object.fromEntries(await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const)));

    const progress: string[] = [];
    const file = await createBackup(db, { now: NOW, onProgress: (p) => progress.push(p.phase) });
    expect(file.name).toMatch(/^kefu-backup-2026-11-30-1000\.json\.gz$/);
    expect([file.data[0], file.data[1]]).toEqual([0x1f, 0x8b]);
    expect(file.hash).toBe(hashBefore);
    expect(file.counts).toEqual(before);
    expect(progress).toContain('read');
    expect(progress).toContain('compress');
    const json = JSON.parse(await gunzipText(file.data)) as Record<string, unknown>;
    expect(json).toMatchObject({ format: 'kefu-backup', version: 1, schemaVersion: db.verno, createdAt: NOW, counts: before, hash: hashBefore });

    // Restored into another, empty database (a new computer).
    other = freshDb();
    const parsed = await readBackup(other, file.data);
    const preview = await previewRestore(other, parsed);
    expect(preview.find((p) => p.table === 'notes')).toEqual({ table: 'notes', inFile: before.notes, deletedInFile: 1, inDb: 0 });
    const result = await restoreBackup(other, parsed);
    expect(result.counts).toEqual(before);
    expect(result.hash).toBe(hashBefore);
    expect(result.verified).toBe(true);
    expect(result.resync).toBe(false);
    expect(await hashDatabase(other)).toBe(hashBefore);
    for (const table of other.tables) expect(await table.toArray(), table.name).toEqual(rowsBefore[table.name]);
  });

  it('replaces what the database holds, and reads plain .json as well as .json.gz', async () => {
    await seedEveryTable(db);
    await disableSyncState(db);
    const file = await createBackup(db, { now: NOW });
    await db.notes.put({ ...(await db.notes.toCollection().first())!, id: 'added-after-the-backup' });
    await db.replies.clear();
    const plain = bytesOf(await gunzipText(file.data));
    const parsed = await readBackup(db, plain);
    const preview = await previewRestore(db, parsed);
    expect(preview.find((p) => p.table === 'replies')).toMatchObject({ inFile: file.counts.replies, inDb: 0 });
    expect(preview.find((p) => p.table === 'notes')).toMatchObject({ inFile: file.counts.notes, inDb: file.counts.notes! + 1 });
    const result = await restoreBackup(db, parsed);
    expect(result.verified).toBe(true);
    expect(await db.notes.get('added-after-the-backup')).toBeUndefined();
    expect(await countTables(db)).toEqual(file.counts);
  });

  it('refuses a file whose content was changed after the backup, and writes nothing', async () => {
    await seedEveryTable(db);
    const file = await createBackup(db, { now: NOW });
    const tampered = await edited(file.data, (f) => {
      f.tables.notes![0]!.text = '被改过的备注';
    });
    await expectFileError(readBackup(db, tampered), 'data.error.backup-hash-mismatch');
    const truncated = file.data.slice(0, Math.floor(file.data.length / 2));
    await expectFileError(readBackup(db, truncated), 'data.error.backup-damaged-gzip');
    const dropped = await edited(file.data, (f) => {
      f.tables.notes!.pop();
    });
    const err = await expectFileError(readBackup(db, dropped), 'data.error.backup-damaged');
    expect(err.message).toContain('notes');
  });

  it('lists each invalid row with its table, row and reason, and writes nothing', async () => {
    await seedEveryTable(db);
    const before = await hashDatabase(db);
    const file = await createBackup(db, { now: NOW });
    // A row that breaks its schema but carries a hash that matches (someone edited the file and its hash).
    const invalidJson = JSON.parse(await gunzipText(file.data)) as FileJson;
    invalidJson.tables.replies![2]!.title = '';
    invalidJson.tables.followUps![0]!.status = 'maybe';
    await rehash(invalidJson);
    const err = await expectFileError(readBackup(db, bytesOf(JSON.stringify(invalidJson))), 'data.error.backup-invalid-rows');
    expect(err.problemCount).toBe(2);
    expect(err.problems.map((p) => [p.table, p.row, p.id])).toEqual([
      ['followUps', 1, invalidJson.tables.followUps![0]!.id],
      ['replies', 3, invalidJson.tables.replies![2]!.id],
    ]);
    expect(err.problems[0]!.reason).toContain('status');
    expect(err.problems[1]!.reason).toBe('title: title-required');
    expect(err.message).toContain('replies row 3');
    expect(await hashDatabase(db)).toBe(before);
  });

  it('refuses a file from a newer version, a file of another format, and tables it does not know', async () => {
    await seedEveryTable(db);
    const file = await createBackup(db, { now: NOW });
    const newer = await edited(file.data, (f) => {
      f.schemaVersion = db.verno + 1;
    });
    const err = await expectFileError(readBackup(db, newer), 'data.error.backup-newer-version');
    expect(err.params).toEqual({ version: String(db.verno + 1), current: db.verno });
    await expectFileError(readBackup(db, await edited(file.data, (f) => (f.version = 2))), 'data.error.backup-newer-version');
    await expectFileError(readBackup(db, bytesOf(JSON.stringify({ format: 'kefu-compliance-rules', version: 1 }))), 'data.error.backup-wrong-format');
    await expectFileError(readBackup(db, bytesOf('快捷短语编码,快捷短语\n/tk,您好')), 'data.error.backup-not-json');
    await expectFileError(readBackup(db, new Uint8Array([0xff, 0xfe, 0x00])), 'data.error.backup-not-json');
    const unknownTable = await edited(file.data, (f) => {
      f.tables.laterEvents = [];
      f.counts.laterEvents = 0;
    });
    const unknown = await expectFileError(readBackup(db, unknownTable), 'data.error.backup-unknown-table');
    expect(unknown.message).toContain('laterEvents');
    const missing = await edited(file.data, (f) => {
      delete f.tables.cases;
    });
    expect((await expectFileError(readBackup(db, missing), 'data.error.backup-missing-table')).message).toContain('cases');
  });

  it('restores a file from an older schema version: newer tables come out empty', async () => {
    await seedEveryTable(db);
    const file = await createBackup(db, { now: NOW });
    // What a version-2 install wrote: replies and customer records only.
    const v2 = JSON.parse(await gunzipText(file.data)) as FileJson;
    v2.schemaVersion = 2;
    for (const name of ['checklistTemplates', 'cases', 'caseEvents', 'ruleSets', 'usageEvents', 'groupOrders']) {
      delete v2.tables[name];
      delete v2.counts[name];
    }
    await rehash(v2);
    other = freshDb();
    await seedEveryTable(other);
    const parsed = await readBackup(other, bytesOf(JSON.stringify(v2)));
    expect(parsed.migrated).toBe(true);
    const preview = await previewRestore(other, parsed);
    expect(preview.find((p) => p.table === 'cases')).toMatchObject({ inFile: 0, inDb: file.counts.cases });
    const result = await restoreBackup(other, parsed);
    expect(result.verified).toBe(true);
    const counts = await countTables(other);
    expect(counts.cases).toBe(0);
    expect(counts.ruleSets).toBe(0);
    expect(counts.groupOrders).toBe(0);
    expect(counts.notes).toBe(file.counts.notes);
  });

  it('backs up a table added by a later schema version without being told about it', async () => {
    class Later extends (Dexie as unknown as new (name: string) => KefuDatabase) {}
    const name = `kefu-later-${Math.random().toString(36).slice(2)}`;
    const later = new Later(name);
    later.version(later.verno + 1).stores({ laterEvents: 'id, at' });
    await later.table('laterEvents').bulkAdd([
      { id: 'e1', at: NOW, kind: 'insert' },
      { id: 'e2', at: NOW + 1, kind: 'insert' },
    ]);
    const file = await createBackup(later, { now: NOW });
    expect(file.counts.laterEvents).toBe(2);
    await clearAllData(later);
    const result = await restoreBackup(later, await readBackup(later, file.data));
    expect(result.verified).toBe(true);
    expect(await later.table('laterEvents').toArray()).toEqual([
      { id: 'e1', at: NOW, kind: 'insert' },
      { id: 'e2', at: NOW + 1, kind: 'insert' },
    ]);
    await later.delete();
  });

  it('clears every table in one go', async () => {
    await seedEveryTable(db);
    await disableSyncState(db);
    await clearAllData(db);
    expect(Object.values(await countTables(db)).every((n) => n === 0)).toBe(true);
  });

  it('clears every record while signed in, keeping the session so the team’s data comes back with the next sync', async () => {
    await seedEveryTable(db);
    const session = await getSyncState(db);
    await clearAllData(db);
    const counts = await countTables(db);
    expect(Object.entries(counts).filter(([name, n]) => name !== 'syncState' && n > 0)).toEqual([]);
    expect(await getSyncState(db)).toMatchObject({ enabled: true, deviceId: 'devA', role: 'supervisor', cursor: 0, hlcWall: session.hlcWall });
  });

  it('takes a backup made while signed in as records only: the sync tables follow this device’s session, not the file', async () => {
    await seedEveryTable(db);
    const session = await getSyncState(db);
    const file = await createBackup(db, { now: NOW });
    expect(file.counts.outbox).toBeGreaterThan(0);
    const records = Object.keys(BACKUP_TABLES).filter((n) => !['outbox', 'syncRecords', 'syncState', 'metaPacks'].includes(n));

    // On a signed-out computer: the records, and sync stays off (the file's queue belonged to another session).
    other = freshDb();
    const result = await restoreBackup(other, await readBackup(other, file.data));
    expect(result).toMatchObject({ verified: true, resync: false });
    expect(result.hash).toBe(await hashDatabase(other, records));
    for (const name of records) expect(await other.table(name).toArray(), name).toEqual(await db.table(name).toArray());
    expect(await other.outbox.count()).toBe(0);
    expect(await other.syncRecords.count()).toBe(0);
    expect(await getSyncState(other)).toMatchObject({ enabled: false, status: 'off', hlcWall: session.hlcWall, hlcCounter: session.hlcCounter });

    // On the signed-in computer it came from: the session stays and starts a full sync over the restored records.
    await db.notes.clear();
    const again = await restoreBackup(db, await readBackup(db, file.data));
    expect(again).toMatchObject({ verified: true, resync: true });
    expect(await db.notes.count()).toBe(file.counts.notes);
    expect(await db.outbox.count()).toBe(0);
    expect(await getSyncState(db)).toMatchObject({ enabled: true, deviceId: 'devA', cursor: 0, rescan: true });
  });
});
