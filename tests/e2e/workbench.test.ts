import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSidebar } from './support/browser';
import { useDemoSession } from './support/session';

/**
 * The workbench (工作台, the options page) in Chromium: complaints opened the
 * way agents open them (the sidebar's Complaints tab on the 飞鸽 demo console)
 * show up in the workbench's list, which filters them, opens one with its
 * history, and exports them as a CSV that Excel reads as UTF-8. The sidebar's
 * settings open the workbench in a tab.
 */
const session = useDemoSession();

const buyerOnScreen = async (page: Page) => (await page.locator('#topbar-left-info > span').first().textContent())!.trim();

/** "New complaint" from the sidebar on the buyer on screen, with the starter template named `template`. */
async function openComplaint(sidebar: Frame, template: string): Promise<void> {
  await sidebar.locator('[data-testid="tab-complaints"]').click();
  const before = await sidebar.locator('[data-testid="case-view"]').count();
  if (before > 0) await sidebar.locator('[data-testid="case-back"]').click();
  await sidebar.locator('[data-testid="complaint-new"]').click();
  await sidebar.locator('[data-testid="complaint-template"]').filter({ hasText: template }).first().click();
  await sidebar.locator('[data-testid="case-view"]').waitFor({ timeout: 10_000 });
}

async function workbench(path = '#/cases'): Promise<Page> {
  const page = await session.browser.context.newPage();
  await page.goto(`chrome-extension://${session.browser.extensionId}/options.html${path}`);
  return page;
}

const rows = (page: Page) => page.locator('[data-testid="case-row"]');

describe('workbench', () => {
  const names: string[] = [];
  const note = `仓库确认漏发，今天补发${Date.now()}`;

  it('lists the complaints opened in the sidebar, filters them, and opens one with its history', async () => {
    const console = await session.browser.context.newPage();
    await console.goto(`${session.server.url}/demo/feige/`);
    await console.waitForSelector('html[data-demo-ready]');
    const sidebar = await openSidebar(console, session.browser.extensionId);

    names.push(await buyerOnScreen(console));
    await openComplaint(sidebar, '物流问题');
    await sidebar.locator('[data-testid="checklist-step"]').first().locator('input[type="checkbox"]').check();
    await expect.poll(() => sidebar.locator('[data-testid="checklist-step"]').first().getAttribute('data-done')).toBe('true');
    await sidebar.locator('[data-testid="case-note-input"]').fill(note);
    await sidebar.locator('[data-testid="case-note-save"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="case-event"][data-kind="note"]').count(), { timeout: 5000 }).toBe(1);

    await console.locator('[data-testid="demo-conversation"]').nth(1).click();
    await expect.poll(() => buyerOnScreen(console)).not.toBe(names[0]);
    names.push(await buyerOnScreen(console));
    await expect.poll(() => sidebar.locator('[data-testid="complaints-customer"]').textContent(), { timeout: 5000 }).toContain(names[1]);
    await openComplaint(sidebar, '质量问题');
    await console.close();

    const page = await workbench();
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(2);
    // Newest first (neither is overdue yet).
    await expect.poll(() => rows(page).locator('[data-testid="case-open"]').allTextContents()).toEqual([names[1], names[0]]);

    await page.locator('[data-testid="filter-type"][value="logistics"]').check();
    await expect.poll(() => rows(page).locator('[data-testid="case-open"]').allTextContents()).toEqual([names[0]]);
    await page.locator('[data-testid="filter-status"][value="closed"]').check();
    await expect.poll(() => page.locator('[data-testid="cases-empty"]').count()).toBe(1);
    await page.locator('[data-testid="filter-reset"]').click();
    await expect.poll(() => rows(page).count()).toBe(2);

    await rows(page).filter({ hasText: names[0] }).locator('[data-testid="case-open"]').click();
    await page.locator('[data-testid="case-detail"]').waitFor();
    expect(page.url()).toMatch(/options\.html#\/cases\/[\w-]+$/);
    const kinds = await page.locator('[data-testid="case-detail-event"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind));
    expect(kinds).toEqual(['opened', 'step-done', 'note']);
    expect(await page.locator('[data-testid="case-detail-history"]').textContent()).toContain(note);
    expect(await page.locator('[data-testid="case-detail-step"]').first().getAttribute('data-done')).toBe('true');

    // The URL is the page: a reload comes back to the same case; back returns to the list, filters kept.
    await page.reload();
    await page.locator('[data-testid="case-detail"]').waitFor();
    await page.locator('[data-testid="case-back"]').click();
    await expect.poll(() => rows(page).count()).toBe(2);
    await page.close();
  });

  it('exports the cases as a UTF-8 CSV with a BOM that keeps the Chinese', async () => {
    const page = await workbench();
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-csv"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^投诉-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(bytes.subarray(3).toString('utf8'), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((r) => r['客户'])).toEqual([names[1], names[0]]);
    expect(parsed.data.map((r) => r['类型'])).toEqual(['质量问题', '物流问题']);
    expect(parsed.data.map((r) => r['状态'])).toEqual(['处理中', '处理中']);
    expect(parsed.data[1]!['已完成步骤']).toMatch(/^1\/\d+$/);
    await page.close();
  });

  it('opens from the sidebar’s settings in a tab', async () => {
    const console = await session.browser.context.newPage();
    await console.goto(`${session.server.url}/demo/feige/`);
    await console.waitForSelector('html[data-demo-ready]');
    const sidebar = await openSidebar(console, session.browser.extensionId);
    await sidebar.locator('[data-testid="tab-settings"]').click();
    const [tab] = await Promise.all([session.browser.context.waitForEvent('page'), sidebar.locator('[data-testid="open-workbench"]').click()]);
    await tab.waitForURL(/options\.html/);
    await tab.locator('[data-testid="cases-page"]').waitFor();
    expect(await tab.title()).toBe('投诉 · 工作台');
    await tab.locator('[data-testid="nav-follow-ups"]').click();
    await tab.locator('[data-testid="followups-page"]').waitFor();
    expect(tab.url()).toMatch(/#\/follow-ups$/);
    await tab.close();
    await console.close();
  });
});
