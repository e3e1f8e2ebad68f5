import { useLiveQuery } from 'dexie-react-hooks';
import type { KefuDatabase } from '@/lib/db/database';
import { NO_LOCKS, teamLocks, type TeamLocks } from '@/lib/db/team-locks';

/** The team records this agent may use but not change, kept current as sync brings them. */
export function useTeamLocks(db: KefuDatabase): TeamLocks {
  return useLiveQuery(() => teamLocks(db), [db], NO_LOCKS);
}
