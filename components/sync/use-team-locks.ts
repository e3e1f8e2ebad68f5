import { useLiveQuery } from 'dexie-react-hooks';
import type { KefuDatabase } from '@/lib/db/database';
import { useWatchedQuery } from '@/components/use-watched-query';
import { locksApply, NO_LOCKS, teamLockSet, type TeamLocks } from '@/lib/db/team-locks';

/**
 * The team records this agent may use but not change, kept current as sync
 * brings them. Two live queries: whether locks apply (a boolean, so the sync
 * state's writes at every pulled page change nothing here) and, only then,
 * the locked records, read again when the sync metadata changes (paced: a
 * first sync writes it at each of twenty pages of team replies).
 */
export function useTeamLocks(db: KefuDatabase): TeamLocks {
  const apply = useLiveQuery(() => locksApply(db), [db], false);
  return useWatchedQuery(db, ['syncRecords', 'metaPacks'], () => (apply ? teamLockSet(db) : Promise.resolve(NO_LOCKS)), [apply], NO_LOCKS) ?? NO_LOCKS;
}
