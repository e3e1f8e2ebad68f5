/**
 * Live draft check benchmark: `npx tsx tests/bench/draft-check.bench.ts`
 * (after `npm run build:e2e && npm run build:demo`; `npm run bench` does it).
 * Prints figures; the target (issue 6) is that the live check adds no input
 * lag in the console.
 *
 * - the content script's matcher alone (in Node): checking a 500-character
 *   draft against the starter sets' compact rules, p50/p95 over 3,000 checks;
 * - keystroke-to-paint on the 飞鸽 demo console in Chromium with the
 *   extension, the live check off and on: from each keydown (capture, before
 *   the page's handlers) to the frame after it (requestAnimationFrame, then a
 *   task: the paint has happened). Keys are 300 ms apart so every debounced
 *   check (250 ms) runs between two keys, inside the measured window of none
 *   but in the way of any that it would delay.
 */
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { compileDraftRules } from '../../lib/compliance/draft-matcher.ts';
import { compactRules } from '../../lib/compliance/draft-rules.ts';
import { starterRuleSets } from '../../lib/compliance/starter-rules.ts';
import { startDemoServer } from '../demo-console/server';
import { launchWithExtension, openSidebar } from '../e2e/support/browser';
import { pct } from './stats';

const KEYS = Number(process.env.BENCH_KEYS ?? 40);
const ms = (x: number) => `${x.toFixed(2)} ms`;

function matcherAlone(): void {
  const matcher = compileDraftRules(compactRules(starterRuleSets, 'feige'));
  const base = '亲，您好！关于您咨询的这款商品，正常情况下付款后48小时内发货，建议您留意物流信息。如需帮助可以加我微信 vx13800138000，也可以在这里留言。';
  let draft = '';
  while (draft.length < 500) draft += base;
  draft = draft.slice(0, 500);
  const times: number[] = [];
  for (let i = 0; i < 3500; i++) {
    const t0 = performance.now();
    matcher.check(draft + (i % 10));
    if (i >= 500) times.push(performance.now() - t0);
  }
  console.log(`content-script matcher, 500-character draft, starter sets: p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}`);
}

async function keystrokes(page: Page): Promise<number[]> {
  const box = page.locator('textarea[data-qa-id="qa-send-message-textarea"]');
  await box.fill('');
  await box.click();
  await page.evaluate(() => {
    const w = window as unknown as { __lags: number[]; __listening?: boolean };
    w.__lags = [];
    if (w.__listening) return;
    w.__listening = true;
    document.addEventListener(
      'keydown',
      () => {
        const t0 = performance.now();
        requestAnimationFrame(() => setTimeout(() => w.__lags.push(performance.now() - t0), 0));
      },
      true,
    );
  });
  const text = 'please add me on wechat vx 13800138000 so we can talk later, thanks';
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.type(text[i % text.length]!);
    await page.waitForTimeout(300);
  }
  return page.evaluate(() => (window as unknown as { __lags: number[] }).__lags);
}

async function main(): Promise<void> {
  matcherAlone();
  const server = await startDemoServer();
  const ext = await launchWithExtension();
  const page = await ext.context.newPage();
  // The check's own script (draft-check.js) is injected only once it is on:
  // when its source reaches the page's debugger, and whether it did while off.
  const cdp = await page.context().newCDPSession(page);
  let injectedAt: number | undefined;
  cdp.on('Debugger.scriptParsed', (e) => {
    if (injectedAt === undefined && e.url.endsWith('/draft-check.js')) injectedAt = performance.now();
  });
  await cdp.send('Debugger.enable');
  await page.goto(`${server.url}/demo/feige/`);
  await page.waitForSelector('html[data-demo-ready]');
  const sidebar = await openSidebar(page, ext.extensionId);
  await sidebar.locator('[data-testid="sidebar-collapse"]').click();

  const off = await keystrokes(page);
  // Switch the live check on in the sidebar's settings.
  const box = page.locator('textarea[data-qa-id="qa-send-message-textarea"]');
  await box.fill('');
  const again = await openSidebar(page, ext.extensionId);
  await again.locator('[data-testid="tab-settings"]').click();
  const injectedWhileOff = injectedAt !== undefined;
  // Enabling to the first marker, as an agent who types a risky word at once
  // (includes Playwright's round trips, the typing, and the 250 ms debounce).
  const enabledAt = performance.now();
  await again.locator('[data-testid="settings-draft-check"]').check();
  await box.click();
  await page.keyboard.type('加微信');
  await page.waitForFunction(() => document.querySelector('kefu-box-marker[data-kefu-marker-name="draft-check"]')?.getAttribute('data-kefu-marker') === 'block', undefined, { polling: 5, timeout: 10_000 });
  const firstMarker = performance.now() - enabledAt;
  const injected = injectedAt === undefined ? NaN : injectedAt - enabledAt;
  await cdp.send('Debugger.disable');
  await again.locator('[data-testid="sidebar-collapse"]').click();
  const on = await keystrokes(page);
  const marker = await page.locator('kefu-box-marker[data-kefu-marker-name="draft-check"]').getAttribute('data-kefu-marker');

  console.log(`draft-check.js injected while the check was off: ${injectedWhileOff ? 'yes' : 'no'}`);
  console.log(`enabling the check to its script in the page: ${injected.toFixed(0)} ms; to the first marker (agent types at once): ${firstMarker.toFixed(0)} ms`);
  console.log(`keystroke-to-paint, live check off: median ${ms(pct(off, 50))}, p95 ${ms(pct(off, 95))} (${off.length} keys)`);
  console.log(`keystroke-to-paint, live check on:  median ${ms(pct(on, 50))}, p95 ${ms(pct(on, 95))} (${on.length} keys; marker at the end: ${marker ?? 'none'})`);
  await ext.close();
  await server.close();
}

await main();
