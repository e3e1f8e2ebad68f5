import { log } from '../lib/log';
import type { Storage } from './storage';

/**
 * What autovacuum does on PostgreSQL, for the embedded store, which has none
 * (PGlite is one process, without background workers). Without ANALYZE the
 * planner has no statistics at all, and guesses: for a team of 100,000
 * records, each page of a first sync's snapshot read all of the team's
 * records after the page's key and sorted them (62 ms a page, against 2 ms
 * once analyzed). Without VACUUM, the old versions edits leave behind (a
 * record's change number is indexed, so no edit is made in place) stay in
 * the table and its indexes.
 *
 * The teams' counters, summed, count the record writes ever made (every
 * changed record takes the next value of its team's counter), so upkeep reads
 * them and, as autovacuum's default thresholds say, analyzes once 50 records
 * plus 10% of the table were written since the last time, and vacuums (and
 * analyzes) at 20%. Once at start, then every `intervalMs`: the check is one
 * small query, and it must come soon after a burst of writes. A team of
 * 123,000 records pushed in 45 s, then read by a new device's first sync:
 * the whole snapshot took 30 s without upkeep, 20 s with a check a minute
 * (most pages came before it), 5.8 s with a check every 10 s.
 *
 * Each ANALYZE or VACUUM is one statement between the store's others: PGlite
 * runs one at a time, so a push meanwhile waits for it. For 100,000 records
 * that is 0.21 s for ANALYZE (a sample of at most 30,000 rows a table) and
 * 0.23 s for VACUUM ANALYZE here.
 */
export const UPKEEP = { intervalMs: 10_000, threshold: 50, analyzeFraction: 0.1, vacuumFraction: 0.2 } as const;

export interface Upkeep {
  /** One check, and whatever it calls for; the timer runs these. */
  tick(): Promise<'analyze' | 'vacuum' | 'none'>;
  /** Stops the timer and waits for a check in progress. */
  stop(): Promise<void>;
}

export function startUpkeep(storage: Storage, options: { intervalMs?: number } = {}): Upkeep {
  let analyzedAt: number | undefined;
  let vacuumedAt: number | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const check = async (): Promise<'analyze' | 'vacuum' | 'none'> => {
    const [row] = await storage.query<{ writes: unknown; rows: unknown }>(
      `select (select coalesce(sum(seq), 0) from teams) as writes, (select greatest(reltuples, 0) from pg_class where oid = 'records'::regclass) as rows`,
    );
    const writes = Number(row?.writes ?? 0);
    const rows = Number(row?.rows ?? 0);
    // At start nothing is known of the last run: analyze (cheap), and count vacuum's writes from here.
    vacuumedAt ??= writes;
    if (writes - vacuumedAt > UPKEEP.threshold + UPKEEP.vacuumFraction * rows) {
      await storage.exec('vacuum analyze');
      vacuumedAt = analyzedAt = writes;
      return 'vacuum';
    }
    if (analyzedAt === undefined || writes - analyzedAt > UPKEEP.threshold + UPKEEP.analyzeFraction * rows) {
      await storage.exec('analyze');
      analyzedAt = writes;
      return 'analyze';
    }
    return 'none';
  };
  const tick = () => {
    const next = running.then(check);
    running = next.catch(() => undefined);
    return next;
  };
  const run = () => {
    void tick().catch((err: unknown) => {
      if (!stopped) log.error('the embedded store’s upkeep (ANALYZE/VACUUM) failed; it is tried again at the next check', err);
    });
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? UPKEEP.intervalMs);
  timer.unref?.();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
