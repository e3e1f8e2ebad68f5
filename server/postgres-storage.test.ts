import pg from 'pg';
import { PullResponse, PushResponse, type MutationInput, type SessionResponse } from '../lib/sync/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from './instance';
import { openPostgres } from './storage';
import { lockKey } from './sync-store';
import { call, newAgent, newTeam, NEW_REPLY, ok, pullAll, pushOk, readEvents, reply, stamp, testInstance } from './testing/harness';
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
      expect(rows.map((r) => r.name)).toEqual(['001_accounts_and_records.sql', '002_record_locks.sql', '003_snapshot_order.sql', '004_snapshot_records.sql', '005_snapshot_missing.sql']);
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

  /*
   * Pushes lock the records they read, not the team, until their last
   * statement (server/sync-store.ts). These hold locks from connections of
   * their own to line the pushes up exactly as a race would, so each shows
   * what it guards against every time, not by luck.
   */
  describe('pushes on concurrent connections', () => {
    let instance: Instance;
    let url: string;
    const holders: pg.Client[] = [];
    beforeAll(async () => {
      url = await freshDatabase('concurrent_pushes');
      instance = await testInstance(openPostgres(url));
    });
    afterAll(async () => {
      await Promise.all(holders.map((c) => c.end().catch(() => {})));
      await instance?.close();
    });

    async function holder(): Promise<pg.Client> {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      holders.push(c);
      return c;
    }
    /** Waits until `n` backends of this database wait on a lock (the pushes got as far as they can). */
    async function lockWaiters(n: number): Promise<void> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const [row] = await instance.storage.query<{ n: unknown }>(
          `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (Number(row?.n) >= n) return;
        if (Date.now() > deadline) throw new Error(`expected ${n} pushes waiting on a lock, saw ${String(row?.n)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const pushRaw = (session: SessionResponse, mutations: MutationInput[]) =>
      call(instance, 'POST', '/v1/sync/push', { token: session.token, body: { mutations } }).then(async (res) => ({ status: res.status, body: (await res.json()) as unknown }));
    const teamLock = async (teamId: string) => {
      const c = await holder();
      await c.query('begin');
      // NO KEY UPDATE, as a push takes it: the key-share locks of the pushes' inserts pass, their counter update waits.
      await c.query('select 1 from teams where id = $1 for no key update', [teamId]);
      return async () => void (await c.query('commit'));
    };

    it('two pushes creating the same new record at once both land: the second merges into the first', async () => {
      const boss = await newTeam(instance);
      const release = await teamLock(boss.team.id);
      // Both get as far as they can while the team is locked: without the record's lock both read "no such record" and the second write drops the first's fields.
      const first = pushRaw(boss, [reply(boss, 'same-new', { ...NEW_REPLY, title: '第一' })]);
      await lockWaiters(1);
      const second = pushRaw(boss, [reply(boss, 'same-new', { pinned: true, sortKey: 9 })]);
      await lockWaiters(2);
      await release();
      expect((await first).status).toBe(200);
      expect((await second).status).toBe(200);
      const [record] = (await pullAll(instance, boss)).changes;
      expect(record?.fields.title?.[0]?.value).toBe('第一');
      expect(record?.fields.pinned?.[0]?.value).toBe(true);
      expect(record?.fields.sortKey?.[0]?.value).toBe(9);
    });

    it('two pushes locking the same two records in opposite order do not deadlock', async () => {
      const boss = await newTeam(instance);
      // Each record held by a connection of its own, released one after the other: had each push
      // locked its records in its own order, A would take r1 and wait for r2 while B took r2 and waited for r1.
      const [x, y] = [await holder(), await holder()];
      await x.query('select pg_advisory_lock(hashtextextended($1, 0))', [lockKey(boss.team.id, 'reply', 'r1')]);
      await y.query('select pg_advisory_lock(hashtextextended($1, 0))', [lockKey(boss.team.id, 'reply', 'r2')]);
      const a = pushRaw(boss, [reply(boss, 'r1', { ...NEW_REPLY, title: 'A1' }), reply(boss, 'r2', { ...NEW_REPLY, title: 'A2' })]);
      await lockWaiters(1);
      const b = pushRaw(boss, [reply(boss, 'r2', { body: 'B2' }), reply(boss, 'r1', { body: 'B1' })]);
      await lockWaiters(2);
      await x.query('select pg_advisory_unlock_all()');
      await new Promise((r) => setTimeout(r, 200));
      await y.query('select pg_advisory_unlock_all()');
      // A deadlock is found after deadlock_timeout (1 s) and fails one push with a 500.
      const [ra, rb] = await Promise.all([a, b]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
      const pulled = await pullAll(instance, boss);
      const byId = new Map(pulled.changes.map((c) => [c.id, c]));
      expect(byId.get('r1')?.fields.title?.[0]?.value).toBe('A1');
      expect(byId.get('r1')?.fields.body?.[0]?.value).toBe('B1');
      expect(byId.get('r2')?.fields.title?.[0]?.value).toBe('A2');
      expect(byId.get('r2')?.fields.body?.[0]?.value).toBe('B2');
    });

    it('erasing a customer while a note about them is being pushed leaves no note behind', async () => {
      const boss = await newTeam(instance);
      const customerId = `cu-erase-${boss.team.id}`;
      await pushOk(instance, boss, [{ id: `m-${customerId}`, kind: 'customer', recordId: customerId, op: 'put', hlc: stamp(boss.device.id), fields: { displayName: '王小明' } }]);
      const release = await teamLock(boss.team.id);
      // The note's push has read the customer (not erased) and waits to write; the erasure must wait for it, then cover the note too.
      const note = pushRaw(boss, [
        { id: `m-note-${customerId}`, kind: 'note', recordId: `n-${customerId}`, op: 'put', hlc: stamp(boss.device.id), customerId, fields: { customerId, text: '地址：幸福路1号', pinned: false } },
      ]);
      await lockWaiters(1);
      const erase = pushRaw(boss, [{ id: `m-erase-${customerId}`, kind: 'customer', recordId: customerId, op: 'erase', hlc: stamp(boss.device.id) }]);
      await lockWaiters(2);
      await release();
      expect((await note).status).toBe(200);
      expect((await erase).status).toBe(200);
      const records = (await pullAll(instance, boss)).changes;
      expect(records.map((r) => r.id).sort()).toEqual([customerId, `n-${customerId}`].sort());
      for (const r of records) {
        expect(r.erased).toBe(true);
        expect(JSON.stringify(r)).not.toContain('幸福路');
      }
    });

    it('a device following the cursor while many pushes commit in any order misses none of them', async () => {
      const boss = await newTeam(instance);
      const customers = Array.from({ length: 3 }, (_, i) => `cu-${i}`);
      await pushOk(
        instance,
        boss,
        customers.map((c) => ({ id: `m-${boss.team.id}-${c}`, kind: 'customer', recordId: c, op: 'put', hlc: stamp(boss.device.id), fields: { displayName: c } })),
      );
      const start = (await pullAll(instance, boss)).cursor;
      // Eight writers, each one push after another of one to three notes on shared customers (so some pushes wait on others' locks and commit late).
      let writing = true;
      const written: string[] = [];
      const writers = Array.from({ length: 8 }, async (_, w) => {
        for (let p = 0; p < 30; p++) {
          const notes = Array.from({ length: 1 + ((w + p) % 3) }, (_, i) => {
            const customerId = customers[(w + p + i) % customers.length]!;
            const recordId = `n-${w}-${p}-${i}`;
            written.push(recordId);
            return { id: `m-${boss.team.id}-${recordId}`, kind: 'note' as const, recordId, op: 'put' as const, hlc: stamp(boss.device.id), customerId, fields: { customerId, text: recordId, pinned: false } };
          });
          PushResponse.parse(await ok(await call(instance, 'POST', '/v1/sync/push', { token: boss.token, body: { mutations: notes } })));
        }
      });
      // The follower: small pages from its cursor, as a device does, all the while.
      const seen = new Set<string>();
      let cursor = start;
      const follower = (async () => {
        while (writing) {
          const page = PullResponse.parse(await ok(await call(instance, 'GET', `/v1/sync/pull?cursor=${cursor}&limit=4`, { token: boss.token })));
          for (const c of page.changes) seen.add(c.id);
          cursor = page.cursor;
        }
      })();
      await Promise.all(writers);
      writing = false;
      await follower;
      for (const c of (await pullAll(instance, boss, cursor)).changes) seen.add(c.id);
      expect(written.length).toBeGreaterThan(400);
      expect([...written].filter((id) => !seen.has(id))).toEqual([]);
    });
  });
});
