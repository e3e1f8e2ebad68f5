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
    failures: 0,
  }));
}

/**
 * Sync off (signed out): nothing more is queued, and what waited in the
 * outbox is dropped with the sync metadata: it belonged to that session.
 * Local records stay as they are.
 */
export async function disableSyncState(db: KefuDatabase): Promise<void> {
  await db.transaction('rw', [db.syncState, db.outbox, db.syncRecords], async () => {
    const s = await getSyncState(db);
    await db.outbox.clear();
    await db.syncRecords.clear();
    await db.syncState.put({ ...INITIAL_SYNC_STATE, hlcWall: s.hlcWall, hlcCounter: s.hlcCounter });
  });
}

export function addRejections(s: SyncState, rejections: readonly Rejection[]): Rejection[] {
  return [...rejections, ...s.rejections].slice(0, 20);
}
