/**
 * The workbench library page (话术库, #/library, issue 5) at 20,000 replies, in
 * Debian's Chromium with the built extension: `npm run build`, then
 * `npx tsx tests/bench/library.bench.ts` (or `npm run bench`).
 * Prints figures; nothing passes or fails.
 *
 * The library is filled the way an agent fills it: generate-replies.ts's
 * replies (deterministic) written as our own JSON file and imported through
 * the #/import page, so every row went through the importer's zod validation
 * and lib/db's write path. Then, on the options page:
 * 1. cold open of #/library (a new page each time) to the first rows on screen;
 * 2. a keystroke in the search box to the frame that shows the filtered rows;
 * 3. scrolling the whole table top to bottom, a step per frame: frame times,
 *    long tasks, and how many rows are in the DOM at once;
 * 4. select all of a search of about 2,000 rows, bulk tag until the toast says
 *    done, and its undo until the toast says undone;
 * 5. the duplicates finder opened on the whole library.
 * Times are taken in the page (performance.now(), the frame after the change),
 * not over the DevTools connection. BENCH_REPLIES (20000), BENCH_OPENS (15),
 * BENCH_TAGS (8); BENCH_CPU_PROFILE=dir writes a CPU profile per measured part.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { REPLIES_FORMAT, REPLIES_VERSION } from '../../lib/import/json-format.ts';
import { launchWithExtension } from '../e2e/support/browser.ts';
import { EXTENSION_DIR, ROOT } from '../e2e/support/paths.ts';
import { generateReplies } from './generate-replies.ts';
import { pct } from './stats.ts';

const N = Number(process.env.BENCH_REPLIES ?? 20_000);
const OPENS = Number(process.env.BENCH_OPENS ?? 15);
const TAGS = Number(process.env.BENCH_TAGS ?? 8);
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
/**
 * The production build (`npm run build`) by default, exactly what agents run.
 * BENCH_BUILD=e2e measures the e2e build instead (the same code, React's
 * production build included, plus loopback pages).
 */
const BUILD = process.env.BENCH_BUILD === 'e2e' ? EXTENSION_DIR : path.join(ROOT, '.output/chrome-mv3');
/** What an agent types: Chinese words, pinyin initials, English, a shortcut code, an order-number fragment. */
const QUERIES = ['顺丰发货', '退款', 'thdh', 'refund', '/tk1', '尺码推荐', 'SF0'];
/** Searches tried for the ~2,000-row selection; the one closest to it is used. */
const SELECTION_CANDIDATES = ['退款', '顺丰', '物流', '投诉', '尺码', '优惠', '发货', '售后', 'refund', 'tracking', '欢迎', '道歉'];

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const fmt = (xs: number[]) => `n ${String(xs.length).padStart(4)}  p50 ${pct(xs, 50).toFixed(1).padStart(7)} ms  p95 ${pct(xs, 95).toFixed(1).padStart(7)} ms  max ${Math.max(...xs).toFixed(1).padStart(7)} ms`;

/** Our own reply file (lib/import/json-format.ts) of the generated library. */
function repliesJson(): string {
  const replies = generateReplies(N).map((r) => ({ title: r.title, body: r.body, group: r.group, code: r.code, tags: r.tags, pinned: r.pinned }));
  return JSON.stringify({ format: REPLIES_FORMAT, version: REPLIES_VERSION, exportedAt: new Date(Date.UTC(2026, 0, 1)).toISOString(), replies });
}

async function profiled<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return fn();
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    const file = path.join(PROFILE_DIR, `library-${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`  CPU profile: ${file}`);
    await cdp.detach();
  }
}

/** In the page: resolves with performance.now() at the first frame where `selector` matches, after `since`. */
const frameWhen = (page: Page, selector: string, text?: string) =>
  page.evaluate(
    ({ selector, text }) =>
      new Promise<number>((resolve) => {
        const ok = () => {
          const el = document.querySelector(selector);
          return el !== null && (text === undefined || (el.textContent ?? '').includes(text));
        };
        const tick = () => (ok() ? resolve(performance.now()) : requestAnimationFrame(tick));
        tick();
      }),
    { selector, text },
  );

const countText = (page: Page) => page.locator('[data-testid="library-count"]').textContent();
/** "共 20016 条，显示 1234 条" → 1234. */
const shownOf = (text: string | null) => Number(/显示 (\d+) 条/.exec(text ?? '')?.[1] ?? NaN);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-library-bench-'));
  const file = path.join(dir, `replies-${N}.json`);
  writeFileSync(file, repliesJson());
  if (!existsSync(path.join(BUILD, 'manifest.json'))) throw new Error(`no extension build in ${BUILD}: run npm run build (or build:e2e with BENCH_BUILD=e2e)`);
  const browser = await launchWithExtension({ extensionDir: BUILD });
  const base = `chrome-extension://${browser.extensionId}/options.html`;
  // tsx (esbuild, keepNames) wraps the named functions of the page scripts below in __name(); the page has none.
  await browser.context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  try {
    // Fill: through the import page, as an agent does.
    const importer = await browser.context.newPage();
    importer.on('pageerror', (e) => console.error(e));
    await importer.goto(`${base}#/import`);
    await importer.locator('[data-testid="import-page"]').waitFor({ timeout: 30_000 });
    await importer.locator('[data-testid="import-file"]').setInputFiles(file);
    await importer.locator('[data-testid="import-confirm"]').waitFor({ timeout: 180_000 });
    // Keep both: every generated reply goes in (a repeated code is dropped from the later one), and the
    // library keeps the repeats a real one has, for the duplicates finder.
    const keep = importer.locator('[data-testid="import-dup-choice"][value="keep"]');
    if ((await keep.count()) > 0) await keep.check();
    await importer.locator('[data-testid="import-confirm"]').click();
    await importer.locator('[data-testid="import-result"]').waitFor({ timeout: 600_000 });
    console.log(`filled: ${(await importer.locator('[data-testid="import-result"]').textContent())?.trim()}  (${elapsed()})`);
    await importer.close();

    // 1. Cold open, a fresh page load each time (first one uncounted: it warms the disk cache).
    const opens: number[] = [];
    let rowsAtOpen = 0;
    let page: Page | undefined;
    for (let i = 0; i <= OPENS; i++) {
      await page?.close();
      page = await browser.context.newPage();
      page.on('pageerror', (e) => console.error(e));
      // From navigation start (performance.now() is 0 there) to the first frame with a row in it.
      await page.addInitScript(() => {
        const w = window as unknown as { __firstRows?: number };
        const tick = () => (document.querySelector('[data-testid="library-row"]') ? (w.__firstRows = performance.now()) : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      });
      await page.goto(`${base}#/library`);
      await page.waitForFunction(() => (window as unknown as { __firstRows?: number }).__firstRows !== undefined, null, { timeout: 120_000 });
      const at = await page.evaluate(() => (window as unknown as { __firstRows: number }).__firstRows);
      if (i > 0) opens.push(at);
      rowsAtOpen = await page.locator('[data-testid="library-row"]').count();
    }
    page = page!;
    const total = Number(/共 (\d+) 条/.exec((await countText(page)) ?? '')?.[1]);
    console.log(`library: ${total} replies  (${elapsed()})`);

    // 2. Keystrokes: each character typed; from keydown to the frame after the table changed.
    const search = page.locator('[data-testid="library-search"]');
    await page.evaluate(() => {
      const w = window as unknown as { __keys: number[] };
      w.__keys = [];
      const input = document.querySelector<HTMLInputElement>('[data-testid="library-search"]')!;
      let down = 0;
      input.addEventListener('keydown', (e) => (down = e.timeStamp));
      input.addEventListener('input', () => {
        // React commits a typed character synchronously (a discrete event): the next frame shows the
        // filtered rows; the message after it runs once that frame is done.
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => w.__keys.push(performance.now() - down);
          channel.port2.postMessage(null);
        });
      });
    });
    const keystrokes = await profiled(page, 'search', async () => {
      const counts: string[] = [];
      for (let round = 0; round < 3; round++) {
        for (const q of QUERIES) {
          await search.fill('');
          await search.focus();
          for (const ch of q) {
            const before = await page.evaluate(() => (window as unknown as { __keys: number[] }).__keys.length);
            await page.keyboard.type(ch);
            await page.waitForFunction((n) => (window as unknown as { __keys: number[] }).__keys.length > n, before);
          }
          if (round === 0) counts.push(`${q} → ${shownOf(await countText(page))}`);
        }
      }
      console.log(`  searches: ${counts.join(', ')}`);
      return page.evaluate(() => (window as unknown as { __keys: number[] }).__keys);
    });

    // 3. Scroll the whole table, 20 rows per frame, with long tasks observed.
    await search.fill('');
    await page.locator('[data-testid="library-row"]').first().waitFor();
    const scroll = await profiled(page, 'scroll', () =>
      page.evaluate(
        () =>
          new Promise<{ deltas: number[]; rows: number[]; longTasks: number[]; height: number }>((resolve) => {
            const el = document.querySelector<HTMLElement>('[data-testid="library-scroll"]')!;
            const longTasks: number[] = [];
            const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
            observer.observe({ type: 'longtask' });
            const deltas: number[] = [];
            const rows: number[] = [];
            let last = performance.now();
            el.scrollTop = 0;
            const step = 20 * 36;
            const frame = (now: number) => {
              deltas.push(now - last);
              last = now;
              rows.push(el.querySelectorAll('[data-testid="library-row"]').length);
              if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) {
                observer.disconnect();
                resolve({ deltas: deltas.slice(1), rows, longTasks, height: el.scrollHeight });
                return;
              }
              el.scrollTop += step;
              requestAnimationFrame(frame);
            };
            requestAnimationFrame((now) => {
              last = now;
              requestAnimationFrame(frame);
            });
          }),
      ),
    );

    // 4. Select all of a search of about 2,000 rows, bulk tag, undo.
    let pick = { q: '', shown: 0 };
    for (const q of SELECTION_CANDIDATES) {
      await search.fill(q);
      const shown = shownOf(await countText(page));
      if (Math.abs(shown - 2000) < Math.abs(pick.shown - 2000)) pick = { q, shown };
    }
    await search.fill(pick.q);
    const selectAll: number[] = [];
    const tag: number[] = [];
    const undo: number[] = [];
    let tagged = '';
    await profiled(page, 'bulk-tag', async () => {
      for (let i = 0; i <= TAGS; i++) {
        const t0 = await page.locator('[data-testid="library-select-all"]').evaluate((b: HTMLElement) => {
          const at = performance.now();
          b.click();
          return at;
        });
        const selected = await frameWhen(page, '[data-testid="library-selected-count"]', `已选 ${pick.shown} 条`);
        await page.locator('[data-testid="library-tag-input"]').fill(`压测${i}`);
        const t1 = await page.locator('[data-testid="library-tag-add"]').evaluate((b: HTMLElement) => {
          const at = performance.now();
          b.click();
          return at;
        });
        const done = await frameWhen(page, '[data-testid="library-undo"]');
        tagged = (await page.locator('[data-testid="library-toast"] span').textContent()) ?? '';
        const t2 = await page.locator('[data-testid="library-undo"]').evaluate((b: HTMLElement) => {
          const at = performance.now();
          b.click();
          return at;
        });
        const undone = await frameWhen(page, '[data-testid="library-toast"]', '已撤销');
        // The first round warms the code paths (and the JIT) and is not counted.
        if (i > 0) {
          selectAll.push(selected - t0);
          tag.push(done - t1);
          undo.push(undone - t2);
        }
        await page.locator('[data-testid="library-clear-selection"]').click();
        await page.locator('[data-testid="library-bulk"]').waitFor({ state: 'detached' });
      }
    });
    await search.fill('');

    // 5. The duplicates finder on the whole library.
    const dups: number[] = [];
    let clusters = 0;
    await profiled(page, 'duplicates', async () => {
      for (let i = 0; i <= OPENS; i++) {
        const t0 = await page.locator('[data-testid="library-duplicates-toggle"]').evaluate((b: HTMLElement) => {
          const at = performance.now();
          b.click();
          return at;
        });
        const shown = await frameWhen(page, '[data-testid="library-duplicates"] [data-testid="library-dup"], [data-testid="library-dup-none"]');
        if (i > 0) dups.push(shown - t0);
        clusters = await page.locator('[data-testid="library-dup"]').count();
        await page.locator('[data-testid="library-duplicates-toggle"]').click();
        await page.locator('[data-testid="library-scroll"]').waitFor();
      }
    });

    const cpus = os.cpus().length;
    const [l1, l5] = os.loadavg();
    console.log(`\nworkbench library at ${total} replies (${path.relative(ROOT, BUILD)}, Debian Chromium, headless; ${cpus} CPUs shared with other work, load average ${l1!.toFixed(1)} / ${l5!.toFixed(1)}: expect noise)`);
    console.log(`1. open #/library, cold, to first rows on screen    ${fmt(opens)}   (${rowsAtOpen} rows in the DOM)`);
    console.log(`2. search keystroke to the next frame                ${fmt(keystrokes)}   [sidebar target: search < 20 ms]`);
    const rowsMin = Math.min(...scroll.rows);
    const rowsMax = Math.max(...scroll.rows);
    const longSum = scroll.longTasks.reduce((a, b) => a + b, 0);
    console.log(`3. scroll top to bottom (${scroll.height} px, 720 px a frame), frame time  ${fmt(scroll.deltas)}`);
    console.log(`   frames over 50 ms: ${scroll.deltas.filter((d) => d > 50).length} of ${scroll.deltas.length}; long tasks: ${scroll.longTasks.length} (${longSum.toFixed(0)} ms, longest ${Math.max(0, ...scroll.longTasks).toFixed(0)} ms); rows in the DOM: ${rowsMin}–${rowsMax}`);
    console.log(`4. search “${pick.q}” (${pick.shown} rows): select all to count shown      ${fmt(selectAll)}`);
    console.log(`   bulk tag to the toast                              ${fmt(tag)}   (${tagged})`);
    console.log(`   undo to the toast                                  ${fmt(undo)}`);
    console.log(`5. duplicates finder open, to clusters on screen      ${fmt(dups)}   (${clusters} clusters shown)`);
    console.log(`(total ${elapsed()})`);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
