import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { openEmbedded, type Storage } from './storage';
import { SNAPSHOT_PAGE_SQL } from './sync-store';
import { rowsScanned } from './testing/harness';
import { startUpkeep, UPKEEP, type Upkeep } from './upkeep';

let storage: Storage;
let upkeep: Upkeep | undefined;
beforeEach(async () => {
  storage = await openEmbedded(undefined);
  await migrate(storage);
  await storage.exec(`insert into teams (id, name, created_at) values ('T', '测试旗舰店', 0)`);
});
afterEach(async () => {
  await upkeep?.stop();
  upkeep = undefined;
  await storage.close();
});

let written = 0;
/** `count` records written straight into the table, and the team's counter moved as push moves it. */
async function write(count: number): Promise<void> {
  await storage.query(
    `insert into records (team_id, kind, id, customer_id, seq, state, snapshot)
     select 'T', case when g % 10 = 0 then 'customer' else 'note' end, 'r' || g, 'c' || (g % 300), g, '{}'::jsonb, '{}' from generate_series($1::integer + 1, $1::integer + $2::integer) g`,
    [written, Math.round(count)],
  );
  written += Math.round(count);
  await storage.query(`update teams set seq = $1 where id = 'T'`, [written]);
}

const lastRun = async () =>
  (await storage.query<{ last_analyze: Date | null; last_vacuum: Date | null }>(`select last_analyze, last_vacuum from pg_stat_user_tables where relname = 'records'`))[0];

describe('upkeep of the embedded store', () => {
  beforeEach(() => {
    written = 0;
  });

  it('analyzes at start, so a snapshot page reads its page, not the whole team', async () => {
    await write(5_000);
    const page = () => rowsScanned(storage, SNAPSHOT_PAGE_SQL, ['T', written, 'nobody', 'c150', 'note', 'r1', 1_001]);
    // Never analyzed: the planner guesses, reads most of the team and sorts it.
    expect((await page()).most).toBeGreaterThan(3_000);
    upkeep = startUpkeep(storage, { intervalMs: 3_600_000 });
    expect(await upkeep.tick()).toBe('none'); // after the start's own check, which analyzed
    expect(await page()).toEqual({ most: 1_001, answered: 1_001 });
  });

  it('analyzes again after 50 records plus 10% of the table were written, and vacuums at 20%', async () => {
    await write(5_000);
    upkeep = startUpkeep(storage, { intervalMs: 3_600_000 });
    expect(await upkeep.tick()).toBe('none');
    const started = await lastRun();
    expect(started?.last_analyze).not.toBeNull();

    await write(UPKEEP.threshold + 0.1 * 5_000 - 10);
    expect(await upkeep.tick()).toBe('none');
    await write(20);
    expect(await upkeep.tick()).toBe('analyze');
    expect(await upkeep.tick()).toBe('none');

    // 20% of the table as it was last analyzed (5,560 rows), counted from the start.
    await write(UPKEEP.threshold + 0.2 * 5_560 - 560 + 10);
    expect(await upkeep.tick()).toBe('vacuum');
    expect((await lastRun())?.last_vacuum).not.toBeNull();
    expect(await upkeep.tick()).toBe('none');
  });
});
