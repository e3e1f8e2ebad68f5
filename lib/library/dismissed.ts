import * as z from 'zod';
import { browser } from 'wxt/browser';

/**
 * Sets of replies the supervisor said are not duplicates, by cluster key
 * (the sorted ids of its replies: a reply joining the set makes a new key,
 * and the set is shown again). Kept in the extension's storage, so a dismissal
 * outlasts a reload; the newest MAX_KEPT are kept.
 */
const KEY = 'libraryDismissedDuplicates';
export const MAX_KEPT = 500;
const Stored = z.array(z.string()).catch([]);

export async function loadDismissedDuplicates(): Promise<string[]> {
  const stored = await browser.storage.local.get(KEY);
  return Stored.parse(stored[KEY] ?? []);
}

export async function dismissDuplicate(key: string): Promise<string[]> {
  const next = [...(await loadDismissedDuplicates()).filter((k) => k !== key), key].slice(-MAX_KEPT);
  await browser.storage.local.set({ [KEY]: next });
  return next;
}

export async function clearDismissedDuplicates(): Promise<void> {
  await browser.storage.local.remove(KEY);
}
