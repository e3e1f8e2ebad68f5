import type { KefuDatabase } from './database';
import { allStagedMetas } from './meta-packs';
import type { SyncRecordMeta } from './sync-records';
import { getSyncState } from './sync-state';

/**
 * Which records a signed-in agent may use but not change: the team reply
 * library, and the checklist templates, rule sets and group order the team
 * server sent.
 * The outbox middleware refuses such writes (lib/db/outbox.ts); the UI reads
 * this to show them read-only instead of offering buttons that would fail.
 */
export interface TeamLocks {
  /** False when nothing is locked: sync off, or signed in as the supervisor. */
  readonly active: boolean;
  has(kind: LockedKind, id: string): boolean;
}

export const NO_LOCKS: TeamLocks = { active: false, has: () => false };

const LOCKED_KINDS = ['reply', 'checklist-template', 'rule-set', 'group-order'] as const;
export type LockedKind = (typeof LOCKED_KINDS)[number];

/** Whether this device's records can be locked at all: an agent signed in to a team. */
export async function locksApply(db: KefuDatabase): Promise<boolean> {
  const state = await getSyncState(db);
  return state.enabled && state.role === 'agent';
}

/**
 * The team's records among the sync metadata, read with one request per kind
 * (a cursor's step per record took seconds at 20,000 team replies). Reads
 * syncRecords and metaPacks only, so a live query over them is not run again
 * at each write of the sync state (a first sync writes it at each of a
 * hundred pages).
 */
export async function teamLockSet(db: KefuDatabase): Promise<TeamLocks> {
  const ids = new Set<string>();
  const rows = new Set<string>();
  for (const kind of LOCKED_KINDS) {
    // Sync meta ids are `${kind}:${recordId}`: one key range per kind, not a scan of every note's.
    const metas: SyncRecordMeta[] = await db.syncRecords.where('id').startsWith(`${kind}:`).toArray();
    for (const m of metas) if (m.scope === 'team') ids.add(m.id);
    for (const m of metas) rows.add(m.id);
  }
  // A first sync's staged metadata (lib/db/meta-packs.ts), where no row says otherwise.
  for (const m of await allStagedMetas(db)) if (m.scope === 'team' && !rows.has(m.id)) ids.add(m.id);
  return { active: true, has: (kind, id) => ids.has(`${kind}:${id}`) };
}

/**
 * The locks in one read, for code that checks them once (the sync tests). The
 * sidebar and workbench keep them live through useTeamLocks, which runs the
 * two halves as separate queries so that a write of the sync state does not
 * read the set again.
 */
export async function teamLocks(db: KefuDatabase): Promise<TeamLocks> {
  return (await locksApply(db)) ? teamLockSet(db) : NO_LOCKS;
}
