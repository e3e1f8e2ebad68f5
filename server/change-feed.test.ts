import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChangeFeed } from './change-feed';
import { openEmbedded, type Storage } from './storage';
import { CHANGES_CHANNEL } from './sync-store';

/*
 * The live-change fan-out on its own, over PGlite's LISTEN/NOTIFY: a team's
 * streams hear of the first change at once and of a burst once, with its
 * highest cursor (200 agents pushing a second each would otherwise have
 * every stream write 200 events a second).
 */
let storage: Storage;
beforeAll(async () => {
  storage = await openEmbedded(undefined);
}, 120_000);
afterAll(async () => {
  await storage?.close();
});

const notify = (teamId: string, cursor: number) => storage.query('select pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify({ teamId, cursor })]);

describe('ChangeFeed', () => {
  it('tells the first change at once, a burst once with its highest cursor, and other teams apart', async () => {
    const feed = await ChangeFeed.start(storage, { coalesceMs: 2000 });
    const heard: number[] = [];
    const other: number[] = [];
    const stop = feed.subscribe('team-a', (cursor) => heard.push(cursor));
    const stopOther = feed.subscribe('team-b', (cursor) => other.push(cursor));
    try {
      await notify('team-a', 1);
      await vi.waitFor(() => expect(heard).toEqual([1]));
      await notify('team-a', 2);
      await notify('team-a', 4);
      await notify('team-a', 3);
      await notify('team-b', 7);
      await vi.waitFor(() => expect(other).toEqual([7]));
      // Within a window of the first: not yet, then once, with the highest.
      expect(heard).toEqual([1]);
      await vi.waitFor(() => expect(heard).toEqual([1, 4]), { timeout: 8000 });
      await new Promise((r) => setTimeout(r, 2200));
      expect(heard).toEqual([1, 4]);
    } finally {
      stop();
      stopOther();
      await feed.stop();
    }
  });

  it('forgets a team whose last stream closed: a pending delivery is dropped', async () => {
    const feed = await ChangeFeed.start(storage, { coalesceMs: 300 });
    const heard: number[] = [];
    const stop = feed.subscribe('team-c', (cursor) => heard.push(cursor));
    await notify('team-c', 1);
    await vi.waitFor(() => expect(heard).toEqual([1]));
    await notify('team-c', 2);
    stop();
    expect(feed.streamCount).toBe(0);
    await new Promise((r) => setTimeout(r, 600));
    expect(heard).toEqual([1]);
    await feed.stop();
  });
});
