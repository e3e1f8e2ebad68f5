import { browser, type Browser } from 'wxt/browser';
import { adapterById, demoAdapterId, genericAdapter, pickAdapter, type CustomSite } from '../adapters';
import { createCustomAdapter } from '../adapters/custom';
import { log } from '../log';
import { sendToTab } from '../messaging/bus';
import { loadCustomSites } from '../settings/custom-sites';

/**
 * Bringing the agent to a console: the open tab of a platform (adapter id),
 * or the console's address when none is open. Used when a follow-up reminder
 * is clicked. Without the "tabs" permission a tab's URL is visible only on
 * hosts we hold permission for (the consoles, enabled sites, loopback in e2e
 * builds), which are exactly the tabs that can match.
 */

const E2E = import.meta.env.MODE === 'e2e';

/**
 * The adapter id the content script would choose for `url` (custom sites
 * first, then the e2e demo paths, then the built-ins), or undefined for a page
 * no specific adapter handles: the generic fallback names no console.
 */
export function consoleIdOf(url: string | undefined, customSites: readonly CustomSite[], e2e = E2E): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const custom = customSites.map(createCustomAdapter).find((a) => a.detect(parsed));
  if (custom) return custom.id;
  const demo = e2e ? demoAdapterId(parsed) : undefined;
  if (demo) return demo;
  const id = pickAdapter(parsed).id;
  return id === genericAdapter.id ? undefined : id;
}

type Tab = Browser.tabs.Tab;

/** The tab to bring forward: the active one if a match is active, else the one used last. */
function bestTab(tabs: Tab[]): Tab | undefined {
  return [...tabs].sort((a, b) => Number(b.active) - Number(a.active) || (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
}

export type ConsoleOutcome = 'focused' | 'opened' | 'none';

/**
 * Focuses an open tab of console `platform` (any console when undefined) and
 * opens the sidebar there; with none open, opens the console's address when
 * its adapter knows one. Otherwise does nothing: a platform without an address
 * (regional consoles, custom sites, the generic fallback) is not guessed.
 */
export async function bringConsoleForward(platform: string | undefined): Promise<ConsoleOutcome> {
  const customSites = await loadCustomSites();
  const tabs = await browser.tabs.query({});
  const matching = tabs.filter((tab) => {
    if (tab.id === undefined) return false;
    const id = consoleIdOf(tab.url, customSites);
    return id !== undefined && (platform === undefined || id === platform);
  });
  const tab = bestTab(matching);
  if (tab?.id !== undefined) {
    await browser.tabs.update(tab.id, { active: true });
    if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
    try {
      await sendToTab(tab.id, 'setSidebarLayout', { collapsed: false });
    } catch (err) {
      // The tab is in front; the agent can open the sidebar from its edge tab.
      log.warn('sidebar not opened in the console tab', { platform, err: String(err) });
    }
    return 'focused';
  }
  const url = platform === undefined ? undefined : adapterById(platform, customSites)?.consoleUrl;
  if (url === undefined) return 'none';
  const created = await browser.tabs.create({ url, active: true });
  if (created.windowId !== undefined) await browser.windows.update(created.windowId, { focused: true });
  return 'opened';
}
