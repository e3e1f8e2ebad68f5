import { browser } from 'wxt/browser';
import { compileMatchPattern } from '../adapters/custom/match-pattern';
import type { KefuDatabase } from '../db/database';
import { getCustomer } from '../db/customers';
import { isOwnExtensionPage, listen, MessageError, sendToTab } from '../messaging/bus';
import type { RequestOf, ResponseOf } from '../messaging/protocol';
import { bringConsoleForward } from './console-tabs';
import { ensureConsoleScript, mayHostSidebar } from './console-injection';
import { enableSiteForTab, sitePatternFor } from './sites';

/**
 * What the popup and the workbench's settings ask of the background: open the
 * sidebar in a tab, enable a site there, try a custom site's selectors in an
 * open tab of it, and bring a customer's console forward. Only this
 * extension's own pages may ask.
 */
export function registerSiteActions(getDb: () => KefuDatabase): () => void {
  return listen(
    'background',
    {
      openSidebarInTab: async ({ tabId }) => ({ opened: await openSidebarInTab(tabId) }),
      enableSiteInTab: async ({ tabId }) => {
        const tab = await browser.tabs.get(tabId);
        const pattern = tab.url ? sitePatternFor(tab.url) : null;
        if (!pattern) return { enabled: false };
        // The popup asked in its click; the grant is checked here, not trusted.
        const granted = browser.permissions.contains({ origins: [pattern] });
        if (!(await enableSiteForTab(tab, granted))) return { enabled: false };
        await openSidebarInTab(tabId);
        return { enabled: true };
      },
      testSelectorsOnSite: (req) => testSelectorsOnSite(req),
      openCustomerConsole: async ({ customerId }) => {
        const customer = await getCustomer(getDb(), customerId);
        return { outcome: await bringConsoleForward(customer.platform) };
      },
    },
    (sender) => isOwnExtensionPage(sender),
  );
}

/** The injected script needs a moment to start listening: a few tries, 100 ms apart. */
async function sendWhenReady<T>(send: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof MessageError && err.code === 'no-content-script') || i >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Opens (never closes) the sidebar in `tabId`; a console tab without the
 * content script (opened before an install or update) gets it first. False
 * where the sidebar may not run: not a console, not enabled, or switched off.
 */
export async function openSidebarInTab(tabId: number): Promise<boolean> {
  const tab = await browser.tabs.get(tabId);
  if (!(await mayHostSidebar(tab.url))) return false;
  await ensureConsoleScript(tabId);
  await sendWhenReady(() => sendToTab(tabId, 'setSidebarLayout', { collapsed: false }));
  return true;
}

/**
 * Tries selectors in the first open tab the patterns cover. Tab URLs are
 * visible only on hosts we hold permission for, which is where a custom
 * site can run at all.
 */
export async function testSelectorsOnSite(req: RequestOf<'testSelectorsOnSite'>): Promise<ResponseOf<'testSelectorsOnSite'>> {
  const patterns = req.matches.map(compileMatchPattern);
  const tabs = await browser.tabs.query({});
  const covered = (url: string | undefined) => {
    if (!url) return false;
    try {
      const parsed = new URL(url);
      return patterns.some((p) => p(parsed));
    } catch {
      return false;
    }
  };
  const tab = tabs.filter((t) => t.id !== undefined && covered(t.url)).sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
  if (tab?.id === undefined) return { kind: 'no-tab' };
  const tabId = tab.id;
  // A pattern not enabled yet (or switched off): our script does not run there.
  if (!(await mayHostSidebar(tab.url))) return { kind: 'not-enabled', tabTitle: tab.title ?? tab.url ?? '' };
  await ensureConsoleScript(tabId);
  const result = await sendWhenReady(() => sendToTab(tabId, 'testSelectors', req.selectors));
  return { kind: 'tested', tabTitle: tab.title ?? tab.url ?? '', ...result };
}
