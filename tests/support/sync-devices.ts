import Dexie from 'dexie';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { KefuDatabase } from '../../lib/db/database';
import { enableSyncState } from '../../lib/db/sync-state';
import { freshDb } from '../../lib/db/testing';
import type { Connection, Fetch } from '../../lib/sync/client/api';
import type { SessionResponse } from '../../lib/sync/protocol';
import type { Instance } from '../../server/instance';
import { openEmbedded } from '../../server/storage';
import { testInstance } from '../../server/testing/harness';

/**
 * Devices syncing with the real server app in process (Hono's app.request()
 * on an in-memory PGlite), each device's database on fake-indexeddb: the
 * set-up of the sync engine's tests. Call at the top of a test file; it adds
 * the hooks that start the server once and delete every device's database
 * after each test.
 */
export const SERVER = 'http://localhost';
/** Retries without waiting. */
export const fast = { sleep: () => Promise.resolve() };

export interface Device {
  db: KefuDatabase;
  conn: Connection;
  session: SessionResponse;
  who: { author: string };
}

export interface SyncTestServer {
  /** The running instance (after beforeAll). */
  readonly instance: Instance;
  /** Requests answered by the instance, in process. */
  inProcess: Fetch;
  /** A device signed in as `session`, with sync turned on. */
  device: (session: SessionResponse, fetch?: Fetch) => Promise<Device>;
  /** A database of a device not signed in. */
  localDb: () => KefuDatabase;
}

export function useSyncServer(): SyncTestServer {
  // PGlite and argon2 on a shared 2-CPU machine.
  vi.setConfig({ testTimeout: 60_000 });
  let instance: Instance | undefined;
  const dbs: KefuDatabase[] = [];
  beforeAll(async () => {
    instance = await testInstance(await openEmbedded(undefined));
  }, 120_000);
  afterAll(async () => {
    await instance?.close();
  });
  afterEach(async () => {
    for (const db of dbs.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
    fakeBrowser.reset();
  });
  const localDb = () => {
    const db = freshDb();
    dbs.push(db);
    return db;
  };
  const inProcess: Fetch = async (url, init) => server.instance.app.request(url, init);
  const server: SyncTestServer = {
    get instance() {
      if (!instance) throw new Error('the sync test server is not started yet (use it inside a test)');
      return instance;
    },
    inProcess,
    localDb,
    device: async (session, fetch = inProcess) => {
      const db = localDb();
      await enableSyncState(db, { deviceId: session.device.id, role: session.user.role, sameTeam: false });
      return { db, conn: { serverUrl: SERVER, token: session.token, fetch }, session, who: { author: session.user.name } };
    },
  };
  return server;
}
