import type { KefuDatabase } from './database';
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

export async function teamLocks(db: KefuDatabase): Promise<TeamLocks> {
  const state = await getSyncState(db);
  if (!state.enabled || state.role !== 'agent') return NO_LOCKS;
  const ids = new Set<string>();
  for (const kind of LOCKED_KINDS) {
    // Sync meta ids are `${kind}:${recordId}`: one key range per kind, not a scan of every note's.
    await db.syncRecords
      .where('id')
      .startsWith(`${kind}:`)
      .each((m: SyncRecordMeta) => {
        if (m.scope === 'team') ids.add(m.id);
      });
  }
  return { active: true, has: (kind, id) => ids.has(`${kind}:${id}`) };
}
