import { browser } from 'wxt/browser';
import { consoleRunning } from '../content/running';
import { isSidebarHostAllowed, listEnabledSites } from './sites';

/**
 * How the content script gets into console pages. Not through the manifest:
 * a manifest content script, however small, runs while the page loads (on
 * the demo console that cost 10-45 ms of its load event). Instead the
 * background injects it when the tab's page has loaded (tabs.onUpdated
 * "complete"), into the top frame, for the built-in consoles, the sites the
 * agent enabled, and loopback in e2e builds. Without the "tabs" permission a
 * tab's URL is only visible for hosts we hold permission for, so every other
 * tab is dismissed without reading storage.
 */
export const CONSOLE_SCRIPT = '/content-scripts/console.js';

const E2E = import.meta.env.MODE === 'e2e';

/** A built-in console, a site the agent enabled, or (e2e builds) loopback. */
export async function mayHostSidebar(url: string | undefined): Promise<boolean> {
  if (!url) return false;
  return isSidebarHostAllowed(url, await listEnabledSites(), E2E);
}

/**
 * Injects the content script into a frame unless it runs there already (the
 * check is a few bytes; the script is 78 KB). Resolves to true when injected.
 */
export async function ensureConsoleScript(tabId: number, frameId = 0): Promise<boolean> {
  const target = { tabId, frameIds: [frameId] };
  const [probe] = await browser.scripting.executeScript({ target, func: consoleRunning });
  if (probe?.result === true) return false;
  await browser.scripting.executeScript({ target, files: [CONSOLE_SCRIPT] });
  return true;
}

/** tabs.onUpdated listener: a console page finished loading. */
export async function onTabUpdated(tabId: number, change: { status?: string }, tab: { url?: string }): Promise<void> {
  if (change.status !== 'complete' || !(await mayHostSidebar(tab.url))) return;
  await ensureConsoleScript(tabId);
}

/** After install or update, and at browser start: consoles already open get the (new) script without a reload. */
export async function startInOpenTabs(): Promise<number> {
  let started = 0;
  for (const tab of await browser.tabs.query({})) {
    if (tab.id === undefined || tab.status !== 'complete' || !(await mayHostSidebar(tab.url))) continue;
    try {
      if (await ensureConsoleScript(tab.id)) started++;
    } catch {
      // A tab that closed or navigated meanwhile, or an error page: skip it.
    }
  }
  return started;
}
