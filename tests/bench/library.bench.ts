/**
 * The workbench's library page on 20,000 replies, in Chromium with the e2e
 * build: time from navigation to the first rows of the table, a search
 * keystroke to the filtered rows, and a scroll to the bottom to its rows
 * (the table renders only the rows on screen). Prints figures; passes or
 * fails nothing. Replies come from generateReplies (same library as the
 * search benchmark), written straight into the extension's IndexedDB.
 */
import type { Page } from 'playwright-core';
import { launchWithExtension } from '../e2e/support/browser';
import { generateReplies } from './generate-replies';

const N = 20_000;
const RUNS = 7;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function fill(page: Page): Promise<void> {
  const now = Date.UTC(2026, 0, 1);
  const rows = generateReplies(N).map((r, i) => ({
    ...r,
    variants: [],
    variantCursor: 0,
    createdAt: now,
    updatedAt: now + i,
    author: 'bench',
    // The search bench's codes repeat across groups; the library's are unique.
    code: `${r.code}-${i}`,
  }));
  await page.evaluate(async (rows) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const open = indexedDB.open('kefu');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(new Error(String(open.error)));
    });
    await new Promise<void>((ok, fail) => {
      const tx = db.transaction('replies', 'readwrite');
      const store = tx.objectStore('replies');
      store.clear();
      for (const r of rows) store.put(r);
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(new Error(String(tx.error)));
    });
    db.close();
  }, rows);
}

async function main() {
  const browser = await launchWithExtension();
  try {
    const url = `chrome-extension://${browser.extensionId}/options.html#/library`;
    const page = await browser.context.newPage();
    await page.goto(url);
    await page.locator('[data-testid="library-page"]').waitFor();
    await fill(page);

    const open: number[] = [];
    const search: number[] = [];
    const scroll: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = Date.now();
      await page.goto(url);
      await page.waitForFunction((n) => document.querySelector('[data-testid="library-count"]')?.textContent?.includes(String(n)), N, { polling: 'raf' });
      await page.locator('[data-testid="library-row"]').first().waitFor();
      open.push(Date.now() - start);
      if (i === 0) console.log(`rows in the DOM for ${N} replies: ${await page.locator('[data-testid="library-row"]').count()}`);

      const query = ['退款', 'tk', '物流', 'shipping', '/hy'][i % 5]!;
      search.push(
        await page.evaluate(async (q) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="library-search"]')!;
          const before = document.querySelector('[data-testid="library-count"]')!.textContent;
          const t0 = performance.now();
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, q);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await new Promise<void>((done) => {
            const check = () => (document.querySelector('[data-testid="library-count"]')!.textContent !== before ? done() : requestAnimationFrame(check));
            check();
          });
          return performance.now() - t0;
        }, query),
      );
      await page.locator('[data-testid="library-search"]').fill('');
      await page.waitForFunction((n) => document.querySelector('[data-testid="library-count"]')?.textContent?.includes(`${n} 条`), N);

      scroll.push(
        await page.evaluate(async () => {
          const el = document.querySelector<HTMLElement>('[data-testid="library-scroll"]')!;
          const t0 = performance.now();
          el.scrollTop = el.scrollHeight;
          await new Promise<void>((done) => {
            const check = () => {
              const rows = document.querySelectorAll<HTMLElement>('[data-testid="library-row"]');
              if (Number(rows[rows.length - 1]?.getAttribute('aria-rowindex')) === 20_001) done();
              else requestAnimationFrame(check);
            };
            check();
          });
          return performance.now() - t0;
        }),
      );
    }
    console.log(`open #/library (navigation to first rows), median of ${RUNS}: ${median(open)} ms`);
    console.log(`search keystroke to filtered rows, median: ${median(search).toFixed(1)} ms (max ${Math.max(...search).toFixed(1)})`);
    console.log(`scroll to the end to its rows, median: ${median(scroll).toFixed(1)} ms`);
  } finally {
    await browser.close();
  }
}

await main();
