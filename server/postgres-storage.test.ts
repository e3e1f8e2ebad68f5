import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from './instance';
import { openPostgres } from './storage';
import { call, newAgent, newTeam, NEW_REPLY, ok, pullAll, pushOk, readEvents, reply, testInstance } from './testing/harness';
import { startTestPostgres } from './testing/postgres';
import { storageContract } from './testing/storage-contract';

/*
 * The same storage contract as PGlite, against a real PostgreSQL, plus what
 * only a real server can show: several server instances on one database.
 * Skipped (with the reason printed) on a machine without PostgreSQL; never on
 * CI, where .ci/setup installs it.
 */
const server = await startTestPostgres();
const skipped = 'skipped' in server ? server.skipped : undefined;
if (skipped) {
  if (process.env.CI === 'true') throw new Error(`CI must run the PostgreSQL storage tests, but: ${skipped}`);
  console.warn(`[server tests] skipping the real-PostgreSQL tests: ${skipped}`);
}
const pgServer = 'skipped' in server ? undefined : server;

afterAll(async () => {
  await pgServer?.stop();
});

/** A new empty database on the test cluster. */
async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: pgServer!.admin });
  await admin.connect();
  await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  await admin.end();
  return pgServer!.admin.replace(/\/postgres$/, `/${name}`);
}

describe.skipIf(!pgServer)('storage: PostgreSQL', () => {
  describe('contract', () => {
    storageContract(async () => openPostgres(await freshDatabase('contract')));
  });

  describe('two server instances on one database', () => {
    let a: Instance;
    let b: Instance;
    beforeAll(async () => {
      const url = await freshDatabase('two_instances');
      // Started together: the migrations' advisory lock lets one migrate and the other find it done.
      [a, b] = await Promise.all([testInstance(openPostgres(url)), testInstance(openPostgres(url))]);
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
    });

    it('migrated the database once', async () => {
      const rows = await a.storage.query<{ name: string }>('select name from schema_migrations');
      expect(rows.map((r) => r.name)).toEqual(['001_accounts_and_records.sql', '002_record_locks.sql']);
    });

    it('a change pushed to one instance arrives on the other instance’s stream, and pulls there', async () => {
      const boss = await newTeam(a);
      const agent = await newAgent(a, boss);
      // The agent's device talks to instance B; the token works there: it lives in the database.
      const stream = await call(b, 'GET', '/v1/sync/stream', { token: agent.token });
      const events = readEvents(stream, (e) => e.event === 'change');
      const started = Date.now();
      const pushed = await pushOk(a, boss, [reply(boss, 'two-1', NEW_REPLY)]);
      const seen = await events;
      expect(seen.at(-1)).toEqual({ event: 'change', data: JSON.stringify({ cursor: pushed.cursor }) });
      expect(Date.now() - started).toBeLessThan(2000);
      const pulled = await pullAll(b, agent);
      expect(pulled.changes.map((c) => c.id)).toEqual(['two-1']);
    });

    it('a device revoked on one instance is refused on the other at once', async () => {
      const boss = await newTeam(a);
      const agent = await newAgent(a, boss);
      expect((await call(b, 'GET', '/v1/me', { token: agent.token })).status).toBe(200);
      await ok(await call(a, 'DELETE', `/v1/devices/${agent.device.id}`, { token: boss.token }), 204);
      expect((await call(b, 'GET', '/v1/me', { token: agent.token })).status).toBe(401);
    });

    it('the sign-in rate limit counts attempts on both instances together', async () => {
      const boss = await newTeam(a);
      const attempt = (instance: Instance) =>
        call(instance, 'POST', '/v1/sessions', { body: { login: boss.user.login, password: 'wrong password', deviceName: 'x' }, peer: '127.0.0.3' });
      for (let i = 0; i < 5; i++) {
        expect((await attempt(a)).status).toBe(401);
        expect((await attempt(b)).status).toBe(401);
      }
      expect((await attempt(a)).status).toBe(429);
      expect((await attempt(b)).status).toBe(429);
    });
  });
});
