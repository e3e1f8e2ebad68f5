import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en, zh } from '../../lib/i18n/messages';
import { openSidebar, sidebarFrame } from './support/browser';
import { useDemoSession } from './support/session';

/**
 * The workbench's settings page (#/settings) against the sidebar open on the
 * 飞鸽 demo console: a saved change reaches the open sidebar without a
 * reload, a site switched off loses its sidebar at once (and gets it back
 * from the toolbar popup), the toggle shortcut is checked and applies live,
 * and a custom site's selectors are tried in an open tab of the site.
 */
const session = useDemoSession();

async function settingsPage(): Promise<Page> {
  const page = await session.browser.context.newPage();
  await page.goto(`chrome-extension://${session.browser.extensionId}/options.html#/settings`);
  await page.locator('[data-testid="settings-page"]').waitFor();
  return page;
}

async function feige(): Promise<Page> {
  const page = await session.browser.context.newPage();
  await page.goto(`${session.server.url}/demo/feige/`);
  await page.waitForSelector('html[data-demo-ready]');
  return page;
}

/** The id of the tab showing `url`, asked from an extension page (which sees loopback URLs). */
async function tabIdOf(extPage: Page, url: string): Promise<number> {
  return extPage.evaluate(async (wanted) => {
    const api = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> } } }).chrome;
    const tab = (await api.tabs.query({})).find((t) => t.url === wanted);
    if (tab?.id === undefined) throw new Error(`no tab shows ${wanted}`);
    return tab.id;
  }, url);
}

describe('settings page', () => {
  it('language and agent name saved in the workbench reach the sidebar open on the console', async () => {
    const console = await feige();
    const sidebar = await openSidebar(console, session.browser.extensionId);
    expect(await sidebar.locator('[data-testid="tab-replies"]').textContent()).toBe(zh['tab.replies']);

    const page = await settingsPage();
    await page.locator('[data-testid="settings-agent"]').fill('周小满');
    await page.locator('[data-testid="settings-language"]').selectOption('en');
    await page.locator('[data-testid="settings-save"]').click();
    await expect.poll(() => page.locator('[data-testid="settings-status"]').textContent()).toBe(zh['settings.saved']);
    // The workbench itself follows too.
    await expect.poll(() => page.locator('[data-testid="nav-settings"]').textContent()).toBe(en['wbs.nav']);

    await expect.poll(() => sidebar.locator('[data-testid="tab-replies"]').textContent(), { timeout: 5000 }).toBe(en['tab.replies']);
    // The longer English labels fit the sidebar: nothing scrolls sideways, the window buttons stay on screen.
    const fit = () =>
      sidebar.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const inside = (id: string) => {
          const r = document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect();
          return r.left >= 0 && r.right <= width;
        };
        return { scrolls: document.documentElement.scrollWidth > width, settings: inside('tab-settings'), collapse: inside('sidebar-collapse') };
      });
    expect(await fit()).toEqual({ scrolls: false, settings: true, collapse: true });
    await sidebar.locator('[data-testid="tab-settings"]').click();
    expect(await fit()).toEqual({ scrolls: false, settings: true, collapse: true });
    expect(await sidebar.locator('[data-testid="settings-agent"]').inputValue()).toBe('周小满');

    // Back to Chinese for the tests below.
    await page.locator('[data-testid="settings-language"]').selectOption('zh');
    await page.locator('[data-testid="settings-save"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="tab-replies"]').textContent(), { timeout: 5000 }).toBe(zh['tab.replies']);
    await page.close();
    await console.close();
  });

  it('checks the toggle shortcut as it is pressed, names conflicts, and the console follows the saved one', async () => {
    const console = await feige();
    await openSidebar(console, session.browser.extensionId);
    const frame = console.locator('[data-testid="sidebar-frame"]');
    await expect.poll(() => frame.isVisible()).toBe(true);

    const page = await settingsPage();
    const field = page.locator('[data-testid="settings-shortcut"]');
    await field.click();
    await field.press('Control+c');
    expect(await field.inputValue()).toBe('Ctrl+C');
    expect(await page.locator('[data-testid="settings-shortcut-problem"]').textContent()).toBe(zh['wbs.error.shortcut-reserved']);
    await page.locator('[data-testid="settings-save"]').click();
    expect(await page.locator('[data-testid="settings-status"]').textContent()).toBe(zh['wbs.fixErrors']);

    await field.press('Control+f');
    expect(await field.inputValue()).toBe('Ctrl+F');
    expect(await page.locator('[data-testid="settings-shortcut-conflict"]').textContent()).toContain(zh['wbs.owner.feige']);

    await field.press('Alt+j');
    expect(await field.inputValue()).toBe('Alt+J');
    expect(await page.locator('[data-testid="settings-shortcut-conflict"]').count()).toBe(0);
    await page.locator('[data-testid="settings-save"]').click();
    await expect.poll(() => page.locator('[data-testid="settings-status"]').textContent()).toBe(zh['settings.saved']);

    await console.bringToFront();
    await console.locator('body').click({ position: { x: 5, y: 5 } });
    await console.keyboard.press('Alt+j');
    await expect.poll(() => frame.isVisible(), { timeout: 5000 }).toBe(false);
    await console.keyboard.press('Alt+j');
    await expect.poll(() => frame.isVisible(), { timeout: 5000 }).toBe(true);
    await page.close();
    await console.close();
  });

  it('a site switched off loses its sidebar at once and on reload; the popup switches it back on', async () => {
    const console = await feige();
    await openSidebar(console, session.browser.extensionId);
    const launcher = console.locator('[data-testid="sidebar-launcher"]');
    const host = console.locator('kefu-sidebar-host');

    const page = await settingsPage();
    const feigeSwitch = page.locator('[data-testid="site-switch-feige"]');
    expect(await feigeSwitch.isChecked()).toBe(true);
    // The switch shows the stored value, so it flips once the write is back.
    await feigeSwitch.click();
    await expect.poll(() => feigeSwitch.isChecked(), { timeout: 5000 }).toBe(false);
    await expect.poll(() => host.count(), { timeout: 5000 }).toBe(0);

    await console.reload();
    await console.waitForSelector('html[data-demo-ready]');
    // The background would inject within a moment of the load; give it that.
    await console.waitForTimeout(1500);
    expect(await host.count()).toBe(0);

    // Other consoles are not affected.
    const pdd = await session.browser.context.newPage();
    await pdd.goto(`${session.server.url}/demo/pinduoduo/`);
    await pdd.waitForSelector('html[data-demo-ready]');
    await pdd.locator('[data-testid="sidebar-launcher"]').waitFor({ state: 'attached', timeout: 10_000 });
    await pdd.close();

    const popup = await session.browser.context.newPage();
    await popup.goto(`chrome-extension://${session.browser.extensionId}/popup.html`);
    const tabId = await tabIdOf(popup, console.url());
    await popup.goto(`chrome-extension://${session.browser.extensionId}/popup.html?tab=${tabId}`);
    await expect.poll(() => popup.locator('[data-testid="popup-site"]').getAttribute('data-status')).toBe('console');
    expect(await popup.locator('[data-testid="popup-status"]').textContent()).toBe(zh['popup.status.off'].replace('{name}', '抖店飞鸽'));
    await popup.locator('[data-testid="popup-switch-on"]').click();

    await launcher.waitFor({ state: 'attached', timeout: 10_000 });
    await sidebarFrame(console, session.browser.extensionId);
    await expect.poll(() => page.locator('[data-testid="site-switch-feige"]').isChecked()).toBe(true);
    await popup.close();
    await page.close();
    await console.close();
  });

  it('a custom site defined in the workbench is tested in an open tab of the site, selector by selector', async () => {
    const page = await settingsPage();
    await page.locator('[data-testid="custom-site-add"]').click();
    await page.locator('[data-testid="custom-name"]').fill('自建商城');
    await page.locator('[data-testid="custom-pattern"]').fill('http://127.0.0.1/demo/generic/csp/*');
    await page.locator('[data-testid="custom-reply"]').fill('textarea#chat-input');
    await page.locator('[data-testid="custom-buyer"]').fill('.buyer-name');
    await page.locator('[data-testid="custom-order"]').fill('.no-such-order');

    await page.locator('[data-testid="custom-test"]').click();
    await expect.poll(() => page.locator('[data-testid="custom-message"]').textContent()).toBe(zh['custom.test.noTab']);

    const site = await session.browser.context.newPage();
    await site.goto(`${session.server.url}/demo/generic/csp/`);
    await site.waitForSelector('html[data-demo-ready]');
    const buyer = (await site.locator('.buyer-name').first().textContent())!.trim();
    await page.bringToFront();
    await page.locator('[data-testid="custom-test"]').click();
    await expect.poll(() => page.locator('[data-testid="custom-reply-found"]').getAttribute('data-found'), { timeout: 10_000 }).toBe('yes');
    expect(await page.locator('[data-testid="custom-buyer-found"]').getAttribute('data-found')).toBe('yes');
    expect(await page.locator('[data-testid="custom-order-found"]').getAttribute('data-found')).toBe('no');
    expect(await page.locator('[data-testid="custom-test-buyer"]').textContent()).toBe(buyer);
    expect(await page.locator('[data-testid="custom-message"]').textContent()).toContain('通用客服台');

    await page.locator('[data-testid="custom-save"]').click();
    await expect.poll(() => page.locator('[data-testid="custom-site-row"]').textContent(), { timeout: 5000 }).toContain('自建商城');
    // The open page uses the new definition at once.
    const sidebar = await openSidebar(site, session.browser.extensionId);
    await sidebar.locator('[data-testid="tab-customer"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="page-status"]').textContent(), { timeout: 5000 }).toContain('自建商城');
    await site.close();
    await page.close();
  });
});
