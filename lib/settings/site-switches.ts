
/**
 * Per-site on/off switches (settings.disabledSites). A site is named by the
 * keys under which the settings page lists it: the console's adapter id for a
 * built-in or custom console (one switch covers all its hosts), and the
 * `scheme://host/*` pattern for a site enabled at runtime, which the generic
 * adapter serves. A page is switched off when any of its keys is listed.
 */
export function siteKeys(consoleId: string | undefined, pageUrl: string): string[] {
  const pattern = sitePatternFor(pageUrl);
  return [consoleId, pattern].filter((k): k is string => !!k);
}

export function isSiteDisabled(keys: readonly string[], disabledSites: readonly string[]): boolean {
  return keys.some((k) => disabledSites.includes(k));
}

/** `disabledSites` with `key` switched on (removed) or off (added), order kept. */
export function switchSite(disabledSites: readonly string[], key: string, enabled: boolean): string[] {
  const rest = disabledSites.filter((k) => k !== key);
  return enabled ? rest : [...rest, key];
}

/** `https://shop.example.com/*` for a page URL; null for pages no extension may script. */
export function sitePatternFor(pageUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return `${url.protocol}//${url.hostname}/*`;
}
