import * as z from 'zod/mini';
import { browser } from 'wxt/browser';
import { CustomSite } from '../adapters/custom';

/**
 * Consoles the agent defines with selectors (a console we have no adapter
 * for, or a built-in one after a redesign broke it: custom sites win). Kept in
 * extension storage beside the settings; entries that no longer parse are
 * dropped one by one rather than losing the list.
 */
const KEY = 'customSites';

export async function loadCustomSites(): Promise<CustomSite[]> {
  const stored = await browser.storage.local.get(KEY);
  const raw: unknown = stored[KEY];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const parsed = z.safeParse(CustomSite, item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Adds or replaces (by id) a custom site; throws with field keys when invalid. */
export async function saveCustomSite(input: unknown): Promise<CustomSite> {
  const parsed = z.safeParse(CustomSite, input);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
    throw Object.assign(new Error('The custom site has invalid fields'), { code: 'validation', fields });
  }
  const sites = (await loadCustomSites()).filter((s) => s.id !== parsed.data.id);
  await browser.storage.local.set({ [KEY]: [...sites, parsed.data] });
  return parsed.data;
}

export async function removeCustomSite(id: string): Promise<void> {
  const sites = (await loadCustomSites()).filter((s) => s.id !== id);
  await browser.storage.local.set({ [KEY]: sites });
}

export function onCustomSitesChanged(cb: (sites: CustomSite[]) => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && KEY in changes) void loadCustomSites().then(cb);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** A stable id for the site at `hostname`: `custom-shop-example-com`. */
export function customSiteId(hostname: string): string {
  const slug = hostname.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `custom-${slug || 'site'}`;
}
