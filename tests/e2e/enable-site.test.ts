import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zh } from '../../lib/i18n/messages';
import { sidebarFrame } from './support/browser';
import { useDemoSession } from './support/session';

/**
 * The toolbar popup (entrypoints/popup) on a console and on a site never
 * enabled. A popup cannot be clicked open in headless Chromium, so its page
 * is opened in a tab of its own with `?tab=<id>` naming the tab it is about,
 * as the popup reads the active tab otherwise.
 *
 * Not covered here, because no test can do it honestly in Chromium: granting a
 * new site. The host permission is granted in a browser prompt that headless
 * Chromium shows and nothing can answer, and no API grants an optional host
 * permission without it. (Every loopback origin the e2e build holds a
 * permission for already gets the content script.) What follows the grant —
 * the site remembered, the script injected, the sidebar opened — is covered by
 * lib/background/site-actions.test.ts.
 */
const session = useDemoSession();

/** A page that is no console: 127.0.0.2 is loopback too, but outside the e2e build's matches and permissions. */
let site: Server;
let siteUrl = '';

beforeAll(async () => {
  site = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.2').pathname;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    // /frames-sidebar: a page that frames our (web-accessible) sidebar without having been enabled.
    const frame = path === '/frames-sidebar' ? `<iframe src="chrome-extension://${session.browser.extensionId}/sidebar.html" width="400" height="300"></iframe>` : '';
    res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>自建商城客服</title></head><body><h1>自建商城 · 客服</h1><textarea aria-label="输入消息"></textarea>${frame}</body></html>`);
  });
  await new Promise<void>((resolve, reject) => {
    site.once('error', reject);
    site.listen(0, '127.0.0.2', () => resolve());
  });
  siteUrl = `http://127.0.0.2:${(site.address() as AddressInfo).port}`;
});

afterAll(async () => {
  site.closeAllConnections();
  await new Promise<void>((resolve) => site.close(() => resolve()));
});

/**
 * Clicks the extension's toolbar icon for the tab showing `page`, through the
 * DevTools protocol's Extensions.triggerAction: a click on the icon, user
 * gesture and activeTab grant included. (The popup it opens is no page
 * Playwright can drive; the grant lets openPopupFor's copy see the tab's URL.)
 * Returns the tab's id.
 */
async function clickToolbarButton(page: Page): Promise<number> {
  const browser = session.browser.context.browser();
  if (!browser) throw new Error('No browser-level DevTools session for this context');
  await page.bringToFront();
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tab = targetInfos.find((t) => t.url === page.url());
    if (!tab) throw new Error(`No tab target shows ${page.url()}`);
    await cdp.send('Extensions.triggerAction', { id: session.browser.extensionId, targetId: tab.targetId });
  } finally {
    await cdp.detach();
  }
  const [worker] = session.browser.context.serviceWorkers();
  if (!worker) throw new Error('The background service worker is not running');
  const id = await worker.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Array<{ id?: number }>> } } }).chrome;
    return (await api.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
  });
  if (id === undefined) throw new Error('No active tab');
  return id;
}

/** The popup's page in a tab of its own, about the tab showing `page`: clicked for, so it may see the tab's URL. */
async function openPopupFor(page: Page): Promise<Page> {
  const tabId = await clickToolbarButton(page);
  const popup = await session.browser.context.newPage();
  await popup.goto(`chrome-extension://${session.browser.extensionId}/popup.html?tab=${tabId}`);
  await popup.locator('[data-testid="popup"]').waitFor();
  return popup;
}

/** The parts of the service worker's `chrome` read below. */
interface WorkerApi {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  scripting: { getRegisteredContentScripts(): Promise<Array<{ id: string }>> };
}

/** What enabling a site would leave behind: the remembered sites (and, from older builds, registered content scripts). */
async function backgroundState(): Promise<{ enabledSites: unknown; scripts: string[] }> {
  const [worker] = session.browser.context.serviceWorkers();
  if (!worker) throw new Error('The background service worker is not running');
  return worker.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: WorkerApi }).chrome;
    return {
      enabledSites: (await api.storage.local.get('enabledSites')).enabledSites,
      scripts: (await api.scripting.getRegisteredContentScripts()).map((s) => s.id),
    };
  });
}

describe('toolbar popup', () => {
  it('on a console, says so and opens the collapsed sidebar', async () => {
    const page = await session.browser.context.newPage();
    await page.goto(`${session.server.url}/demo/feige/`);
    await page.waitForSelector('html[data-demo-ready]');
    // A new profile opens the sidebar by itself once the console has loaded.
    const sidebar = await sidebarFrame(page, session.browser.extensionId);
    await sidebar.locator('[data-testid="reply-item"]').first().waitFor();
    const launcher = page.locator('[data-testid="sidebar-launcher"]');
    const frame = page.locator('[data-testid="sidebar-frame"]');
    await expect.poll(() => frame.isVisible()).toBe(true);
    await sidebar.locator('[data-testid="sidebar-collapse"]').click();
    await expect.poll(() => frame.isVisible(), { timeout: 5000 }).toBe(false);
    expect(await launcher.isVisible()).toBe(true);

    const popup = await openPopupFor(page);
    await expect.poll(() => popup.locator('[data-testid="popup-site"]').getAttribute('data-status')).toBe('console');
    expect(await popup.locator('[data-testid="popup-status"]').textContent()).toBe(zh['popup.status.console'].replace('{name}', '抖店飞鸽'));
    expect(await popup.locator('[data-testid="popup-enable"]').count()).toBe(0);
    await popup.locator('[data-testid="popup-open-sidebar"]').click();
    await expect.poll(() => frame.isVisible(), { timeout: 5000 }).toBe(true);
    expect(await launcher.isVisible()).toBe(false);
    await popup.close().catch(() => undefined);
    await page.close();
  });

  it('on a site never enabled, offers to enable it, and injects and remembers nothing without the agent’s grant', async () => {
    const page = await session.browser.context.newPage();
    await page.goto(`${siteUrl}/chat`);
    // The toolbar click grants activeTab: the popup sees the URL of a site
    // the extension holds no permission for.
    const popup = await openPopupFor(page);
    await expect.poll(() => popup.locator('[data-testid="popup-site"]').getAttribute('data-status')).toBe('not-enabled');
    expect(await popup.locator('[data-testid="popup-status"]').textContent()).toBe(zh['popup.status.notEnabled'].replace('{host}', '127.0.0.2'));
    expect(await popup.locator('[data-testid="popup-open-sidebar"]').count()).toBe(0);
    // The browser's prompt opens and stays unanswered (headless).
    await popup.locator('[data-testid="popup-enable"]').click();
    await page.waitForTimeout(3000);
    expect(await page.locator('[data-testid="sidebar-launcher"]').count()).toBe(0);
    const state = await backgroundState();
    expect(state.enabledSites ?? []).toEqual([]);
    expect(state.scripts.filter((id) => id.startsWith('site:'))).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('a site never enabled that frames the sidebar gets no working sidebar', async () => {
    const page = await session.browser.context.newPage();
    await page.goto(`${siteUrl}/frames-sidebar`);
    const prefix = `chrome-extension://${session.browser.extensionId}/sidebar.html`;
    await expect.poll(() => page.frames().some((f) => f.url().startsWith(prefix))).toBe(true);
    const frame = page.frames().find((f) => f.url().startsWith(prefix))!;
    await expect.poll(() => frame.locator('[data-testid="sidebar-refused"]').textContent(), { timeout: 10_000 }).toBe(zh['error.not-enabled']);
    expect(await frame.locator('[data-testid="reply-item"]').count()).toBe(0);
    await page.close();
  });
});
