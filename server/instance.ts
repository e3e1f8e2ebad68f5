import type { Context } from 'hono';
import { createApp } from './app';
import type { Argon2Params } from './auth';
import { ChangeFeed } from './change-feed';
import { log } from '../lib/log';
import { migrate } from './migrate';
import type { Storage } from './storage';
import { backfillSnapshots } from './sync-store';
import { startUpkeep } from './upkeep';

export interface Instance {
  app: ReturnType<typeof createApp>;
  storage: Storage;
  feed: ChangeFeed;
  close(): Promise<void>;
}

/** Migrates the store, starts listening for changes and builds the app: one server instance. */
export async function startInstance(
  storage: Storage,
  options: { trustProxy?: boolean; teamSignup?: 'open' | 'closed'; argon2?: Argon2Params; heartbeatMs?: number; clientAddress: (c: Context) => string | undefined },
): Promise<Instance> {
  await migrate(storage);
  const feed = await ChangeFeed.start(storage);
  const app = createApp({ storage, feed, ...options });
  // PostgreSQL has autovacuum; the embedded store gets the same from the instance (upkeep.ts).
  const upkeep = storage.kind === 'embedded' ? startUpkeep(storage) : undefined;
  // Records stored before push kept their snapshot form: filled in behind the start, read as they are meanwhile.
  let closing = false;
  const backfill = backfillSnapshots(storage, { shouldStop: () => closing }).then(
    (n) => {
      if (n) log.info(`stored the snapshot form of ${n} records written by an earlier version`);
    },
    (err: unknown) => {
      if (!closing) log.error('filling in the snapshot form of earlier records failed (first syncs work them out meanwhile)', err);
    },
  );
  return {
    app,
    storage,
    feed,
    async close() {
      closing = true;
      await backfill;
      await upkeep?.stop();
      await feed.stop();
      await storage.close();
    },
  };
}
