import { browser, type Browser } from 'wxt/browser';
import type { KefuDatabase } from '../db/database';
import { indexPendingCustomers } from '../db/customer-index';
import { expandMetaPacks } from '../db/meta-packs';
import { indexPendingNotes } from '../db/note-index';
import { notesPending } from '../db/note-packs';
import { getSyncState } from '../db/sync-state';
import { log } from '../log';
import { SYNC_ALARM } from './sync';

/**
 * Expands a first sync's staged sync metadata (lib/db/meta-packs.ts), gives
 * its customers their search tokens (lib/db/customer-index.ts), then
 * builds the note search index in the background (lib/db/note-index.ts)
 * while notes wait for it (SyncState.stagedNotes or notesUnindexed): at every worker start, after every
 * sync run (`kick`, given to registerSync), and on the sync alarm each minute
 * (which also resumes a walk the browser stopped with the worker, and picks
 * up notes a restore brought in while signed out).
 *
 * One walk at a time; a kick during a walk asks for one more pass after it
 * (the walk itself already starts over when more notes are marked). Between
 * chunks it yields to the event loop, so sync runs and the pages' requests
 * are served in between, and calls an extension API: Chrome stops an MV3
 * worker after 30 s without extension events or API calls, and a walk over
 * 100,000 notes may take longer than that.
 */
export interface NoteIndexer {
  /** Starts a walk if notes are waiting (or asks for another pass after the running one). */
  kick(): void;
  /** Stops after the current chunk; the resume point is saved. */
  stop(): void;
  /** Resolves when no walk is running. */
  settled(): Promise<void>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A cheap extension API call: resets the MV3 worker's idle timer while work remains. */
async function keepAlive(): Promise<void> {
  try {
    await browser.runtime.getPlatformInfo();
  } catch {
    // Not available (tests, other browsers): the walk resumes on the next start or alarm anyway.
  }
}

export function registerNoteIndexer(getDb: () => KefuDatabase): NoteIndexer {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const fail = (err: unknown) => log.error('building the note search index failed', err);

  const walk = async () => {
    const db = getDb();
    const state = await getSyncState(db);
    // A first sync's staged sync metadata first (lib/db/meta-packs.ts): a few seconds, and not during a sync run (its end kicks again).
    if (state.status !== 'syncing' && (await db.metaPacks.count()) > 0) {
      const started = Date.now();
      const result = await expandMetaPacks(db, { shouldStop: () => stopped, afterChunk: keepAlive });
      log.info('staged sync metadata expanded', { ...result, ms: Date.now() - started });
    }
    // Then the customers it stored without search tokens (lib/db/customer-index.ts): seconds, and search reads them meanwhile.
    if (state.customersUnindexed) {
      const started = Date.now();
      const result = await indexPendingCustomers(db, { shouldStop: () => stopped, afterChunk: keepAlive });
      log.info('customer search tokens', { ...result, ms: Date.now() - started });
    }
    if (!notesPending(state)) return;
    const started = Date.now();
    const result = await indexPendingNotes(db, {
      shouldStop: () => stopped,
      afterChunk: async () => {
        await keepAlive();
        await yieldToEventLoop();
      },
    });
    if (result.indexed > 0 || result.done) log.info('note search index', { indexed: result.indexed, done: result.done, ms: Date.now() - started });
  };

  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await walk().catch(fail);
        } while (again && !stopped);
      } finally {
        running = undefined;
      }
    })();
  };

  const onAlarm = (alarm: Browser.alarms.Alarm) => {
    if (alarm.name === SYNC_ALARM) kick();
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  kick();

  return {
    kick,
    stop() {
      stopped = true;
      browser.alarms.onAlarm.removeListener(onAlarm);
    },
    async settled() {
      await running;
    },
  };
}
