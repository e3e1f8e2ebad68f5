/**
 * Customer-records benchmark (issue 3) in Debian's Chromium:
 * `npx tsx tests/bench/customers.bench.ts`.
 *
 * Targets, at 100,000 customers and 1,000,000 notes: opening a customer's
 * record p95 under 50 ms, customer search p95 under 20 ms, and the database's
 * size on disk. Measured on Chromium's real IndexedDB (LevelDB on disk), not
 * fake-indexeddb, whose in-memory B-trees say nothing about a browser. The
 * repository functions run as the sidebar will run them, in a plain page on
 * 127.0.0.1 (same IndexedDB implementation as an extension origin).
 *
 * "Opening a record" is measured twice. Query + render: the sidebar's
 * Customer tab (components/sidebar/CustomerPanel.tsx with CustomerRecord),
 * rendered by React in the page, switched from one conversation to the next
 * as the console reports a new page context; timed from that render request
 * to the committed DOM showing the customer's name and timeline, and to the
 * next frame (tests/bench/customers-render.ts says exactly what is timed).
 * Query only: the repository calls behind it, the customer by page context,
 * its follow-ups and the first page of its timeline (pinned notes and the
 * newest 50, what CustomerRecord shows before "show older notes"); also
 * with the whole timeline, which the record read before it paged.
 *
 * Filling the database takes minutes, so the data set is kept in a profile
 * under .output/ and reused while sizes, seed, generator and the filled
 * tables' indexes are unchanged, and only when complete: a fill that was
 * interrupted, or rows missing, rebuild it (customers-page.ts, prepare).
 * BENCH_FRESH=1 starts over; what a run changes in it is put back afterwards.
 * Measurements run in a freshly started browser.
 * Sizes: BENCH_CUSTOMERS (100000), BENCH_NOTES (1000000), BENCH_FOLLOW_UPS
 * (20000). BENCH_PREPARE_ONLY=1 only fills; BENCH_PROFILE and BENCH_PORT keep
 * a second data set apart (e.g. a small one while trying changes).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'vite';
import { launchWithExtension } from '../e2e/support/browser';
import { ROOT } from '../e2e/support/paths';
import type { BenchParams, BenchResult, Timings } from './customers-page';

const params: BenchParams = {
  customers: Number(process.env.BENCH_CUSTOMERS ?? 100_000),
  notes: Number(process.env.BENCH_NOTES ?? 1_000_000),
  followUps: Number(process.env.BENCH_FOLLOW_UPS ?? 20_000),
  seed: 20_260_310,
  now: Date.UTC(2026, 2, 10, 2, 0),
  opens: Number(process.env.BENCH_OPENS ?? 300),
  searchRounds: 3,
};
// A fixed port: IndexedDB belongs to the origin, so the kept data set is only found again on the same one.
const PORT = Number(process.env.BENCH_PORT ?? 5187);
const PROFILE = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : path.join(ROOT, '.output/bench-customers-profile');

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

// Bundled in memory (nothing written), so runs with other profiles can go on side by side.
const built = await build({
  configFile: false,
  root: ROOT,
  logLevel: 'warn',
  // As the sidebar is built: React's production build, the `@/` paths, and
  // WXT's fake browser (as the unit tests have it) for the extension APIs the
  // Customer tab calls after writes (asking the background to move the
  // reminder alarm): a plain page has no extension APIs.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${ROOT}/` },
      { find: /^wxt\/browser$/, replacement: path.join(ROOT, 'tests/bench/customers-browser.ts') },
    ],
  },
  build: {
    write: false,
    minify: false,
    lib: { entry: path.join(ROOT, 'tests/bench/customers-page.ts'), formats: ['es'], fileName: () => 'bench.js' },
  },
});
const chunk = (Array.isArray(built) ? built : [built]).flatMap((b) => ('output' in b ? b.output : [])).find((o) => o.fileName === 'bench.js');
if (!chunk || chunk.type !== 'chunk') throw new Error('the bench page did not build');
const benchJs = chunk.code;

const server = createServer((req, res) => {
  if (req.url === '/bench.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(benchJs);
  } else {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><meta charset="utf-8"><title>customer bench</title><script type="module" src="/bench.js"></script>');
  }
});
await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

if (process.env.BENCH_FRESH === '1' && existsSync(PROFILE)) rmSync(PROFILE, { recursive: true, force: true });

async function inBrowser<T>(fn: (page: import('playwright-core').Page) => Promise<T>): Promise<T> {
  const browser = await launchWithExtension({ userDataDir: PROFILE, extensionDir: null });
  try {
    const page = await browser.context.newPage();
    page.on('console', (m) => {
      if (m.text().startsWith('[bench]')) console.log(`  ${m.text().slice(8)}  (${elapsed()})`);
    });
    page.on('pageerror', (e) => console.error(e));
    await page.goto(origin);
    await page.waitForFunction(() => 'customerBench' in window);
    return await fn(page);
  } finally {
    await browser.close({ keepProfile: true });
  }
}

console.log(`customers: ${params.customers}  notes: ${params.notes}  follow-ups: ${params.followUps}`);
/** The origin's IndexedDB files in the profile (LevelDB directory and blob store). */
function originDirs(): string[] {
  const dir = path.join(PROFILE, 'Default', 'IndexedDB');
  return existsSync(dir) ? readdirSync(dir).filter((e) => e.startsWith(`http_127.0.0.1_${PORT}.`)).map((e) => path.join(dir, e)) : [];
}

const problem = await inBrowser((page) => page.evaluate((p) => window.customerBench.check(p), params));
if (problem === null) console.log(`data set reused from ${PROFILE} (BENCH_FRESH=1 to rebuild)`);
else {
  console.log(`building the data set (kept one: ${problem})`);
  // With the browser closed: deleting a gigabyte through IndexedDB takes minutes, its files go at once.
  for (const dir of originDirs()) rmSync(dir, { recursive: true, force: true });
  const fillStarted = performance.now();
  const filled = await inBrowser((page) => page.evaluate((p) => window.customerBench.fill(p), params));
  const again = await inBrowser((page) => page.evaluate((p) => window.customerBench.check(p), params));
  if (again !== null) throw new Error(`the data set just written cannot be used: ${again}`);
  const parts = Object.entries(filled.seconds).map(([k, v]) => `${k} ${v.toFixed(0)} s`).join(', ');
  console.log(`data set written in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s (${parts})`);
}
if (process.env.BENCH_PREPARE_ONLY === '1') {
  server.close();
  process.exit(0);
}

// BENCH_CPU_PROFILE=file.cpuprofile: the page's CPU profile while measuring (open it in Chrome DevTools, Performance).
const cpuProfile = process.env.BENCH_CPU_PROFILE;
const result: BenchResult = await inBrowser(async (page) => {
  const cdp = cpuProfile ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const measured = await page.evaluate((p) => window.customerBench.measure(p), params);
  if (cdp && cpuProfile) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(cpuProfile, JSON.stringify(profile));
    console.log(`CPU profile written to ${cpuProfile}`);
  }
  return measured;
});

function diskBytes(): number {
  return originDirs().reduce((sum, dir) => sum + Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]), 0);
}

const ms = (n: number) => n.toFixed(1);
const rows: [string, Timings][] = [
  ['Customer tab: switch chats, query + render to DOM (1st visit)', result.tabOpen.commit],
  ['  same, to the next frame (style, layout, paint)', result.tabOpen.frame],
  ['Customer tab: switch back again (reads only)', result.tabReopen.commit],
  ['  same, to the next frame', result.tabReopen.frame],
  ['Customer tab: 5 heaviest customers', result.tabHeavy.commit],
  ['  same, to the next frame', result.tabHeavy.frame],
  ['query only: open record (1st visit: writes lastSeenAt)', result.openRecord],
  ['query only: open record again (reads only)', result.reopenRecord],
  ['query only: open record, whole timeline', result.openWholeTimeline],
  ['query only: open record, 5 heaviest customers', result.heavyRecord],
  ['  same, whole timeline', result.heavyWholeTimeline],
  ['search, every keystroke', result.searchAll],
  ['search, first run of each query', result.searchCold],
  ...Object.entries(result.search).map(([kind, t]) => [`  search: ${kind}`, t] as [string, Timings]),
  ['follow-ups due today, all', result.listDue],
  ['follow-ups due today, first 50', result.listDueFirst],
  ['add a note', result.addNote],
];
console.log(`\nrows: ${result.counts.customers} customers, ${result.counts.notes} notes, ${result.counts.followUps} follow-ups   open database: ${ms(result.openDbMs)} ms`);
if (!result.restored) console.log('warning: the data set could not be put back as it was; the next run rebuilds it');
console.log(`size on disk: ${(diskBytes() / 1e6).toFixed(0)} MB (LevelDB files of the origin)   navigator.storage usage: ${(result.usageBytes / 1e6).toFixed(0)} MB\n`);
const header = ['', 'n', 'p50 ms', 'p95 ms', 'max ms', ''];
const table = rows.map(([name, t]) => [name, String(t.n), ms(t.p50), ms(t.p95), ms(t.max), t.extra ?? '']);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
console.log(line(header));
for (const r of table) console.log(line(r));
console.log(`\ntargets: open record p95 < 50 ms, search p95 < 20 ms   (total ${elapsed()})`);
server.close();
