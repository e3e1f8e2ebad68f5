import type { KefuDatabase } from './database';
import { INITIAL_SYNC_STATE, SyncState, type Rejection } from './sync-records';

/** Reads the sync state row; a missing or unreadable row is the initial state (sync off). */
export async function getSyncState(db: KefuDatabase): Promise<SyncState> {
  const row = await db.syncState.get('state');
  if (!row) return INITIAL_SYNC_STATE;
  const parsed = SyncState.safeParse(row);
  return parsed.success ? parsed.data : { ...INITIAL_SYNC_STATE, ...row, rejections: [] };
}

/** Changes the sync state row in one transaction (the clock and cursor are read and written together). */
export async function updateSyncState(db: KefuDatabase, patch: (s: SyncState) => Partial<SyncState>): Promise<SyncState> {
  return db.transaction('rw', db.syncState, async () => {
    const current = await getSyncState(db);
    const next = SyncState.parse({ ...current, ...patch(current) });
    await db.syncState.put(next);
    return next;
  });
}

/**
 * Turns queuing on for a signed-in device. The clock keeps what it has seen
 * (a device that signs in again never stamps behind its earlier edits); the
 * cursor starts over when the team or device changes.
 */
export async function enableSyncState(db: KefuDatabase, device: { deviceId: string; role: 'supervisor' | 'agent'; sameTeam: boolean }): Promise<SyncState> {
  return updateSyncState(db, (s) => ({
    enabled: true,
    deviceId: device.deviceId,
    role: device.role,
    status: 'idle',
    cursor: device.sameTeam ? s.cursor : 0,
    snapshot: device.sameTeam ? s.snapshot : undefined,
    failures: 0,
  }));
}

/**
 * Sync off (signed out): nothing more is queued, and what waited in the
 * outbox is dropped with the sync metadata: it belonged to that session.
 * Local records stay as they are.
 */
export async function disableSyncState(db: KefuDatabase): Promise<void> {
  await db.transaction('rw', [db.syncState, db.outbox, db.syncRecords, db.metaPacks], async () => {
    const s = await getSyncState(db);
    await db.outbox.clear();
    await db.syncRecords.clear();
    await db.metaPacks.clear();
    // The notes stay, so whether some still wait for their search tokens does too.
    await db.syncState.put({ ...INITIAL_SYNC_STATE, hlcWall: s.hlcWall, hlcCounter: s.hlcCounter, ...noteIndexOf(s) });
  });
}

/** The indexers' part of the state (lib/db/note-index.ts, customer-index.ts): it describes the records, not the session. */
function noteIndexOf(s: SyncState): Pick<SyncState, 'notesUnindexed' | 'noteIndexFrom' | 'noteIndexWalk' | 'stagedNotes' | 'customersUnindexed'> {
  const staged = {
    ...(s.stagedNotes === undefined ? {} : { stagedNotes: s.stagedNotes }),
    ...(s.customersUnindexed === undefined ? {} : { customersUnindexed: s.customersUnindexed }),
  };
  if (!s.notesUnindexed) return staged;
  return {
    ...staged,
    notesUnindexed: true,
    ...(s.noteIndexFrom === undefined ? {} : { noteIndexFrom: s.noteIndexFrom }),
    ...(s.noteIndexWalk === undefined ? {} : { noteIndexWalk: s.noteIndexWalk }),
  };
}

export function addRejections(s: SyncState, rejections: readonly Rejection[]): Rejection[] {
  return [...rejections, ...s.rejections].slice(0, 20);
}

const laterClock = (a: Pick<SyncState, 'hlcWall' | 'hlcCounter'>, b: Pick<SyncState, 'hlcWall' | 'hlcCounter'>) =>
  a.hlcWall > b.hlcWall || (a.hlcWall === b.hlcWall && a.hlcCounter >= b.hlcCounter) ? a : b;

/**
 * The sync tables after this device's records were replaced wholesale (a
 * backup restored, all data cleared). They describe the device's session with
 * the team server, not data, so they follow the session as it is, never a
 * file: a restore must not sign a device in or out, nor push a past session's
 * changes again.
 * - Signed in: the session stays; the outbox and per-record sync data are
 *   dropped and the cursor starts over, so the next sync pulls the team's
 *   data in full over the replaced records (a restore never overwrites what
 *   the team has; the server's version wins), then queues what the server
 *   has never seen (`rescan`).
 * - Signed out: sync stays off.
 * The clock keeps the later of what it had and what the file had, so no
 * stamp is ever issued twice. The note indexer's flag follows the notes now
 * in place: `notesUnindexed` when some of them lack their search tokens
 * (restored from a backup made while the index was being built), with the
 * walk starting over, `stagedNotes` when some are staged in packs, and
 * `customersUnindexed` when customers lack theirs. Runs inside the caller's transaction, which must
 * include the sync tables. Returns whether a full sync will follow.
 */
export async function resetSyncAfterReplace(
  db: KefuDatabase,
  session: SyncState,
  fileState?: SyncState,
  opts: { notesUnindexed?: boolean; stagedNotes?: number; customersUnindexed?: boolean } = {},
): Promise<boolean> {
  const clock = laterClock(session, fileState ?? session);
  const noteIndex = {
    ...(opts.notesUnindexed ? { notesUnindexed: true } : {}),
    ...(opts.stagedNotes ? { stagedNotes: { done: 0, total: opts.stagedNotes } } : {}),
    ...(opts.customersUnindexed ? { customersUnindexed: {} } : {}),
  };
  await db.outbox.clear();
  await db.syncRecords.clear();
  await db.metaPacks.clear();
  if (!session.enabled) {
    await db.syncState.put({ ...INITIAL_SYNC_STATE, hlcWall: clock.hlcWall, hlcCounter: clock.hlcCounter, ...noteIndex });
    return false;
  }
  const { lastError: _error, notesUnindexed: _flag, noteIndexFrom: _from, noteIndexWalk: _walk, stagedNotes: _staged, customersUnindexed: _customers, snapshot: _snapshot, ...rest } = session;
  await db.syncState.put(
    SyncState.parse({
      ...rest,
      hlcWall: clock.hlcWall,
      hlcCounter: clock.hlcCounter,
      cursor: 0,
      status: 'idle',
      failures: 0,
      rejections: [],
      rescan: true,
      ...noteIndex,
    }),
  );
  return true;
}

/**
 * How far a catch-up has come, in whole percent (0–99: 100 is "synced"), or
 * undefined when none is under way. A first sync's snapshot counts the
 * records stored of the records it holds; a pull, the cursor's way from
 * where it began to the team's counter (changes are numbered by the server,
 * so that is the share of the way, not a count of records).
 */
export function catchUpPercent(s: SyncState): number | undefined {
  if (s.status !== 'syncing') return undefined;
  let done: number;
  if (s.snapshot && s.snapshot.total > 0) done = s.snapshot.done / s.snapshot.total;
  else if (s.catchUp && s.catchUp.to > s.catchUp.from) done = (s.cursor - s.catchUp.from) / (s.catchUp.to - s.catchUp.from);
  else return undefined;
  return Math.max(0, Math.min(99, Math.floor(done * 100)));
}
