import { browser } from 'wxt/browser';
import { adapterById, type CustomSite } from '../adapters';
import type { Label } from '../adapters/types';
import { consoleIdOf } from '../background/console-tabs';
import { isSidebarHostAllowed, listEnabledSites } from '../background/sites';
import { loadCustomSites } from '../settings/custom-sites';
import { loadSettings } from '../settings/settings';
import { isSiteDisabled, sitePatternFor, siteKeys } from '../settings/site-switches';

/**
 * What the toolbar popup says about the tab it was opened on: a built-in
 * console, a custom site, a site enabled from the popup earlier, a site the
 * sidebar is not enabled on (with a button to enable it), or a page no
 * extension may script (the browser's own pages). `switchedOff` when the
 * agent turned the site off in settings; `keys` are the switches that did it.
 */
export type SiteStatus =
  | { kind: 'unsupported' }
  | { kind: 'console'; id: string; name: Label; switchedOff: boolean; keys: string[] }
  | { kind: 'custom'; id: string; name: string; switchedOff: boolean; keys: string[] }
  | { kind: 'enabled'; pattern: string; switchedOff: boolean; keys: string[] }
  | { kind: 'not-enabled'; pattern: string };

export interface SiteFacts {
  customSites: readonly CustomSite[];
  enabledSites: readonly string[];
  disabledSites: readonly string[];
  e2e: boolean;
}

export function siteStatus(url: string | undefined, facts: SiteFacts): SiteStatus {
  const pattern = url ? sitePatternFor(url) : null;
  if (!url || !pattern) return { kind: 'unsupported' };
  if (!isSidebarHostAllowed(url, facts.enabledSites, facts.e2e)) return { kind: 'not-enabled', pattern };
  const id = consoleIdOf(url, facts.customSites, facts.e2e);
  const keys = siteKeys(id, url);
  const switchedOff = isSiteDisabled(keys, facts.disabledSites);
  const custom = id ? facts.customSites.find((s) => s.id === id) : undefined;
  if (custom) return { kind: 'custom', id: custom.id, name: custom.name, switchedOff, keys };
  const adapter = id ? adapterById(id) : undefined;
  if (id && adapter) return { kind: 'console', id, name: adapter.name, switchedOff, keys };
  return { kind: 'enabled', pattern, switchedOff, keys };
}

export interface PopupTab {
  id: number;
  url?: string;
  title?: string;
}

/**
 * The tab the popup is about: `?tab=<id>` when given (the popup page opened
 * in a tab of its own, as the e2e tests do), else the active tab of the
 * current window. Its URL is visible thanks to activeTab (the toolbar click)
 * or the host permission.
 */
export async function popupTab(search: string): Promise<PopupTab | undefined> {
  const given = Number(new URLSearchParams(search).get('tab'));
  const tab = Number.isInteger(given) && given > 0 ? await browser.tabs.get(given) : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  return tab?.id === undefined ? undefined : { id: tab.id, url: tab.url, title: tab.title };
}

export async function loadSiteStatus(url: string | undefined): Promise<SiteStatus> {
  const [customSites, enabledSites, settings] = await Promise.all([loadCustomSites(), listEnabledSites(), loadSettings()]);
  return siteStatus(url, { customSites, enabledSites, disabledSites: settings.disabledSites, e2e: import.meta.env.MODE === 'e2e' });
}
