import type { FrameLocator, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSidebar } from './support/browser';
import { useDemoSession } from './support/session';

/**
 * Insertion into every kind of editor the consoles use, through the real
 * extension: the editor's own model gets the text (line breaks kept), the
 * caret sits after it (typing continues there), and the page's Send button
 * sends exactly that.
 */
interface EditorCase {
  name: string;
  path: string;
  input: (page: Page) => Locator;
}

const inFrame = (page: Page): FrameLocator => page.frameLocator('iframe[data-testid="demo-input-frame"]');

const CASES: EditorCase[] = [
  { name: '飞鸽 React textarea', path: '/demo/feige/', input: (p) => p.locator('textarea[data-qa-id="qa-send-message-textarea"]') },
  { name: '拼多多 Vue textarea', path: '/demo/pinduoduo/', input: (p) => p.locator('textarea#replyTextarea') },
  { name: '京东咚咚 contenteditable', path: '/demo/jd-dongdong/', input: (p) => p.locator('.EditorContent[contenteditable="true"]') },
  { name: '快手 Quill', path: '/demo/kuaishou/', input: (p) => p.locator('div.ql-editor') },
  { name: 'Shopee React textarea', path: '/demo/shopee/', input: (p) => p.locator('[data-cy="webchat-conversation-detail-input"] textarea') },
  { name: 'Amazon kat-textarea (shadow root)', path: '/demo/amazon-seller-central/?orderId=113-1234567-1234567', input: (p) => p.locator('[data-test-id="reply-composer"] kat-textarea textarea') },
  { name: 'Lexical', path: '/demo/generic/lexical/', input: (p) => p.locator('.lexical-editor') },
  { name: 'ProseMirror', path: '/demo/generic/prosemirror/', input: (p) => p.locator('.ProseMirror') },
  { name: 'textarea in a same-origin iframe', path: '/demo/generic/iframe/', input: (p) => inFrame(p).locator('textarea#chat-input') },
  { name: 'textarea on a strict-CSP page', path: '/demo/generic/csp/', input: (p) => p.locator('textarea#chat-input') },
];

const TITLE = '两行测试话术';
const BODY = '第一行：您好\n第二行：谢谢';

const session = useDemoSession();

beforeAll(async () => {
  // Create the reply through the sidebar's own form once; it is stored in the
  // extension's database and found on every page after.
  const page = await session.browser.context.newPage();
  await page.goto(`${session.server.url}/demo/feige/`);
  const sidebar = await openSidebar(page, session.browser.extensionId);
  await sidebar.locator('[data-testid="reply-new"]').click();
  await sidebar.locator('[data-testid="reply-title"]').fill(TITLE);
  await sidebar.locator('[data-testid="reply-body"]').fill(BODY);
  await sidebar.locator('[data-testid="reply-save"]').click();
  await sidebar.locator('[data-testid="reply-search"]').fill(TITLE);
  await sidebar.locator('[data-testid="reply-item"]', { hasText: TITLE }).waitFor({ timeout: 5000 });
  await page.close();
});

const model = (page: Page) => page.evaluate(() => window.__demo!.getModelText());

describe.each(CASES)('insert into $name', ({ path, input }) => {
  it('lands at the caret with line breaks, updates the model, keeps focus, and is what Send sends', async () => {
    const page = await session.browser.context.newPage();
    await page.goto(`${session.server.url}${path}`);
    await page.waitForSelector('html[data-demo-ready]');
    const sidebar = await openSidebar(page, session.browser.extensionId);

    const box = input(page);
    await box.click();
    await page.keyboard.type('AB');
    await expect.poll(() => model(page)).toBe('AB');

    await sidebar.locator('[data-testid="reply-search"]').fill(TITLE);
    const row = sidebar.locator('[data-testid="reply-item"]').filter({ hasText: TITLE });
    await row.locator('[data-testid="reply-insert"]').click();

    await expect.poll(() => model(page), { timeout: 5000 }).toBe(`AB${BODY}`);
    // Focus came back to the chat box with the caret after the text.
    await page.keyboard.type('Z');
    await expect.poll(() => model(page)).toBe(`AB${BODY}Z`);

    await page.locator('[data-testid="demo-send"]').click();
    await expect.poll(() => page.evaluate(() => window.__demo!.getSent().at(-1))).toBe(`AB${BODY}Z`);
    await page.close();
  });
});

