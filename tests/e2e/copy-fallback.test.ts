import type { Frame, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { zh } from '../../lib/i18n/messages';
import { openSidebar } from './support/browser';
import { useDemoSession } from './support/session';

/**
 * Where a reply cannot be typed into the page, the sidebar copies it instead:
 * on Taobao web pages always (千牛's chat is a desktop client), and on any page
 * while no chat box is known. The clipboard is read back from the page, which
 * is granted clipboard access for the demo server's origin. The browser runs
 * in Chinese (--lang=zh-CN), so the sidebar's texts are the `zh` table's.
 */
const session = useDemoSession();

/** The taobao demo page's first order (tests/demo-console/demo/taobao/main.ts). */
const BUYER = 'tb_晚风与茶';
const ORDER = '4105928837460215837';
const SENTINEL = '（剪贴板原有内容）';

beforeAll(async () => {
  await session.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.server.url });
});

async function open(path: string): Promise<{ page: Page; sidebar: Frame }> {
  const page = await session.browser.context.newPage();
  await page.goto(`${session.server.url}${path}`);
  await page.waitForSelector('html[data-demo-ready]');
  // Something else on the clipboard first, so a copy that never happens cannot pass.
  await page.evaluate((text) => navigator.clipboard.writeText(text), SENTINEL);
  const sidebar = await openSidebar(page, session.browser.extensionId);
  await sidebar.locator('[data-testid="reply-item"]').first().waitFor();
  return { page, sidebar };
}

/** Saves a reply through the sidebar's editor and returns its list item. */
async function addReply(sidebar: Frame, title: string, body: string) {
  await sidebar.locator('[data-testid="reply-new"]').click();
  await sidebar.locator('[data-testid="reply-title"]').fill(title);
  await sidebar.locator('[data-testid="reply-body"]').fill(body);
  await sidebar.locator('[data-testid="reply-save"]').click();
  await sidebar.locator('[data-testid="reply-search"]').fill(title);
  const item = sidebar.locator('[data-testid="reply-item"]', { hasText: title });
  await item.waitFor();
  return item;
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

describe('Taobao: copy instead of insert', () => {
  it('says the page has no chat box, and copies the reply with {{buyer}} and {{order}} filled from the order page', async () => {
    const { page, sidebar } = await open('/demo/taobao/');
    await expect.poll(() => sidebar.locator('[data-testid="page-status"]').textContent()).toContain(zh['status.copyOnly']);
    expect(await sidebar.locator('[data-testid="page-status"]').textContent()).not.toContain(zh['status.chatBox']);

    // The order page is read: the variables come from it, not from a form.
    await sidebar.locator('[data-testid="tab-customer"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="context-buyer"]').textContent()).toBe(BUYER);
    await sidebar.locator('[data-testid="tab-replies"]').click();

    const item = await addReply(sidebar, '淘宝备注回执', '{{buyer}}您好，订单{{order}}已为您备注，发货后会第一时间通知您。');
    // The seller memo is editable but is not a chat box: focusing it must not
    // turn the copy into an insertion there.
    const memo = page.locator('[data-testid="demo-memo"]');
    await memo.click();
    await item.locator('[data-testid="reply-insert"]').click();

    await expect.poll(() => clipboard(page), { timeout: 5000 }).toBe(`${BUYER}您好，订单${ORDER}已为您备注，发货后会第一时间通知您。`);
    await expect.poll(() => sidebar.locator('[data-testid="notice"]').textContent()).toContain(zh['error.no-insert-site']);
    expect(await memo.inputValue()).toBe('');
    await page.close();
  });

  it('copies the order named in the URL (bizOrderId), as the real trade detail links do', async () => {
    const { page, sidebar } = await open('/demo/taobao/?bizOrderId=3987102265518840921');
    const item = await addReply(sidebar, '淘宝发货通知', '{{买家}}，您的订单{{订单号}}已发货。');
    await item.locator('[data-testid="reply-insert"]').click();
    await expect.poll(() => clipboard(page), { timeout: 5000 }).toBe('周末去逛花市，您的订单3987102265518840921已发货。');
    await page.close();
  });

  it('labels the reply button 复制 and the keyboard hint “Enter 复制”, where a console shows 插入', async () => {
    const taobao = await open('/demo/taobao/');
    const first = taobao.sidebar.locator('[data-testid="reply-item"]').first();
    await expect.poll(() => first.locator('[data-testid="reply-insert"]').textContent()).toBe(zh['reply.copy']);
    expect(await taobao.sidebar.locator('.hint').first().textContent()).toBe(zh['search.hintCopy']);
    // Enter copies the active result too.
    await taobao.sidebar.locator('[data-testid="reply-search"]').press('Enter');
    await expect.poll(() => clipboard(taobao.page), { timeout: 5000 }).not.toBe(SENTINEL);
    await taobao.page.close();

    const feige = await open('/demo/feige/');
    const button = feige.sidebar.locator('[data-testid="reply-item"]').first().locator('[data-testid="reply-insert"]');
    await expect.poll(() => button.textContent()).toBe(zh['reply.insert']);
    await feige.page.close();
  });
});

describe('any page with no chat box known yet', () => {
  // Also guards the content script's logging: when its bundle was
  // `var console = (function(){…})()` this path threw instead of copying.
  it('says so, and copies the reply instead of inserting it anywhere', async () => {
    // The generic adapter follows focus; nothing on the page has been clicked.
    const { page, sidebar } = await open('/demo/generic/csp/');
    await expect.poll(() => sidebar.locator('[data-testid="page-status"]').textContent()).toContain(zh['status.noChatBox']);

    const item = await addReply(sidebar, '通用页复制测试', '您好，已为您登记，稍后回复您。');
    await item.locator('[data-testid="reply-insert"]').click();
    await expect.poll(() => clipboard(page), { timeout: 5000 }).toBe('您好，已为您登记，稍后回复您。');
    await expect.poll(() => sidebar.locator('[data-testid="notice"]').textContent()).toContain(zh['error.no-reply-field']);
    expect(await page.evaluate(() => window.__demo!.getModelText())).toBe('');

    // Once the agent clicks into the chat box, the same button inserts there.
    await page.locator('#chat-input').click();
    await expect.poll(() => sidebar.locator('[data-testid="page-status"]').textContent()).toContain(zh['status.chatBox']);
    await item.locator('[data-testid="reply-insert"]').click();
    await expect.poll(() => page.evaluate(() => window.__demo!.getModelText()), { timeout: 5000 }).toBe('您好，已为您登记，稍后回复您。');
    await page.close();
  });
});
