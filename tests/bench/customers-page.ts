/**
 * The in-browser half of tests/bench/customers.bench.ts: bundled by Vite and
 * loaded into a plain page of Debian's Chromium, it fills a real IndexedDB
 * with the generated data set and times the repository functions on it. The
 * runner calls `window.customerBench.prepare(...)` and `.measure(...)`.
 */
import Dexie from 'dexie';
import { searchCustomers } from '../../lib/db/customer-search';
import { customerForContext, toStoredCustomer } from '../../lib/db/customers';
import { KefuDatabase } from '../../lib/db/database';
import { listDueFollowUps, listFollowUps } from '../../lib/db/follow-ups';
import { addNote, listNotes, toStoredNote } from '../../lib/db/notes';
import type { StoredCustomer } from '../../lib/db/records';
import { customerTerms, noteTerms } from '../../lib/db/search-terms';
import { CustomerTab } from './customers-render';
import { benchQueries, GENERATOR_VERSION, generateCustomers, generateFollowUps, generateNotes, mulberry32, type BenchCustomer } from './generate-customers';

export interface BenchParams {
  customers: number;
  notes: number;
  followUps: number;
  seed: number;
  /** The data set's "now": every generated time is before it. */
  now: number;
  /** Customers sampled for the open-record timings. */
  opens: number;
  /** Counted passes over the search queries (after one uncounted warm-up pass). */
  searchRounds: number;
}

export type Timings = { n: number; p50: number; p95: number; max: number; extra?: string };

const DB_NAME = 'kefu-bench';
const CUSTOMER_BATCH = 5_000;
/** Notes a timeline shows before "more" (pinned ones come on top of these). */
const TIMELINE_PAGE = 50;
const NOTE_BATCH = 10_000;

const log = (msg: string) => console.log(`[bench] ${msg}`);

function stats(times: number[], extra?: string): Timings {
  const t = [...times].sort((a, b) => a - b);
  const at = (p: number) => t[Math.min(t.length - 1, Math.floor((t.length * p) / 100))] ?? NaN;
  return { n: t.length, p50: at(50), p95: at(95), max: t.at(-1) ?? NaN, extra };
}

function toStored(c: BenchCustomer): StoredCustomer {
  const { context: _context, english: _english, ...customer } = c;
  return toStoredCustomer(customer);
}

/** The tables the data set fills; other tables (e.g. complaint cases) stay empty in it. */
const FILLED_TABLES = ['customers', 'notes', 'followUps'];

/**
 * What the kept data set depends on: sizes, generator, the indexes of the
 * tables it fills and what the tokenisers make of a sample, so that a change
 * to any of them rebuilds it instead of measuring a stale one. A schema
 * version that only adds other tables does not: opening the kept database
 * upgrades it in place, adding them empty.
 */
function datasetMarker(p: BenchParams): string {
  const probe = new KefuDatabase('kefu-bench-schema-probe');
  const schema = probe.tables
    .filter((t) => FILLED_TABLES.includes(t.name))
    .map((t) => `${t.name}:${t.schema.primKey.src},${t.schema.indexes.map((i) => i.src).join(',')}`);
  const sample = generateCustomers(1, p.seed, p.now)[0]!;
  return JSON.stringify({
    customers: p.customers,
    notes: p.notes,
    followUps: p.followUps,
    seed: p.seed,
    now: p.now,
    generator: GENERATOR_VERSION,
    schema,
    tokens: [customerTerms(sample), noteTerms('买家要求顺丰发货 order SF1234')],
  });
}

const MARKER_KEY = 'customer-bench-dataset';

/**
 * Why the kept data set cannot be measured, or null when it can: its rows must
 * be exactly the ones asked for. The marker is only written once a fill has
 * finished, so a fill that was interrupted (browser killed, machine rebooted)
 * leaves none; the counts also catch a marker that outlived its data.
 */
async function keptDataSetProblem(p: BenchParams, marker: string): Promise<string | null> {
  const stored = localStorage.getItem(MARKER_KEY);
  const exists = await Dexie.exists(DB_NAME);
  if (stored === null) return exists ? 'no completion marker: an interrupted fill' : 'none yet';
  if (stored !== marker) return 'made for other sizes, generator or schema';
  if (!exists) return 'marker without a database';
  const db = new KefuDatabase(DB_NAME);
  try {
    await db.open();
    const counts = { customers: await db.customers.count(), notes: await db.notes.count(), followUps: await db.followUps.count() };
    const wrong = (Object.keys(counts) as (keyof typeof counts)[]).filter((k) => counts[k] !== p[k]);
    // Fewer rows: a fill cut short; more: a measurement cut short before it put its writes back.
    return wrong.length === 0 ? null : `wrong row counts: ${wrong.map((k) => `${counts[k]} ${k} instead of ${p[k]}`).join(', ')}`;
  } finally {
    db.close();
  }
}

/** Why the kept data set must be rebuilt, or null when it can be measured. */
async function check(p: BenchParams): Promise<string | null> {
  return keptDataSetProblem(p, datasetMarker(p));
}

/**
 * Fills the database with the data set (the runner calls it when `check`
 * finds none to reuse, having deleted the origin's old IndexedDB files: with
 * a gigabyte in it, deleting through IndexedDB takes minutes). The marker is
 * written last, once every row is in. Each batch is generated while the
 * previous one is being written: IndexedDB writes happen in the browser
 * process, so generating and tokenising in the page overlaps with them.
 */
async function fill(p: BenchParams): Promise<{ seconds: Record<string, number> }> {
  const marker = datasetMarker(p);
  localStorage.removeItem(MARKER_KEY);
  await Dexie.delete(DB_NAME);
  const db = new KefuDatabase(DB_NAME);
  const seconds: Record<string, number> = {};
  let t = performance.now();
  const customers = generateCustomers(p.customers, p.seed, p.now);
  let termCount = 0;
  let writing: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < customers.length; i += CUSTOMER_BATCH) {
    const rows = customers.slice(i, i + CUSTOMER_BATCH).map(toStored);
    for (const r of rows) termCount += r.terms?.length ?? 0;
    await writing;
    writing = db.customers.bulkAdd(rows);
  }
  await writing;
  seconds.customers = (performance.now() - t) / 1000;
  log(`customers: ${customers.length} (${(termCount / customers.length).toFixed(1)} tokens each) in ${seconds.customers.toFixed(1)} s`);
  t = performance.now();
  await db.followUps.bulkAdd(generateFollowUps(customers, p.followUps, p.seed, p.now));
  seconds.followUps = (performance.now() - t) / 1000;
  t = performance.now();
  let noteTermCount = 0;
  for (let from = 0; from < p.notes; from += NOTE_BATCH) {
    const notes = generateNotes(customers, from, Math.min(p.notes, from + NOTE_BATCH), p.seed, p.now);
    const rows = notes.map((n) => toStoredNote(n));
    for (const r of rows) noteTermCount += r.terms?.length ?? 0;
    await writing;
    writing = db.notes.bulkAdd(rows);
    if ((from / NOTE_BATCH) % 10 === 9) log(`notes: ${from + NOTE_BATCH} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  await writing;
  seconds.notes = (performance.now() - t) / 1000;
  log(`notes: ${p.notes} (${(noteTermCount / Math.max(1, p.notes)).toFixed(1)} tokens each) in ${seconds.notes.toFixed(1)} s`);
  db.close();
  localStorage.setItem(MARKER_KEY, marker);
  return { seconds };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

/** Different customers from `list` (each once, none of `exclude`), drawn with `rand`. */
function sampleCustomers(list: BenchCustomer[], n: number, rand: () => number, exclude: Set<string> = new Set()): BenchCustomer[] {
  const out: BenchCustomer[] = [];
  const taken = new Set(exclude);
  while (out.length < Math.min(n, list.length - taken.size)) {
    const c = list[Math.floor(rand() * list.length)]!;
    if (taken.has(c.id)) continue;
    taken.add(c.id);
    out.push(c);
  }
  return out;
}

async function measure(p: BenchParams) {
  const customers = generateCustomers(p.customers, p.seed, p.now);
  const rand = mulberry32(p.seed ^ 0x1234567);
  const who = { author: '小王' };
  // Opening records writes lastSeenAt when it is five minutes old, as the
  // sidebar does: on the clock, as the Customer tab does. The data set's are
  // all older; what this run changes is put back at the end (below).
  const clock = Date.now();

  const [openMs, db] = await time(async () => {
    const db = new KefuDatabase(DB_NAME);
    await db.open();
    return db;
  });
  const counts = { customers: await db.customers.count(), notes: await db.notes.count(), followUps: await db.followUps.count() };

  // Opening a record = what the Customer tab reads on a chat switch: the
  // customer (found by the page's context, lastSeenAt refreshed), its
  // timeline's first page (pinned notes and the newest 50) and its
  // follow-ups. The first open in the session writes lastSeenAt; opening
  // again (within five minutes) only reads.
  const sample = sampleCustomers(customers, p.opens, rand);
  // The heaviest regulars (customer 0 has the most notes by construction).
  const heavy = customers.slice(0, 5);
  // Rendered opens use customers of their own, so that their first visit writes too.
  const renderSample = sampleCustomers(customers, p.opens, rand, new Set([...sample, ...heavy].map((c) => c.id)));
  const warmUp = sampleCustomers(customers, 5, rand, new Set([...sample, ...heavy, ...renderSample].map((c) => c.id)));
  // The rows this run changes, to put back as they were: the data set stays the one the marker describes.
  const touched = [...sample, ...heavy, ...renderSample, ...warmUp].map((c) => c.id);
  const originals = await db.customers.bulkGet(touched);
  const addedNotes: string[] = [];

  const open = async (c: BenchCustomer, now: number, limit: number | undefined) => {
    const record = await customerForContext(db, c.context, { ...who, now });
    const notes = await listNotes(db, record.id, { limit });
    await listFollowUps(db, record.id);
    return notes.length;
  };
  const opens = async (list: BenchCustomer[], now: number, limit: number | undefined, label: (avg: number, max: number) => string) => {
    const times: number[] = [];
    let total = 0;
    let most = 0;
    for (const c of list) {
      const [ms, n] = await time(() => open(c, now, limit));
      times.push(ms);
      total += n;
      most = Math.max(most, n);
    }
    return stats(times, label(total / list.length, most));
  };
  const notesLabel = (avg: number, max: number) => `${avg.toFixed(1)} notes avg, ${max} max`;
  const run = async () => {
    const openRecord = await opens(sample, clock, TIMELINE_PAGE, notesLabel);
    const reopenRecord = await opens(sample, clock + 1000, TIMELINE_PAGE, notesLabel);
    const openWholeTimeline = await opens(sample, clock + 2000, undefined, notesLabel);
    const heavyRecord = await opens(heavy, clock + 3000, TIMELINE_PAGE, notesLabel);
    const heavyWholeTimeline = await opens(heavy, clock + 4000, undefined, notesLabel);

    // Query + render: the Customer tab itself, switched from one conversation to the next.
    const tab = new CustomerTab(db, who.author);
    const switches = async (list: BenchCustomer[]) => {
      const commit: number[] = [];
      const frame: number[] = [];
      let total = 0;
      let most = 0;
      for (const c of list) {
        const t = await tab.open(c);
        commit.push(t.commit);
        frame.push(t.frame);
        total += t.notes;
        most = Math.max(most, t.notes);
        await tab.settle();
      }
      const label = notesLabel(total / Math.max(1, list.length), most);
      return { commit: stats(commit, label), frame: stats(frame, label) };
    };
    await switches(warmUp);
    log(`Customer tab: ${renderSample.length} conversation switches`);
    const tabOpen = await switches(renderSample);
    const tabReopen = await switches(renderSample);
    const tabHeavy = await switches(heavy);
    tab.unmount();

    // Search, keystroke by keystroke, as the picker asks for the first 20.
    const queries = benchQueries(customers, p.seed);
    const byKind = new Map<string, { times: number[]; hits: number }>();
    const cold: number[] = [];
    for (let round = 0; round <= p.searchRounds; round++) {
      for (const [kind, list] of Object.entries(queries)) {
        for (const q of list) {
          const chars = Array.from(q);
          for (let i = 1; i <= chars.length; i++) {
            const [ms, found] = await time(() => searchCustomers(db, chars.slice(0, i).join(''), { limit: 20 }));
            // Round 0 is the first time each query runs in this browser session.
            if (round === 0) {
              cold.push(ms);
              continue;
            }
            const entry = byKind.get(kind) ?? { times: [], hits: 0 };
            entry.times.push(ms);
            entry.hits += found.length;
            byKind.set(kind, entry);
          }
        }
      }
    }
    const search: Record<string, Timings> = {};
    for (const [kind, { times, hits }] of byKind) search[kind] = stats(times, `${(hits / times.length).toFixed(1)} hits`);
    const all = [...byKind.values()].flatMap((e) => e.times);

    // Follow-ups on the data set's own "today".
    const due: number[] = [];
    const dueFirst: number[] = [];
    let dueCount = 0;
    for (let i = 0; i < 30; i++) {
      const [ms, list] = await time(() => listDueFollowUps(db, p.now));
      due.push(ms);
      dueCount = list.length;
      dueFirst.push((await time(() => listDueFollowUps(db, p.now, { limit: 50 })))[0]);
    }
    const writes: number[] = [];
    for (const c of sample.slice(0, 50)) {
      const record = await customerForContext(db, c.context, { ...who, now: clock + 5000 });
      const [ms, note] = await time(() => addNote(db, record.id, { text: '买家要求顺丰发货，周末不在家' }, { ...who, now: clock + 6000 }));
      writes.push(ms);
      addedNotes.push(note.id);
    }
    return {
      openRecord,
      reopenRecord,
      openWholeTimeline,
      heavyRecord,
      heavyWholeTimeline,
      tabOpen,
      tabReopen,
      tabHeavy,
      searchCold: stats(cold),
      search,
      searchAll: stats(all),
      listDue: stats(due, `${dueCount} due`),
      listDueFirst: stats(dueFirst),
      addNote: stats(writes),
    };
  };
  let measured: Awaited<ReturnType<typeof run>>;
  try {
    measured = await run();
  } finally {
    // Bench housekeeping, not a product write: the customers as they were, the notes added removed.
    await db.transaction('rw', db.customers, db.notes, async () => {
      await db.customers.bulkPut(originals.filter((row) => row !== undefined));
      await db.notes.bulkDelete(addedNotes);
    });
  }
  const after = { customers: await db.customers.count(), notes: await db.notes.count(), followUps: await db.followUps.count() };
  const estimate = await navigator.storage.estimate();
  db.close();
  return {
    counts,
    restored: after.customers === counts.customers && after.notes === counts.notes && after.followUps === counts.followUps,
    openDbMs: openMs,
    ...measured,
    usageBytes: estimate.usage ?? NaN,
  };
}

export type BenchResult = Awaited<ReturnType<typeof measure>>;

declare global {
  interface Window {
    customerBench: { check: typeof check; fill: typeof fill; measure: typeof measure };
  }
}
window.customerBench = { check, fill, measure };
