import type { Context } from 'hono';
import { createApp } from './app';
import type { Argon2Params } from './auth';
import { ChangeFeed } from './change-feed';
import { migrate } from './migrate';
import type { Storage } from './storage';

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
  return {
    app,
    storage,
    feed,
    async close() {
      await feed.stop();
      await storage.close();
    },
  };
}
