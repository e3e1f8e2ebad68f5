import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../demo-console/server';
import { launchWithExtension, openSidebar, type ExtensionBrowser } from './support/browser';

let server: Awaited<ReturnType<typeof startDemoServer>>;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchWithExtension();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openDemo(path: string): Promise<{ page: Page; sidebar: Frame }> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}${path}`);
  await page.waitForSelector('html[data-demo-ready]');
  const sidebar = await openSidebar(page, browser.extensionId);
  return { page, sidebar };
}

describe('sidebar on the 飞鸽 demo console', () => {
  it('docks, shows the starter library and inserts a reply into the React textarea', async () => {
    const { page, sidebar } = await openDemo('/demo/feige/');
    await expect.poll(() => sidebar.locator('[data-testid="reply-item"]').count()).toBeGreaterThan(0);

    const box = page.locator('textarea[data-qa-id="qa-send-message-textarea"]');
    await box.click();
    await box.pressSequentially('亲，');
    await sidebar.locator('[data-testid="reply-search"]').fill('tk');
    const first = sidebar.locator('[data-testid="reply-item"]').first();
    await expect.poll(() => first.textContent()).toContain('退款');
    await first.locator('[data-testid="reply-insert"]').click();

    await expect.poll(() => page.evaluate(() => window.__demo!.getModelText())).toMatch(/^亲，您好，退款/);
    // Focus is back in the chat box with the caret after the text: typing continues there.
    await page.keyboard.type('！');
    const model = await page.evaluate(() => window.__demo!.getModelText());
    expect(model.endsWith('谢谢您的耐心。！')).toBe(true);
    await page.locator('[data-testid="demo-send"]').click();
    expect(await page.evaluate(() => window.__demo!.getSent())).toEqual([model]);
    await page.close();
  });
});

