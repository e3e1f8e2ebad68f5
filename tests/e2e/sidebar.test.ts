import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSidebar } from './support/browser';
import { installMessageSpy, pageTraces } from './support/privacy';
import { useDemoSession } from './support/session';

const session = useDemoSession();

async function openDemo(path: string): Promise<{ page: Page; sidebar: Frame }> {
  const page = await session.browser.context.newPage();
  await page.goto(`${session.server.url}${path}`);
  await page.waitForSelector('html[data-demo-ready]');
  const sidebar = await openSidebar(page, session.browser.extensionId);
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


describe('privacy', () => {
  it('the host page finds no trace of the library anywhere it can look', async () => {
    const page = await session.browser.context.newPage();
    await installMessageSpy(page);
    await page.goto(`${session.server.url}/demo/feige/`);
    await page.waitForSelector('html[data-demo-ready]');
    const sidebar = await openSidebar(page, session.browser.extensionId);
    const secret = `机密话术${Date.now()}`;
    await sidebar.locator('[data-testid="reply-new"]').click();
    await sidebar.locator('[data-testid="reply-title"]').fill(secret);
    await sidebar.locator('[data-testid="reply-body"]').fill(`${secret} 正文`);
    await sidebar.locator('[data-testid="reply-save"]').click();
    await sidebar.locator('[data-testid="reply-search"]').fill(secret);
    await sidebar.locator('[data-testid="reply-item"]', { hasText: secret }).waitFor();

    const traces = await pageTraces(page, secret);
    expect(traces).toEqual([]);
    await page.close();
  });
});
