import { startDemoServer } from '../demo-console/server';
import { openSidebar, type ExtensionBrowser } from '../e2e/support/browser';
import { pct } from './stats';

/**
 * An agent at work while the first sync runs (tests/bench/sync.bench.ts): the
 * 飞鸽 demo console open with its sidebar, a reply search typed every 400 ms.
 * Records, in the sidebar frame, long tasks, the lag of a 50 ms timer, and
 * each search's time from input to the list changing; report() prints them
 * per phase (the sync, then the notes' index built after it).
 */

// Passed as strings: tsx would add helpers to functions that the page lacks.
const INSTALL = `(() => {
  window.__bench = { longTasks: [], lag: [], searches: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push([performance.timeOrigin + e.startTime, e.duration]);
  }).observe({ type: 'longtask' });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    window.__bench.lag.push([performance.timeOrigin + now, Math.max(0, now - last - 50)]);
    last = now;
  }, 50);
})()`;

const SEARCH = `(async (query) => {
  const input = document.querySelector('[data-testid="reply-search"]');
  const list = () => {
    const items = document.querySelectorAll('[data-testid="reply-item"]');
    return items.length + '|' + [...items].slice(0, 3).map((e) => e.textContent).join('|');
  };
  const before = list();
  const t0 = performance.now();
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, query);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  while (list() === before && performance.now() - t0 < 5000) await new Promise((r) => requestAnimationFrame(r));
  window.__bench.searches.push([performance.timeOrigin + t0, performance.now() - t0]);
})`;

const QUERIES = ['发货', '退款', '', 'fh', '物流', ''];

type Samples = [at: number, ms: number][];

export interface AgentAtWork {
  /** Stops typing and prints the figures for [from, to) of each phase. */
  report(phases: readonly (readonly [name: string, from: number, to: number])[]): Promise<void>;
}

export async function agentAtWork(browser: ExtensionBrowser): Promise<AgentAtWork> {
  const demo = await startDemoServer();
  const page = await browser.context.newPage();
  await page.goto(`${demo.url}/demo/feige/`, { waitUntil: 'load' });
  const frame = await openSidebar(page, browser.extensionId);
  await frame.evaluate(INSTALL);
  let typing = true;
  const loop = (async () => {
    for (let i = 0; typing; i++) {
      await frame.evaluate(`${SEARCH}(${JSON.stringify(QUERIES[i % QUERIES.length])})`);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  })();
  return {
    async report(phases) {
      typing = false;
      await loop;
      const { longTasks, lag, searches } = await frame.evaluate<Record<'longTasks' | 'lag' | 'searches', Samples>>('window.__bench');
      const within = (xs: Samples, from: number, to: number) => xs.filter(([at]) => at >= from && at < to).map(([, ms]) => ms);
      const at = (xs: number[], p: number) => (xs.length ? pct(xs, p) : 0).toFixed(0);
      for (const [name, from, to] of phases) {
        const tasks = within(longTasks, from, to);
        const lags = within(lag, from, to);
        const times = within(searches, from, to);
        console.log(
          `  the sidebar during ${name}: ${tasks.length} long tasks, ${(tasks.reduce((s, x) => s + x, 0) / 1000).toFixed(1)} s in all, longest ${Math.max(0, ...tasks).toFixed(0)} ms; ` +
            `timer lag p95 ${at(lags, 95)} ms, max ${Math.max(0, ...lags).toFixed(0)} ms; search to list (${times.length}): p50 ${at(times, 50)} ms, p95 ${at(times, 95)} ms, max ${Math.max(0, ...times).toFixed(0)} ms`,
        );
      }
      await page.close();
      await demo.close();
    },
  };
}
