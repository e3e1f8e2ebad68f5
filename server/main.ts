import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { mkdir } from 'node:fs/promises';
import { log } from '../lib/log';
import { readConfig } from './config';
import { startInstance } from './instance';
import { openEmbedded, openPostgres } from './storage';

/** `npm run server`: the team sync server. Settings: see server/README.md. */
async function main(): Promise<void> {
  const config = readConfig(process.env);
  let storage;
  if (config.DATABASE_URL) {
    storage = openPostgres(config.DATABASE_URL, (msg, err) => log.error(msg, err));
  } else {
    await mkdir(config.DATA_DIR, { recursive: true });
    storage = await openEmbedded(config.DATA_DIR);
  }
  const instance = await startInstance(storage, {
    trustProxy: config.TRUST_PROXY === '1',
    teamSignup: config.TEAM_SIGNUP,
    clientAddress: (c) => getConnInfo(c).remote.address,
  });
  const server = serve({ fetch: instance.app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    log.info(`sync server listening on http://${info.address}:${info.port} (storage: ${storage.kind})`);
  });
  const stop = () => {
    log.info('sync server stopping');
    server.close();
    instance.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('sync server: close failed', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  log.error('sync server failed to start', err);
  process.exit(1);
});
