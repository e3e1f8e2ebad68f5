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
 * "Opening a record" is the query half of the "query + render": the
 * customer by page context, the first page of its timeline (pinned notes and
 * the newest 50) and its follow-ups; also timed with the whole timeline.
 * There is no Customer tab to render yet.
 *
 * Filling the database takes minutes, so the data set is kept in a profile
 * under .output/ and reused while sizes, seed and generator are unchanged;
 * BENCH_FRESH=1 starts over. Measurements run in a freshly started browser.
 * Sizes: BENCH_CUSTOMERS (100000), BENCH_NOTES (1000000).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
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
  opens: 300,
  searchRounds: 3,
};
// A fixed port: IndexedDB belongs to the origin, so the kept data set is only found again on the same one.
const PORT = Number(process.env.BENCH_PORT ?? 5187);
const OUT = path.join(ROOT, '.output/bench-customers');
const PROFILE = path.join(ROOT, '.output/bench-customers-profile');

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

await build({
  configFile: false,
  root: ROOT,
  logLevel: 'warn',
  build: {
    outDir: OUT,
    emptyOutDir: true,
    minify: false,
    lib: { entry: path.join(ROOT, 'tests/bench/customers-page.ts'), formats: ['es'], fileName: () => 'bench.js' },
  },
});

const server = createServer((req, res) => {
  if (req.url === '/bench.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(readFileSync(path.join(OUT, 'bench.js')));
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
const prepared = await inBrowser((page) => page.evaluate((p) => window.customerBench.prepare(p), params));
console.log(prepared.reused ? `data set reused from ${path.relative(ROOT, PROFILE)} (BENCH_FRESH=1 to rebuild)` : `data set written in ${elapsed()}`);

const result: BenchResult = await inBrowser((page) => page.evaluate((p) => window.customerBench.measure(p), params));

function diskBytes(): number {
  const dir = path.join(PROFILE, 'Default', 'IndexedDB');
  const entries = existsSync(dir) ? execFileSync('ls', [dir], { encoding: 'utf8' }).split('\n').filter((e) => e.startsWith(`http_127.0.0.1_${PORT}`)) : [];
  return entries.reduce((sum, e) => sum + Number(execFileSync('du', ['-sb', path.join(dir, e)], { encoding: 'utf8' }).split('\t')[0]), 0);
}

const ms = (n: number) => n.toFixed(1);
const rows: [string, Timings][] = [
  ['open record (1st visit: writes lastSeenAt)', result.openRecord],
  ['open record again (reads only)', result.reopenRecord],
  ['open record, whole timeline', result.openWholeTimeline],
  ['open record, 5 heaviest customers', result.heavyRecord],
  ['  same, whole timeline', result.heavyWholeTimeline],
  ['search, every keystroke', result.searchAll],
  ['search, first run of each query', result.searchCold],
  ...Object.entries(result.search).map(([kind, t]) => [`  search: ${kind}`, t] as [string, Timings]),
  ['follow-ups due today, all', result.listDue],
  ['follow-ups due today, first 50', result.listDueFirst],
  ['add a note', result.addNote],
];
console.log(`\nrows: ${result.counts.customers} customers, ${result.counts.notes} notes, ${result.counts.followUps} follow-ups   open database: ${ms(result.openDbMs)} ms`);
console.log(`size on disk: ${(diskBytes() / 1e6).toFixed(0)} MB (LevelDB files of the origin)   navigator.storage usage: ${(result.usageBytes / 1e6).toFixed(0)} MB\n`);
const header = ['', 'n', 'p50 ms', 'p95 ms', 'max ms', ''];
const table = rows.map(([name, t]) => [name, String(t.n), ms(t.p50), ms(t.p95), ms(t.max), t.extra ?? '']);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
console.log(line(header));
for (const r of table) console.log(line(r));
console.log(`\ntargets: open record p95 < 50 ms, search p95 < 20 ms   (total ${elapsed()})`);
server.close();
