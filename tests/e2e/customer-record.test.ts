import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../demo-console/server';
import { launchWithExtension, openSidebar, type ExtensionBrowser } from './support/browser';
import { installMessageSpy, pageTraces } from './support/privacy';

/**
 * Customer records (客户档案) on the 飞鸽 demo console: the record follows the
 * conversation on screen, notes stay with their buyer across conversation
 * switches, page reloads and a browser restart, a buyer can be entered by hand
 * where none is detected, and the host page never sees a note.
 */
let server: Awaited<ReturnType<typeof startDemoServer>>;
let browser: ExtensionBrowser;
let userDataDir = '';

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchWithExtension();
  userDataDir = browser.userDataDir;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const buyerOnScreen = async (page: Page) => (await page.locator('#topbar-left-info > span').first().textContent())!.trim();

async function customerTab(path = '/demo/feige/'): Promise<{ page: Page; sidebar: Frame }> {
  const page = await browser.context.newPage();
  await installMessageSpy(page);
  await page.goto(`${server.url}${path}`);
  await page.waitForSelector('html[data-demo-ready]');
  const sidebar = await openSidebar(page, browser.extensionId);
  await sidebar.locator('[data-testid="tab-customer"]').click();
  return { page, sidebar };
}

const notes = (sidebar: Frame) => sidebar.locator('[data-testid="note-item"]');

async function addNote(sidebar: Frame, text: string): Promise<void> {
  await sidebar.locator('[data-testid="note-input"]').fill(text);
  await sidebar.locator('[data-testid="note-save"]').click();
  await notes(sidebar).filter({ hasText: text }).waitFor();
}

describe('customer records', () => {
  const secret = `买家要求发顺丰，备注${Date.now()}`;

  it('opens the buyer on screen, keeps notes with their buyer as the agent switches chats', async () => {
    const { page, sidebar } = await customerTab();
    const first = await buyerOnScreen(page);
    await expect.poll(() => sidebar.locator('[data-testid="customer-id"]').textContent(), { timeout: 5000 }).toBe(first);
    await addNote(sidebar, secret);
    // The order on screen goes with the note.
    const order = await sidebar.locator('[data-testid="context-order"]').textContent();
    if (order && /\d{19}/.test(order)) await expect.poll(() => notes(sidebar).first().textContent()).toContain(order);

    await page.locator('[data-testid="demo-conversation"]').nth(1).click();
    const second = await buyerOnScreen(page);
    expect(second).not.toBe(first);
    await expect.poll(() => sidebar.locator('[data-testid="customer-id"]').textContent(), { timeout: 5000 }).toBe(second);
    expect(await notes(sidebar).count()).toBe(0);

    await page.locator('[data-testid="demo-conversation"]').nth(0).click();
    await expect.poll(() => sidebar.locator('[data-testid="customer-id"]').textContent(), { timeout: 5000 }).toBe(first);
    await expect.poll(() => notes(sidebar).filter({ hasText: secret }).count()).toBe(1);

    // Privacy: the console page finds the note nowhere it can look.
    expect(await pageTraces(page, secret)).toEqual([]);
    await page.close();
  });

  it('keeps the note across a page reload and a browser restart', async () => {
    const { page, sidebar } = await customerTab();
    await expect.poll(() => notes(sidebar).filter({ hasText: secret }).count(), { timeout: 5000 }).toBe(1);
    await page.close();

    await browser.close({ keepProfile: true });
    browser = await launchWithExtension({ userDataDir });
    const again = await customerTab();
    await expect.poll(() => notes(again.sidebar).filter({ hasText: secret }).count(), { timeout: 10_000 }).toBe(1);
    await again.page.close();
  });

  it('edits a note keeping its earlier wording, pins it, and deletes it with undo', async () => {
    const { page, sidebar } = await customerTab();
    const text = `尺码偏大，建议小一码${Date.now()}`;
    await addNote(sidebar, text);
    const item = notes(sidebar).filter({ hasText: text });
    await item.getByRole('button', { name: '编辑' }).click();
    await item.locator('textarea').fill(`${text}（已确认）`);
    await item.getByRole('button', { name: '保存备注' }).click();
    const edited = notes(sidebar).filter({ hasText: `${text}（已确认）` });
    await expect.poll(() => edited.locator('details.history summary').textContent()).toContain('1');
    await edited.getByRole('button', { name: '置顶' }).click();
    await expect.poll(() => notes(sidebar).first().textContent()).toContain(`${text}（已确认）`);

    await edited.locator('[data-testid="note-delete"]').click();
    await expect.poll(() => notes(sidebar).filter({ hasText: text }).count()).toBe(0);
    await sidebar.locator('[data-testid="notice-undo"]').click();
    await expect.poll(() => notes(sidebar).filter({ hasText: text }).count()).toBe(1);
    await page.close();
  });

  it('lists the replies sent to this buyer in their record, and not in another buyer’s', async () => {
    const { page, sidebar } = await customerTab();
    await sidebar.locator('[data-testid="tab-replies"]').click();
    await page.locator('textarea[data-qa-id="qa-send-message-textarea"]').click();
    const item = sidebar.locator('[data-testid="reply-item"]').first();
    const title = (await item.locator('.reply-title').textContent())!.trim();
    await item.locator('[data-testid="reply-insert"]').click();
    await expect.poll(() => page.evaluate(() => window.__demo!.getModelText()), { timeout: 5000 }).not.toBe('');
    await sidebar.locator('[data-testid="tab-customer"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="customer-replies-used"]').textContent(), { timeout: 5000 }).toContain(title);

    await page.locator('[data-testid="demo-conversation"]').nth(2).click();
    const third = await buyerOnScreen(page);
    await expect.poll(() => sidebar.locator('[data-testid="customer-id"]').textContent(), { timeout: 5000 }).toBe(third);
    expect(await sidebar.locator('[data-testid="customer-replies-used"]').textContent()).not.toContain(title);
    await page.close();
  });

  it('captures the text the agent selected in the console chat into the note', async () => {
    const { page, sidebar } = await customerTab();
    await expect.poll(() => sidebar.locator('[data-testid="customer-id"]').count(), { timeout: 5000 }).toBe(1);
    // Select the buyer's first message on the page, as an agent drags over it.
    const selected = await page.evaluate(() => {
      const bubble = document.querySelector('.dc-msg-buyer .dc-bubble') ?? document.querySelector('.dc-bubble');
      if (!bubble) return '';
      const range = document.createRange();
      range.selectNodeContents(bubble);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return sel.toString().trim();
    });
    expect(selected, 'the demo chat has a message to select').not.toBe('');
    await sidebar.locator('[data-testid="note-capture"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="note-input"]').inputValue()).toBe(selected);
    await page.close();
  });

  it('saves the text of the context menu’s “save to customer notes” to the buyer on screen, opening the sidebar', async () => {
    const { page, sidebar } = await customerTab();
    await expect.poll(() => sidebar.locator('[data-testid="customer-id"]').textContent(), { timeout: 5000 }).toBe(await buyerOnScreen(page));
    const order = (await sidebar.locator('[data-testid="context-order"]').textContent()) ?? '';
    await sidebar.locator('[data-testid="sidebar-collapse"]').click();
    await page.locator('[data-testid="sidebar-launcher"]').waitFor({ state: 'visible' });

    // No test can click a native context menu: the worker sends what its
    // click handler sends (lib/background/note-menu.ts, unit-tested there).
    const text = `买家说周五前一定要收到，否则拒收 ${Date.now()}`;
    const [worker] = browser.context.serviceWorkers();
    if (!worker) throw new Error('The background service worker is not running');
    await worker.evaluate(
      async ({ url, text }) => {
        const api = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>>; sendMessage(id: number, m: unknown, o: object): Promise<unknown> } } }).chrome;
        const tab = (await api.tabs.query({})).find((t) => t.url === url);
        if (tab?.id === undefined) throw new Error(`no tab at ${url}`);
        await api.tabs.sendMessage(tab.id, { channel: 'kefu', type: 'captureToNotes', payload: { text } }, { frameId: 0 });
      },
      { url: page.url(), text },
    );

    // The sidebar opened on the Customer tab with the note saved, the order on screen attached.
    await expect.poll(() => sidebar.locator('[data-testid="tab-customer"]').getAttribute('aria-selected'), { timeout: 5000 }).toBe('true');
    const saved = notes(sidebar).filter({ hasText: text });
    await expect.poll(() => saved.count(), { timeout: 5000 }).toBe(1);
    if (/\d{19}/.test(order)) expect(await saved.textContent()).toContain(order);
    await expect.poll(() => sidebar.locator('[data-testid="notice"]').textContent()).toContain(await buyerOnScreen(page));
    expect(await pageTraces(page, text)).toEqual([]);

    // Undo in the notice takes it back.
    await sidebar.locator('[data-testid="notice-undo"]').click();
    await expect.poll(() => saved.count()).toBe(0);
    await page.close();
  });

  it('where no buyer is detected, the agent types one: id and name until renamed', async () => {
    const { page, sidebar } = await customerTab('/demo/generic/csp/');
    const input = sidebar.locator('[data-testid="customer-id-input"]');
    await input.fill('tb_手动录入买家');
    await input.press('Enter');
    await expect.poll(() => sidebar.locator('[data-testid="customer-id"]').textContent(), { timeout: 5000 }).toBe('tb_手动录入买家');
    await addNote(sidebar, '电话回访过，周末方便联系');
    await page.close();
  });

  it('erases a customer and everything attached', async () => {
    const { page, sidebar } = await customerTab('/demo/generic/csp/');
    const input = sidebar.locator('[data-testid="customer-id-input"]');
    await input.fill('待删除的买家');
    await input.press('Enter');
    await addNote(sidebar, '这条备注要随客户一起删除');
    await sidebar.locator('[data-testid="customer-erase"]').click();
    await sidebar.locator('[data-testid="customer-erase-confirm"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="customer-id"]').count()).toBe(0);
    // Not found by search any more, by name or by note text.
    await sidebar.locator('[data-testid="customer-id-input"]').fill('这条备注要随客户一起删除');
    await expect.poll(() => sidebar.locator('[data-testid="customer-result"]').count()).toBe(0);
    await page.close();
  });
});
