import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dayKey } from '../../lib/stats/range';
import { openSidebar } from './support/browser';
import { useDemoSession } from './support/session';

/**
 * The statistics page (数据反馈) in Chromium: replies inserted on the 飞鸽
 * demo console, by a click in the sidebar and by a shortcut code in the chat
 * box, are counted for today and for the agent named in settings, drawn as
 * charts, and exported as a CSV that Excel reads as UTF-8.
 */
const session = useDemoSession();

const BOX = 'textarea[data-qa-id="qa-send-message-textarea"]';
const model = (page: Page) => page.evaluate(() => window.__demo!.getModelText());

/** Sets the agent name the way the settings form stores it. */
async function setAgentName(name: string): Promise<void> {
  const [worker] = session.browser.context.serviceWorkers();
  await worker!.evaluate(async (agentName) => {
    // The worker's own extension API (typed loosely: the test is not an extension build).
    const storage = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } } }).chrome.storage.local;
    const { settings = {} } = (await storage.get('settings')) as { settings?: object };
    await storage.set({ settings: { ...settings, agentName } });
  }, name);
}

async function feige(): Promise<{ page: Page; sidebar: Frame }> {
  const page = await session.browser.context.newPage();
  await page.goto(`${session.server.url}/demo/feige/`);
  await page.waitForSelector('html[data-demo-ready]');
  const sidebar = await openSidebar(page, session.browser.extensionId);
  await sidebar.locator('[data-testid="reply-item"]').first().waitFor();
  return { page, sidebar };
}

async function statsPage(): Promise<Page> {
  const page = await session.browser.context.newPage();
  await page.goto(`chrome-extension://${session.browser.extensionId}/options.html#/stats`);
  await page.locator('[data-testid="stats-page"]').waitFor();
  return page;
}

/** A figure's table rows, each as its cells' text. */
const table = (page: Page, testid: string) =>
  page.locator(`[data-testid="${testid}"]`).evaluateAll((rows) => rows.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')));

describe('statistics', () => {
  const today = dayKey(Date.now());

  it('counts replies inserted on the console today, per day, per agent and per reply, and draws them', async () => {
    await setAgentName('小王');
    const { page, sidebar } = await feige();
    const box = page.locator(BOX);
    await box.click();
    await sidebar.locator('[data-testid="reply-search"]').fill('tk');
    const first = sidebar.locator('[data-testid="reply-item"]').first();
    await expect.poll(() => first.textContent()).toContain('退款');
    await first.locator('[data-testid="reply-insert"]').click();
    await expect.poll(() => model(page)).toMatch(/退款/);

    await box.fill('');
    await box.click();
    await page.keyboard.type('/tk');
    await page.keyboard.press('Tab');
    // Expanded in place (the reply's next wording: insertions rotate through them).
    await expect.poll(() => model(page), { timeout: 5000 }).toMatch(/^[^/]*退款/);
    await page.close();

    const stats = await statsPage();
    await expect.poll(() => stats.locator('[data-testid="stats-replies-total"]').textContent(), { timeout: 10_000 }).toBe('共插入 2 次');
    expect((await table(stats, 'stats-day-row')).at(-1)).toEqual([today, '2']);
    expect(await table(stats, 'stats-day-row')).toHaveLength(7);
    expect(await table(stats, 'stats-agent-row')).toEqual([['小王', '2']]);
    const top = await table(stats, 'stats-top-row');
    expect(top).toHaveLength(1);
    expect(top[0]![0]).toContain('退款');
    expect(top[0]![1]).toBe('2');
    // Real charts: a canvas with its accessible name, drawn by chart.js.
    const chart = stats.locator('[data-testid="stats-chart-replies-day"]');
    expect(await chart.getAttribute('data-chart')).toBe('bar');
    expect(await chart.locator('canvas').getAttribute('aria-label')).toBe('每天插入次数图表（数字见旁边的表格）');
    expect(await chart.locator('canvas').evaluate((c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(0);

    await stats.locator('[data-testid="stats-preset"][value="today"]').check();
    await expect.poll(() => table(stats, 'stats-day-row')).toEqual([[today, '2']]);
    await stats.close();
  });

  it('exports the numbers as a UTF-8 CSV with a BOM that keeps the Chinese', async () => {
    const stats = await statsPage();
    await expect.poll(() => stats.locator('[data-testid="stats-replies-total"]').textContent(), { timeout: 10_000 }).toBe('共插入 2 次');
    const [download] = await Promise.all([stats.waitForEvent('download'), stats.locator('[data-testid="stats-export-csv"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^数据反馈-\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<string[]>(bytes.subarray(3).toString('utf8'), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data[0]).toEqual(['指标', '项目', '数值']);
    const rows = (metric: string) => parsed.data.filter((r) => r[0] === metric).map((r) => [r[1], r[2]]);
    expect(rows('每天插入次数').at(-1)).toEqual([today, '2']);
    expect(rows('各客服插入次数')).toEqual([['小王', '2']]);
    expect(rows('按类型').map((r) => r[1])).toEqual(['0', '0', '0', '0', '0']);
    await stats.close();
  });
});
