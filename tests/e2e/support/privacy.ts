import type { Page } from 'playwright-core';

/**
 * What a hostile console page could read: used to prove our data never
 * reaches it. Install the spy before the page loads, then ask for traces.
 */
export async function installMessageSpy(page: Page): Promise<void> {
  // Page-world spy installed before any script runs: records every message event.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __seenMessages: string[] }).__seenMessages = seen;
    window.addEventListener('message', (e) => seen.push(JSON.stringify(e.data ?? null)), true);
  });
}

/** Where the page's own scripts can find `needle`: DOM (open shadow roots too), storage, cookies, IndexedDB, message events. */
export function pageTraces(page: Page, needle: string): Promise<string[]> {
  return page.evaluate(async (needle) => {
    const found: string[] = [];
    const scan = (root: Document | ShadowRoot, where: string) => {
      if ((root as Document).documentElement?.outerHTML?.includes(needle) || (root as ShadowRoot).innerHTML?.includes(needle)) found.push(where);
      root.querySelectorAll('*').forEach((el) => {
        if (el.shadowRoot) scan(el.shadowRoot, `shadow root of <${el.tagName.toLowerCase()}>`);
      });
    };
    scan(document, 'DOM');
    for (const [name, store] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]] as const) {
      for (let i = 0; i < store.length; i++) if (String(store.getItem(store.key(i)!)).includes(needle)) found.push(name);
    }
    if (document.cookie.includes(needle)) found.push('cookies');
    for (const info of await indexedDB.databases()) found.push(`page IndexedDB database ${info.name}`);
    const messages = (window as unknown as { __seenMessages?: string[] }).__seenMessages ?? [];
    if (messages.some((m) => m.includes(needle))) found.push('message events');
    // The sidebar frame is cross-origin to the page: its document is out of reach.
    const frame = document.querySelector<HTMLElement>('kefu-sidebar-host')?.shadowRoot?.querySelector('iframe');
    try {
      if (frame?.contentDocument) found.push('sidebar frame document readable');
    } catch {
      /* expected: cross-origin */
    }
    return found;
  }, needle);
}
