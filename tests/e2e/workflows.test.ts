import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSidebar } from './support/browser';
import { useDemoSession } from './support/session';

/**
 * An agent's day on the 飞鸽 demo console: shortcut codes in the chat box,
 * keyboard-only insertion, variables filled from the page or asked for, undo,
 * and the sidebar following the console as the agent switches chats.
 */
const session = useDemoSession();

const BOX = 'textarea[data-qa-id="qa-send-message-textarea"]';
const model = (page: Page) => page.evaluate(() => window.__demo!.getModelText());

async function feige(): Promise<{ page: Page; sidebar: Frame }> {
  const page = await session.browser.context.newPage();
  await page.goto(`${session.server.url}/demo/feige/`);
  await page.waitForSelector('html[data-demo-ready]');
  const sidebar = await openSidebar(page, session.browser.extensionId);
  await sidebar.locator('[data-testid="reply-item"]').first().waitFor();
  return { page, sidebar };
}

describe('shortcut codes in the chat box', () => {
  it('expands a known code on Tab, and leaves codes inside words alone', async () => {
    const { page } = await feige();
    const box = page.locator(BOX);
    await box.click();
    await page.keyboard.type('好的 /tk');
    await page.keyboard.press('Tab');
    await expect.poll(() => model(page), { timeout: 5000 }).toMatch(/^好的 .*退款/);
    expect(await model(page)).not.toContain('/tk');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-qa-id'))).toBe('qa-send-message-textarea');

    await box.fill('');
    await box.click();
    await page.keyboard.type('abc/tk');
    await page.keyboard.press('Tab');
    await page.waitForTimeout(300);
    expect(await model(page)).toBe('abc/tk');
    await page.close();
  });

  it('with Enter as the trigger, expands a code and still sends an ordinary message', async () => {
    const [worker] = session.browser.context.serviceWorkers();
    const setTrigger = (triggerKey: string) =>
      worker!.evaluate(async (key) => {
        // The worker's own extension API (typed loosely: the test is not an extension build).
        const storage = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } } }).chrome.storage.local;
        const { settings = {} } = (await storage.get('settings')) as { settings?: object };
        await storage.set({ settings: { ...settings, triggerKey: key } });
      }, triggerKey);
    await setTrigger('Enter');
    try {
      const { page } = await feige();
      const box = page.locator(BOX);
      await box.click();
      await page.keyboard.type('好的 /tk');
      await page.keyboard.press('Enter');
      await expect.poll(() => model(page), { timeout: 5000 }).toMatch(/^好的 .*退款/);
      // The expansion was not sent: the agent reads it first.
      expect(await page.evaluate(() => window.__demo!.getSent())).toEqual([]);
      await box.fill('');
      await box.click();
      await page.keyboard.type('在的');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => window.__demo!.getSent())).toEqual(['在的']);
      await page.close();
    } finally {
      await setTrigger('Tab');
    }
  });
});

describe('keyboard-first insertion', () => {
  it('finds by pinyin initials, inserts with Enter, and Esc returns to the chat box', async () => {
    const { page, sidebar } = await feige();
    await page.locator(BOX).click();
    const search = sidebar.locator('[data-testid="reply-search"]');
    await search.fill('tuikuan');
    await expect.poll(() => sidebar.locator('[data-testid="reply-item"]').first().textContent()).toContain('退款');
    await search.press('Enter');
    await expect.poll(() => model(page), { timeout: 5000 }).toContain('退款');

    await search.focus();
    await search.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-qa-id'))).toBe('qa-send-message-textarea');
    await page.close();
  });

  it('Ctrl+Z in the chat box undoes the insertion', async () => {
    const { page, sidebar } = await feige();
    const box = page.locator(BOX);
    await box.click();
    await page.keyboard.type('AB');
    await sidebar.locator('[data-testid="reply-search"]').fill('tk');
    await sidebar.locator('[data-testid="reply-item"]').first().locator('[data-testid="reply-insert"]').click();
    await expect.poll(() => model(page), { timeout: 5000 }).toContain('退款');
    await page.keyboard.press('Control+Z');
    await expect.poll(() => model(page)).toBe('AB');
    await page.close();
  });
});

describe('variables', () => {
  it('fills {{buyer}} from the console and asks for a fill-in field before inserting', async () => {
    const { page, sidebar } = await feige();
    const buyer = (await page.locator('#topbar-left-info > span').first().textContent())!.trim();
    await sidebar.locator('[data-testid="reply-new"]').click();
    await sidebar.locator('[data-testid="reply-title"]').fill('尺码确认');
    await sidebar.locator('[data-testid="reply-body"]').fill('{{buyer}}您好，已为您备注尺码{{填写:尺码}}。');
    await sidebar.locator('[data-testid="reply-save"]').click();
    await page.locator(BOX).click();
    await sidebar.locator('[data-testid="reply-search"]').fill('尺码确认');
    await sidebar.locator('[data-testid="reply-item"]', { hasText: '尺码确认' }).locator('[data-testid="reply-insert"]').click();

    const field = sidebar.locator('[data-testid="fill-input"]');
    await expect.poll(() => field.count()).toBe(1);
    // Nothing is inserted with raw braces while the form is open.
    expect(await model(page)).toBe('');
    await field.fill('XL');
    await sidebar.locator('[data-testid="fill-insert"]').click();
    await expect.poll(() => model(page), { timeout: 5000 }).toBe(`${buyer}您好，已为您备注尺码XL。`);
    await page.close();
  });
});

describe('settings', () => {
  it('the agent name set in the sidebar fills {{agent}} without asking', async () => {
    const { page, sidebar } = await feige();
    await sidebar.locator('[data-testid="tab-settings"]').click();
    await sidebar.locator('[data-testid="settings-agent"]').fill('小王');
    await sidebar.locator('[data-testid="settings-save"]').click();
    await sidebar.locator('[data-testid="reply-new"]').click();
    await sidebar.locator('[data-testid="reply-title"]').fill('自我介绍');
    await sidebar.locator('[data-testid="reply-body"]').fill('您好，我是客服{{agent}}。');
    await sidebar.locator('[data-testid="reply-save"]').click();
    await page.locator(BOX).click();
    await sidebar.locator('[data-testid="reply-search"]').fill('自我介绍');
    await sidebar.locator('[data-testid="reply-item"]', { hasText: '自我介绍' }).locator('[data-testid="reply-insert"]').click();
    await expect.poll(() => model(page), { timeout: 5000 }).toBe('您好，我是客服小王。');
    await page.close();
  });
});

describe('the sidebar follows the console', () => {
  it('shows the new buyer and order when the agent switches conversation, without reload', async () => {
    const { page, sidebar } = await feige();
    await sidebar.locator('[data-testid="tab-customer"]').click();
    const buyerCell = sidebar.locator('[data-testid="context-buyer"]');
    const first = (await page.locator('#topbar-left-info > span').first().textContent())!.trim();
    await expect.poll(() => buyerCell.textContent()).toBe(first);

    const other = page.locator('[data-testid="demo-conversation"]').nth(1);
    await other.click();
    const second = (await page.locator('#topbar-left-info > span').first().textContent())!.trim();
    expect(second).not.toBe(first);
    await expect.poll(() => buyerCell.textContent(), { timeout: 5000 }).toBe(second);
    const card = await page.locator('[data-qa-id="qa-order-card"][aria-selected="true"]').textContent();
    const order = card?.match(/\d{19}/)?.[0];
    expect(order, 'the second demo conversation has an open order card').toBeTruthy();
    await expect.poll(() => sidebar.locator('[data-testid="context-order"]').textContent()).toBe(order);
    await page.close();
  });
});
