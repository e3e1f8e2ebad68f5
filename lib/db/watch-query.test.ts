import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KefuDatabase } from './database';
import { createReply, listReplies } from './replies';
import { freshDb } from './testing';
import { EarlyRead, watchQuery } from './watch-query';

const dbs: KefuDatabase[] = [];
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const who = { author: '小王' };
const draft = (title: string) => ({ title, body: `${title}的话术`, group: '售后', code: '', tags: [], variants: [], pinned: false });

/** Opened first: creating the database reports every table as written (Dexie's storagemutated). */
async function openDb(): Promise<KefuDatabase> {
  const db = freshDb();
  dbs.push(db);
  await db.open();
  return db;
}

function watch(db: KefuDatabase, tables: string[], minGapMs?: number, readMs = 0) {
  const results: string[][] = [];
  let runs = 0;
  const errors: unknown[] = [];
  stops.push(
    watchQuery(
      db,
      tables,
      async () => {
        runs++;
        const titles = (await listReplies(db)).map((r) => r.title);
        // A slow read (20,000 rows), for writes to come while it reads.
        if (readMs) await new Promise((resolve) => setTimeout(resolve, readMs));
        return titles;
      },
      (titles) => results.push(titles),
      (err) => errors.push(err),
      { minGapMs },
    ),
  );
  return { results, runs: () => runs, errors };
}

describe('watchQuery', () => {
  it('answers at once, and again after a write to a watched table only', async () => {
    const db = await openDb();
    const w = watch(db, ['replies']);
    await vi.waitFor(() => expect(w.results).toHaveLength(1));
    await createReply(db, draft('退款'), who);
    await vi.waitFor(() => expect(w.results.at(-1)).toContain('退款'));
    const runs = w.runs();
    await db.usageEvents.put({ id: 'u1', kind: 'insert', replyId: 'r1', createdAt: 1, updatedAt: 1, author: '小王' } as never);
    expect(await db.usageEvents.count()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(w.runs()).toBe(runs);
    expect(w.errors).toEqual([]);
  });

  it('writes that come while it reads are read a few times, not once per write, and the last read has them all', async () => {
    const db = await openDb();
    const w = watch(db, ['replies'], 200, 40);
    await vi.waitFor(() => expect(w.results).toHaveLength(1));
    const before = w.runs();
    for (let i = 0; i < 20; i++) {
      await createReply(db, draft(`话术${i}`), who);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await vi.waitFor(() => expect(w.results.at(-1)?.filter((t) => t.startsWith('话术'))).toHaveLength(20), { timeout: 3000 });
    expect(w.runs() - before).toBeLessThan(8);
  });

  it('a write after a quiet spell is answered at once, even with a long gap', async () => {
    const db = await openDb();
    const w = watch(db, ['replies'], 5000);
    await vi.waitFor(() => expect(w.results).toHaveLength(1));
    for (const title of ['退款', '发货']) {
      const asked = performance.now();
      await createReply(db, draft(title), who);
      await vi.waitFor(() => expect(w.results.at(-1)).toContain(title), { timeout: 1000 });
      expect(performance.now() - asked).toBeLessThan(1000);
    }
  });

  it('reads nothing more once stopped', async () => {
    const db = await openDb();
    const w = watch(db, ['replies']);
    await vi.waitFor(() => expect(w.results).toHaveLength(1));
    stops.pop()!();
    await createReply(db, draft('退款'), who);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(w.results).toHaveLength(1);
  });

  it('takes over a read started early, and reads again if a write came before it took over', async () => {
    const db = await openDb();
    let runs = 0;
    const titles = async () => {
      runs++;
      return (await listReplies(db)).map((r) => r.title);
    };
    // Nothing written in between: the early read is the only one.
    const quiet = new EarlyRead(db, ['replies'], titles);
    const results: string[][] = [];
    stops.push(watchQuery(db, ['replies'], titles, (t) => results.push(t), () => undefined, quiet.take()));
    await vi.waitFor(() => expect(results).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(runs).toBe(1);
    stops.pop()!();

    // A reply saved after the early read started and before the watch: read again, with it.
    runs = 0;
    const early = new EarlyRead(db, ['replies'], titles);
    await createReply(db, draft('退款'), who);
    const later: string[][] = [];
    stops.push(watchQuery(db, ['replies'], titles, (t) => later.push(t), () => undefined, early.take()));
    await vi.waitFor(() => expect(later.at(-1)).toContain('退款'));
    expect(runs).toBe(2);
    // Taken once: a watch started again reads afresh.
    expect(early.take()).toEqual({ first: undefined, firstMissed: true });
  });

  it('stops listening when no watch takes the read, and a late watch reads once more', async () => {
    const db = await openDb();
    const listeners = () => (Dexie.on('storagemutated') as unknown as { subscribers: unknown[] }).subscribers.length;
    const before = listeners();
    let runs = 0;
    const titles = async () => {
      runs++;
      return (await listReplies(db)).map((r) => r.title);
    };
    // A render thrown away: its early read is never taken.
    const orphan = new EarlyRead(db, ['replies'], titles, 50);
    expect(listeners()).toBe(before + 1);
    await vi.waitFor(() => expect(listeners()).toBe(before));
    // Taken after all, with no write since: it cannot know that, so it reads again.
    const results: string[][] = [];
    stops.push(watchQuery(db, ['replies'], titles, (t) => results.push(t), () => undefined, orphan.take()));
    await vi.waitFor(() => expect(runs).toBe(2));
    expect(results.at(-1)).toEqual([]);
  });
});
