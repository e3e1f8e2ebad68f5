import { liveQuery } from 'dexie';
import { browser, type Browser } from 'wxt/browser';
import type { KefuDatabase } from '../db/database';
import { getSyncState, updateSyncState } from '../db/sync-state';
import { log } from '../log';
import { isOwnExtensionPage, listen } from '../messaging/bus';
import { connectionOf, loadAccount } from '../sync/client/account';
import { backoffMs, syncOnce } from '../sync/client/engine';
import { listenForChanges } from '../sync/client/stream';
import { createOneAtATime } from './one-at-a-time';

/**
 * Team sync in the background (issue 7): a run on an alarm every minute, right
 * after a local write (the outbox observed with liveQuery, which Dexie
 * carries across the extension's pages), when the server's change stream says
 * the team's cursor moved, and on `syncNow` from the sidebar or workbench.
 * Nothing runs while signed out (sync off, the default). Runs never overlap;
 * failures back off (5 s doubling to 5 min) and are shown by the status UI.
 */
export const SYNC_ALARM = 'team-sync';
/** Local writes come in bursts (a case and its events): wait this long after the first before pushing. */
const AFTER_WRITE_MS = 300;

const oneAtATime = createOneAtATime();

export async function runSync(db: KefuDatabase): Promise<void> {
  const account = await loadAccount();
  if (!account) return;
  await syncOnce({ db, conn: connectionOf(account) });
}

export interface SyncHooks {
  /** Called after every sync run, whatever its outcome (the note indexer starts if a pull left notes unindexed). */
  afterRun?: () => void;
}

export function registerSync(getDb: () => KefuDatabase, hooks: SyncHooks = {}): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stream: AbortController | undefined;
  const fail = (err: unknown) => log.error('team sync failed', err);
  const run = () => oneAtATime(() => runSync(getDb())).finally(() => hooks.afterRun?.());

  /** A run soon, unless a recent failure asks to wait longer. */
  const schedule = (delay: number) => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      run().catch(fail);
    }, delay);
  };

  const startStream = async () => {
    stream?.abort();
    const account = await loadAccount();
    if (!account) return;
    const controller = new AbortController();
    stream = controller;
    let failures = 0;
    while (!controller.signal.aborted) {
      try {
        const outcome = await listenForChanges(
          connectionOf(account),
          (cursor) => {
            failures = 0;
            getSyncState(getDb())
              .then((s) => {
                if (cursor > s.cursor) schedule(0);
              })
              .catch(fail);
          },
          controller.signal,
        );
        if (outcome === 'revoked') {
          await updateSyncState(getDb(), () => ({ status: 'error', lastError: { code: 'unauthorized', message: 'This device was signed out on the server: sign in again', at: Date.now() } }));
          return;
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        log.warn('change stream interrupted', { err: String(err) });
      }
      failures++;
      await new Promise((r) => setTimeout(r, backoffMs(failures)));
    }
  };

  const onAlarm = (alarm: Browser.alarms.Alarm) => {
    if (alarm.name !== SYNC_ALARM) return;
    getSyncState(getDb())
      .then((s) => {
        if (!s.enabled) return;
        // The alarm also restarts a stream the worker lost while asleep.
        if (!stream || stream.signal.aborted) startStream().catch(fail);
        // After failures in a row, wait out the backoff since the last error.
        const wait = s.lastError ? s.lastError.at + backoffMs(s.failures) - Date.now() : 0;
        schedule(Math.max(0, wait));
      })
      .catch(fail);
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  Promise.resolve()
    .then(() => browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1 }))
    .catch(fail);

  // Right after a write: the outbox grew.
  const outbox = liveQuery(() => getDb().outbox.count()).subscribe({
    next: (count) => {
      if (count > 0) schedule(AFTER_WRITE_MS);
    },
    error: fail,
  });

  const stopListening = listen(
    'background',
    {
      syncNow: async () => {
        if (!stream || stream.signal.aborted) startStream().catch(fail);
        await run();
        const s = await getSyncState(getDb());
        return { status: s.status, ...(s.lastError ? { error: s.lastError.message } : {}) };
      },
      syncAccountChanged: async () => {
        stream?.abort();
        stream = undefined;
        startStream().catch(fail);
        await run();
        return {};
      },
    },
    (sender) => isOwnExtensionPage(sender),
  );

  startStream().catch(fail);
  run().catch(fail);
  return () => {
    browser.alarms.onAlarm.removeListener(onAlarm);
    outbox.unsubscribe();
    stream?.abort();
    if (timer) clearTimeout(timer);
    stopListening();
  };
}
