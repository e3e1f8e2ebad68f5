import * as z from 'zod/mini';
import { browser } from 'wxt/browser';
import { compileMatchPattern } from '../adapters/custom/match-pattern';
import { CONSOLE_MATCHES, E2E_MATCHES } from '../adapters/matches';
import { sitePatternFor } from '../settings/site-switches';
import { ensureConsoleScript } from './console-injection';

/**
 * Sites the agent enabled from the toolbar beyond the built-in consoles: the
 * optional host permission is asked at that moment, the site is remembered,
 * and the content script is injected into the open tab (and into the site's
 * pages as they load, see console-injection.ts). Kept in extension storage; nothing in memory (the worker restarts).
 */
/** Storage key of the enabled sites (the note menu rebuilds when it changes). */
export const ENABLED_SITES_KEY = 'enabledSites';
const ENABLED_KEY = ENABLED_SITES_KEY;
const EnabledSites = z.array(z.string());

// Lives beside the per-site switches, which the content script also reads
// (this file would bring the injection code into its bundle).
export { sitePatternFor } from '../settings/site-switches';

export async function listEnabledSites(): Promise<string[]> {
  const stored = await browser.storage.local.get(ENABLED_KEY);
  const parsed = z.safeParse(EnabledSites, stored[ENABLED_KEY] ?? []);
  return parsed.success ? parsed.data : [];
}

/**
 * Asks for the tab's site, for the popup's "enable on this site" button.
 * Chrome honours permissions.request only within the click's synchronous
 * part, so the handler calls this before any await and hands the answer on. Null where
 * nothing is to be asked: a built-in console (held already) or a page no
 * extension may script. An already granted site resolves true without a prompt.
 */
export function askSitePermission(tab: { url?: string }): Promise<boolean> | null {
  const pattern = tab.url ? sitePatternFor(tab.url) : null;
  if (!pattern || isSidebarHostAllowed(tab.url, [], false)) return null;
  const asked = browser.permissions.request({ origins: [pattern] });
  // Read later, or never (the content script answered the toggle): no unhandled rejection.
  asked.catch(() => undefined);
  return asked;
}

/**
 * Enables the sidebar on the tab's site once the agent granted it (see
 * askSitePermission). Resolves to false when the agent declined or the page
 * cannot be scripted.
 */
export async function enableSiteForTab(tab: { id?: number; url?: string }, permission: Promise<boolean>): Promise<boolean> {
  const pattern = tab.url ? sitePatternFor(tab.url) : null;
  if (!pattern || tab.id === undefined) return false;
  if (!(await permission.catch(() => false))) return false;
  // Remembered first: from now on every load of the site gets the content
  // script like a built-in console (console-injection.ts); this page at once.
  await rememberEnabledSite(pattern);
  await ensureConsoleScript(tab.id);
  return true;
}

/** Adds a granted `scheme://host/*` pattern to the enabled sites (also for custom sites saved in the workbench). */
export async function rememberEnabledSite(pattern: string): Promise<void> {
  const sites = await listEnabledSites();
  if (!sites.includes(pattern)) await browser.storage.local.set({ [ENABLED_KEY]: [...sites, pattern] });
}

/**
 * Removes a site enabled at runtime (the workbench's settings): forgotten,
 * and its host permission given back, so nothing of ours runs there again
 * until the agent enables it anew.
 */
export async function forgetEnabledSite(pattern: string): Promise<void> {
  const sites = await listEnabledSites();
  await browser.storage.local.set({ [ENABLED_KEY]: sites.filter((s) => s !== pattern) });
  await browser.permissions.remove({ origins: [pattern] });
}

/**
 * True when our sidebar may show the agent's data in a tab at `pageUrl`: a
 * built-in console, a site the agent enabled, or (e2e builds) loopback. The
 * sidebar page is web-accessible so enabled sites can frame it; this check keeps
 * any other page that frames it from getting a working sidebar.
 */
export function isSidebarHostAllowed(pageUrl: string | undefined, enabled: readonly string[], e2e: boolean): boolean {
  if (!pageUrl) return false;
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return false;
  }
  const patterns = [...CONSOLE_MATCHES, ...enabled, ...(e2e ? E2E_MATCHES : [])];
  return patterns.some((p) => compileMatchPattern(p)(url));
}
