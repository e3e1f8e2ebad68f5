import { browser } from 'wxt/browser';
import { claimConsoleStart } from '../content/running';
import { loadCustomSites } from '../settings/custom-sites';
import { loadSettings } from '../settings/settings';
import { isSiteDisabled, siteKeys } from '../settings/site-switches';
import { consoleIdOf } from './console-tabs';
import { isSidebarHostAllowed, listEnabledSites } from './sites';

/**
 * How the content script gets into console pages. Not through the manifest:
 * a manifest content script, however small, runs while the page loads (on
 * the demo console that cost 10-45 ms of its load event). Instead the
 * background injects it when the tab's page has loaded (tabs.onUpdated with
 * the tab complete, and a sweep of open tabs at every worker start), into the top frame, for the built-in consoles, the sites the
 * agent enabled, and loopback in e2e builds. Without the "tabs" permission a
 * tab's URL is only visible for hosts we hold permission for, so every other
 * tab is dismissed without reading storage.
 */
export const CONSOLE_SCRIPT = '/content-scripts/console.js';

const E2E = import.meta.env.MODE === 'e2e';

/** A built-in console, a site the agent enabled, or (e2e builds) loopback; unless switched off in settings. */
export async function mayHostSidebar(url: string | undefined): Promise<boolean> {
  if (!url) return false;
  if (!isSidebarHostAllowed(url, await listEnabledSites(), E2E)) return false;
  const { disabledSites } = await loadSettings();
  if (disabledSites.length === 0) return true;
  return !isSiteDisabled(siteKeys(consoleIdOf(url, await loadCustomSites(), E2E), url), disabledSites);
}

/**
 * Injects the content script into a frame unless it runs there already or
 * another injection is under way (the claim is a few bytes; the script is
 * 78 KB, and a second copy would stop the first: see running.ts). Resolves
 * to true when this call injected it.
 */
export async function ensureConsoleScript(tabId: number, frameId = 0): Promise<boolean> {
  const target = { tabId, frameIds: [frameId] };
  const [claim] = await browser.scripting.executeScript({ target, func: claimConsoleStart });
  if (claim?.result !== true) return false;
  await browser.scripting.executeScript({ target, files: [CONSOLE_SCRIPT] });
  return true;
}

/**
 * tabs.onUpdated listener: any update of a console tab whose page has loaded.
 * Not only `change.status === 'complete'`: Chromium was seen to deliver a
 * page's completion only as a later favicon change with `tab.status`
 * complete. Later updates (title changes of a busy console) cost one claim
 * probe, refused at once while the script runs.
 */
export async function onTabUpdated(tabId: number, _change: object, tab: { url?: string; status?: string }): Promise<void> {
  if (tab.status !== 'complete' || !(await mayHostSidebar(tab.url))) return;
  await ensureConsoleScript(tabId);
}

/**
 * Sweeps again this long after the worker started. A tab's 'complete' can be
 * lost in the first moments of a new worker: the listener is added at once,
 * but the browser learns of it by another channel than the sweep's
 * `tabs.query`, so a console the sweep saw loading (or opened just after it)
 * can finish loading before the browser dispatches anything to us. Seen
 * after a browser restart: no tab event at all for the first console page,
 * and no sidebar on it until it was reloaded. A late sweep costs one
 * `tabs.query` and one claim probe per console tab.
 */
export const LATE_SWEEPS_MS = [1_000, 4_000] as const;

/**
 * At every worker start: consoles already open get the script now, and
 * those that finish loading in the worker's first seconds a little later
 * (see LATE_SWEEPS_MS). Resolves with the first sweep.
 */
export function startAfterWorkerStart(onError: (err: unknown) => void): Promise<number> {
  for (const delay of LATE_SWEEPS_MS) {
    setTimeout(() => void startInOpenTabs().catch(onError), delay);
  }
  return startInOpenTabs().catch((err: unknown) => {
    onError(err);
    return 0;
  });
}

/** At every worker start (install, update, browser start, wake-up): consoles already open get the script without a reload. */
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
