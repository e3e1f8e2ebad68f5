import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Storage } from './storage';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any constant the two instances agree on; the advisory lock serialises their migrations. */
const MIGRATION_LOCK = 7_202_601;

/**
 * Runs the plain SQL files in server/migrations in name order, each once, all
 * in one transaction that first takes an advisory lock: when two instances
 * start together on one PostgreSQL, the second waits for the first and then
 * finds nothing left to do. Returns the names it applied.
 */
export async function migrate(storage: Storage, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const sources = await Promise.all(files.map(async (f) => ({ name: f, sql: await readFile(dir + f, 'utf8') })));
  return storage.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('create table if not exists schema_migrations (name text primary key, applied_at bigint not null)');
    const done = new Set((await tx.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name));
    const applied: string[] = [];
    for (const { name, sql } of sources) {
      if (done.has(name)) continue;
      await tx.exec(sql);
      await tx.query('insert into schema_migrations (name, applied_at) values ($1, $2)', [name, Date.now()]);
      applied.push(name);
    }
    return applied;
  });
}
