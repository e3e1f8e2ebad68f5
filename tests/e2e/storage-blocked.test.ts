import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../demo-console/server';
import { launchWithExtension, openSidebar, type ExtensionBrowser } from './support/browser';

/**
 * Storage the browser refuses: with "block all cookies", Chromium denies a
 * framed extension page its IndexedDB (third-party-cookie blocking alone does
 * not: the other e2e files run on Debian's default profile, which blocks
 * third-party cookies). The sidebar must say what happened and how to fix it,
 * and the fix it names must work.
 */
const BLOCK_ALL = { profile: { default_content_setting_values: { cookies: 2 } } };
/** The fix the notice gives: the console site allowed third-party cookies (as Chrome's settings page writes it). */
const BLOCK_ALL_WITH_EXCEPTION = {
  profile: { ...BLOCK_ALL.profile, content_settings: { exceptions: { cookies: { '*,127.0.0.1': { setting: 1 } } } } },
};

describe('storage denied by the browser', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  beforeAll(async () => {
    server = await startDemoServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function sidebarWith(prefs: Record<string, unknown>) {
    const browser: ExtensionBrowser = await launchWithExtension({ prefs });
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/demo/feige/`);
    await page.waitForSelector('html[data-demo-ready]');
    return { browser, frame: await openSidebar(page, browser.extensionId) };
  }

  it('says the browser blocks the sidebar’s data and how to allow it, instead of an empty library', async () => {
    const { browser, frame } = await sidebarWith(BLOCK_ALL);
    try {
      const notice = frame.locator('[data-testid="storage-error"]');
      await notice.waitFor({ timeout: 10_000 });
      const text = await notice.innerText();
      expect(text).toContain('第三方 Cookie');
      expect(text).toContain('denied permission');
      expect(await frame.locator('[data-testid="reply-item"]').count()).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('works once the console site is allowed third-party cookies, as the notice says', async () => {
    const { browser, frame } = await sidebarWith(BLOCK_ALL_WITH_EXCEPTION);
    try {
      await frame.locator('[data-testid="reply-item"]').first().waitFor({ timeout: 10_000 });
      expect(await frame.locator('[data-testid="storage-error"]').count()).toBe(0);
    } finally {
      await browser.close();
    }
  });
});
