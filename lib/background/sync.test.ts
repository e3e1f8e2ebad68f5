import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { KefuDatabase } from '../db/database';
import { createReply } from '../db/replies';
import { getSyncState } from '../db/sync-state';
import { freshDb } from '../db/testing';
import { registerSync, SYNC_ALARM } from './sync';

/*
 * The background wiring with sync off, the default: the alarm is set, but
 * nothing reaches the network and nothing is queued. Runs against a server
 * are in tests/sync-engine.test.ts.
 */
let db: KefuDatabase;
let stop: (() => void) | undefined;
const fetchSpy = vi.fn(() => Promise.reject(new Error('no network expected')));

beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal('fetch', fetchSpy);
  db = freshDb();
});
afterEach(async () => {
  stop?.();
  stop = undefined;
  vi.unstubAllGlobals();
  fetchSpy.mockClear();
  await db.delete();
});

describe('background sync while signed out', () => {
  it('sets the minute alarm, answers Sync now with "off", and never calls the network', async () => {
    stop = registerSync(() => db);
    await vi.waitFor(async () => expect((await fakeBrowser.alarms.get(SYNC_ALARM))?.periodInMinutes).toBe(1));
    await createReply(db, { title: '发货', body: '亲，48小时内发货', group: '', code: '', tags: [], variants: [], pinned: false }, { author: '小王' });
    const envelope = { channel: 'kefu', type: 'syncNow', payload: {} };
    // A console page is refused; the extension's own pages are answered.
    const fromPage = await fakeBrowser.runtime.onMessage.trigger(envelope, { id: fakeBrowser.runtime.id, url: 'https://im.jinritemai.com/pc_seller_v2/' });
    expect(fromPage.find(Boolean)).toBeUndefined();
    const answers = await fakeBrowser.runtime.onMessage.trigger(envelope, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/sidebar.html') });
    expect(await answers.find(Boolean)).toEqual({ ok: true, data: { status: 'off' } });
    await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_ALARM, scheduledTime: Date.now() });
    expect(await db.outbox.count()).toBe(0);
    expect((await getSyncState(db)).enabled).toBe(false);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('calls afterRun after each run (the note indexer starts there), even one that had nothing to do', async () => {
    const afterRun = vi.fn();
    stop = registerSync(() => db, { afterRun });
    await vi.waitFor(() => expect(afterRun).toHaveBeenCalledTimes(1));
    const envelope = { channel: 'kefu', type: 'syncNow', payload: {} };
    const answers = await fakeBrowser.runtime.onMessage.trigger(envelope, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/sidebar.html') });
    await answers.find(Boolean);
    expect(afterRun).toHaveBeenCalledTimes(2);
  });
});
