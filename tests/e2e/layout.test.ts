import { describe, expect, it } from 'vitest';
import { sidebarFrame } from './support/browser';
import { useDemoSession } from './support/session';

/** The sidebar's place on the page: open by default, collapsed on request, remembered per site, push vs overlay. */
const session = useDemoSession();

describe('sidebar layout', () => {
  it('opens by itself after the page loads, pushes the page, and remembers being collapsed', async () => {
    const page = await session.browser.context.newPage();
    await page.goto(`${session.server.url}/demo/feige/`);
    const sidebar = await sidebarFrame(page, session.browser.extensionId);
    // Push mode: the console is narrowed by the sidebar's width, so the chat box stays uncovered.
    const margin = await page.evaluate(() => getComputedStyle(document.documentElement).marginRight);
    expect(margin).toBe('360px');
    const box = await page.locator('textarea[data-qa-id="qa-send-message-textarea"]').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(1400 - 360);

    await sidebar.locator('[data-testid="sidebar-collapse"]').click();
    const launcher = page.locator('[data-testid="sidebar-launcher"]');
    await launcher.waitFor({ state: 'visible' });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).marginRight)).toBe('0px');

    await page.reload();
    await launcher.waitFor({ state: 'visible' });
    await page.waitForTimeout(1000);
    expect(page.frames().some((f) => f.url().includes('/sidebar.html')), 'a collapsed sidebar is not loaded at all').toBe(false);

    await launcher.click();
    const reopened = await sidebarFrame(page, session.browser.extensionId);
    await expect.poll(() => reopened.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reply-search');

    // Overlay mode leaves the page's width alone.
    await reopened.locator('[data-testid="sidebar-mode"]').selectOption('overlay');
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).marginRight)).toBe('0px');

    // Remembered for this site, and the menu shows it after a reload.
    await page.reload();
    const again = await sidebarFrame(page, session.browser.extensionId);
    await expect.poll(() => again.locator('[data-testid="sidebar-mode"]').inputValue()).toBe('overlay');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).marginRight)).toBe('0px');
    await page.close();
  });
});
