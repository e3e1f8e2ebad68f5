import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSidebar } from './support/browser';
import { useDemoSession } from './support/session';

const session = useDemoSession();

async function openDemo(path: string): Promise<{ page: Page; sidebar: Frame }> {
  const page = await session.browser.context.newPage();
  await page.goto(`${session.server.url}${path}`);
  await page.waitForSelector('html[data-demo-ready]');
  const sidebar = await openSidebar(page, session.browser.extensionId);
  return { page, sidebar };
}

describe('sidebar on the 飞鸽 demo console', () => {
  it('docks, shows the starter library and inserts a reply into the React textarea', async () => {
    const { page, sidebar } = await openDemo('/demo/feige/');
    await expect.poll(() => sidebar.locator('[data-testid="reply-item"]').count()).toBeGreaterThan(0);

    const box = page.locator('textarea[data-qa-id="qa-send-message-textarea"]');
    await box.click();
    await box.pressSequentially('亲，');
    await sidebar.locator('[data-testid="reply-search"]').fill('tk');
    const first = sidebar.locator('[data-testid="reply-item"]').first();
    await expect.poll(() => first.textContent()).toContain('退款');
    await first.locator('[data-testid="reply-insert"]').click();

    await expect.poll(() => page.evaluate(() => window.__demo!.getModelText())).toMatch(/^亲，您好，退款/);
    // Focus is back in the chat box with the caret after the text: typing continues there.
    await page.keyboard.type('！');
    const model = await page.evaluate(() => window.__demo!.getModelText());
    expect(model.endsWith('谢谢您的耐心。！')).toBe(true);
    await page.locator('[data-testid="demo-send"]').click();
    expect(await page.evaluate(() => window.__demo!.getSent())).toEqual([model]);
    await page.close();
  });
});


describe('privacy', () => {
  it('the host page finds no trace of the library anywhere it can look', async () => {
    const page = await session.browser.context.newPage();
    // Page-world spy installed before any script runs: records every message event.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __seenMessages: string[] }).__seenMessages = seen;
      window.addEventListener('message', (e) => seen.push(JSON.stringify(e.data ?? null)), true);
    });
    await page.goto(`${session.server.url}/demo/feige/`);
    await page.waitForSelector('html[data-demo-ready]');
    const sidebar = await openSidebar(page, session.browser.extensionId);
    const secret = `机密话术${Date.now()}`;
    await sidebar.locator('[data-testid="reply-new"]').click();
    await sidebar.locator('[data-testid="reply-title"]').fill(secret);
    await sidebar.locator('[data-testid="reply-body"]').fill(`${secret} 正文`);
    await sidebar.locator('[data-testid="reply-save"]').click();
    await sidebar.locator('[data-testid="reply-search"]').fill(secret);
    await sidebar.locator('[data-testid="reply-item"]', { hasText: secret }).waitFor();

    const traces = await page.evaluate(async (needle) => {
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
      const messages = (window as unknown as { __seenMessages: string[] }).__seenMessages;
      if (messages.some((m) => m.includes(needle))) found.push('message events');
      // The sidebar frame is cross-origin to the page: its document is out of reach.
      const frame = document.querySelector<HTMLElement>('kefu-sidebar-host')?.shadowRoot?.querySelector('iframe');
      try {
        if (frame && (frame).contentDocument) found.push('sidebar frame document readable');
      } catch {
        /* expected: cross-origin */
      }
      return found;
    }, secret);
    expect(traces).toEqual([]);
    await page.close();
  });
});
