import { describe, expect, it } from 'vitest';
import { openSidebar } from './support/browser';
import { useDemoSession } from './support/session';

/**
 * A console without an adapter, defined by the agent with selectors: tried on
 * the page first, then saved, and the sidebar reads the page through it at once.
 * (Own browser profile: the custom site covers every loopback page.)
 */
const session = useDemoSession();

describe('custom site', () => {
  it('tests selectors on the page, reports invalid ones, saves, and reads the buyer through it', async () => {
    const page = await session.browser.context.newPage();
    await page.goto(`${session.server.url}/demo/generic/csp/`);
    await page.waitForSelector('html[data-demo-ready]');
    const buyer = (await page.locator('.buyer-name').first().textContent())!.trim();
    const sidebar = await openSidebar(page, session.browser.extensionId);

    await sidebar.locator('[data-testid="tab-customer"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="context-buyer"]').textContent()).not.toBe(buyer);

    await sidebar.locator('[data-testid="tab-settings"]').click();
    await sidebar.locator('[data-testid="custom-reply"]').fill('textarea#chat-input');
    await sidebar.locator('[data-testid="custom-buyer"]').fill('.buyer-name[[');
    await sidebar.locator('[data-testid="custom-test"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="custom-test-result"]').textContent()).toContain('已找到');
    await expect.poll(() => sidebar.locator('.field-error').count()).toBe(1);

    await sidebar.locator('[data-testid="custom-buyer"]').fill('.buyer-name');
    await sidebar.locator('[data-testid="custom-test"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="custom-test-buyer"]').textContent()).toBe(buyer);
    await sidebar.locator('[data-testid="custom-name"]').fill('自建商城');
    await sidebar.locator('[data-testid="custom-save"]').click();

    await sidebar.locator('[data-testid="tab-customer"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="context-buyer"]').textContent(), { timeout: 5000 }).toBe(buyer);
    await expect.poll(() => sidebar.locator('[data-testid="page-status"]').textContent()).toContain('自建商城');
    await page.close();
  });
});
