import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { zh } from '../../lib/i18n/messages';
import { openSidebar } from './support/browser';
import { pageTraces } from './support/privacy';
import { useDemoSession } from './support/session';

/**
 * Compliance checks in the sidebar on the 飞鸽 demo console, with the built-in
 * rule sets seeded at install: saving a reply that breaks a platform rule is
 * refused, a risky reply asks before it is inserted, and a blocked wording
 * never reaches the page's chat box (neither by the insert button nor by its
 * shortcut code). The browser runs in Chinese, so the texts are the zh table's.
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

async function fillReply(sidebar: Frame, title: string, body: string, code = '') {
  await sidebar.locator('[data-testid="reply-new"]').click();
  await sidebar.locator('[data-testid="reply-title"]').fill(title);
  await sidebar.locator('[data-testid="reply-body"]').fill(body);
  if (code) await sidebar.locator('[data-testid="reply-code"]').fill(code);
}

async function findReply(sidebar: Frame, title: string) {
  await sidebar.locator('[data-testid="reply-search"]').fill(title);
  const item = sidebar.locator('[data-testid="reply-item"]', { hasText: title });
  await item.waitFor();
  return item;
}

/** Switches the built-in Chinese rule set in the settings panel. */
async function switchChineseRules(sidebar: Frame, on: boolean) {
  await sidebar.locator('[data-testid="tab-settings"]').click();
  const box = sidebar.locator('[data-testid="compliance-set"]', { hasText: '中文回复规范' }).locator('[data-testid="compliance-set-switch"]');
  await box.waitFor();
  if ((await box.isChecked()) !== on) await box.click();
  await expect.poll(() => box.isChecked()).toBe(on);
  await sidebar.locator('[data-testid="tab-settings"]').click();
}

describe('compliance checks', () => {
  it('warns live while a reply is edited and refuses to save one with 加我微信', async () => {
    const { page, sidebar } = await feige();
    await fillReply(sidebar, '违规话术测试', '亲，加我微信发您图片');
    const warning = sidebar.locator('[data-testid="compliance-warning"]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('微信');
    expect(await warning.textContent()).toContain('引导站外联系');
    await sidebar.locator('[data-testid="reply-save"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="compliance-save-blocked"]').textContent()).toContain('违反平台规则');
    // Still in the editor, and nothing saved.
    expect(await sidebar.locator('[data-testid="reply-body"]').isVisible()).toBe(true);
    await page.close();
  });

  it('asks before inserting a risky reply, and inserts it on "insert anyway"', async () => {
    const { page, sidebar } = await feige();
    await fillReply(sidebar, '低价说明', '亲，这款是全网最低价哦');
    await sidebar.locator('[data-testid="compliance-warning"]').waitFor();
    await sidebar.locator('[data-testid="reply-save"]').click();
    const item = await findReply(sidebar, '低价说明');
    expect(await item.locator('[data-testid="compliance-badge"]').getAttribute('data-severity')).toBe('warn');
    await page.locator(BOX).click();
    await item.locator('[data-testid="reply-insert"]').click();
    const warning = sidebar.locator('[data-testid="compliance-warning"]');
    await warning.waitFor();
    expect(await warning.getAttribute('data-severity')).toBe('warn');
    expect(await warning.textContent()).toContain('最低价');
    expect(await model(page)).toBe('');
    await sidebar.locator('[data-testid="compliance-insert-anyway"]').click();
    await expect.poll(() => model(page), { timeout: 5000 }).toContain('全网最低价');
    await page.close();
  });

  it('never puts a blocked wording into the chat box, by button or by shortcut code', async () => {
    const { page, sidebar } = await feige();
    // A reply saved while the rules were off (as an old library may have).
    await switchChineseRules(sidebar, false);
    await fillReply(sidebar, '旧话术微信', '有问题加我微信 abc123', '/wxjc');
    await sidebar.locator('[data-testid="reply-save"]').click();
    await switchChineseRules(sidebar, true);
    const item = await findReply(sidebar, '旧话术微信');
    await expect.poll(() => item.locator('[data-testid="compliance-badge"]').getAttribute('data-severity')).toBe('block');

    await item.locator('[data-testid="reply-insert"]').click();
    const warning = sidebar.locator('[data-testid="compliance-warning"]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(zh['compliance.insertBlocked'].split('：')[0]!);
    expect(await warning.textContent()).toContain('微信');
    expect(await sidebar.locator('[data-testid="compliance-insert-anyway"]').count()).toBe(0);
    await sidebar.locator('[data-testid="compliance-close"]').click();
    expect(await model(page)).toBe('');

    const box = page.locator(BOX);
    const typeCode = async () => {
      await box.fill('');
      await box.click();
      // The page learns the new code when the chat box takes focus (a round trip to the background).
      await page.waitForTimeout(500);
      await page.keyboard.type('好的 /wxjc');
      await page.keyboard.press('Tab');
      await page.waitForTimeout(1500);
    };
    await typeCode();
    expect(await model(page)).toBe('好的 /wxjc');
    // The control: with the rules off, the same code does expand (so it was known, and blocked).
    await switchChineseRules(sidebar, false);
    await typeCode();
    await expect.poll(() => model(page)).toBe('好的 有问题加我微信 abc123');
    await page.close();
  });

  it('says which rule blocked a shortcut code: in the open sidebar, or by a note by the chat box when it is closed', async () => {
    const { page, sidebar } = await feige();
    await switchChineseRules(sidebar, false);
    await fillReply(sidebar, '旧话术加微', '有问题加我微信 abc789', '/jwx');
    await sidebar.locator('[data-testid="reply-save"]').click();
    await findReply(sidebar, '旧话术加微');
    await switchChineseRules(sidebar, true);
    // The page refreshes its list of codes on focus at most every 2 s: let it learn /jwx.
    await page.waitForTimeout(2100);
    const box = page.locator(BOX);
    const typeCode = async () => {
      await box.fill('');
      await box.click();
      await page.waitForTimeout(500);
      await page.keyboard.type('亲 /jwx');
      await page.keyboard.press('Tab');
    };

    // Sidebar open: its compliance warning names the code, the words, the rule and its category.
    await typeCode();
    const warning = sidebar.locator('[data-testid="compliance-warning"]');
    await warning.waitFor();
    const said = (await warning.textContent()) ?? '';
    expect(said).toContain('/jwx');
    expect(said).toContain('微信');
    expect(said).toContain('引导站外联系');
    expect(await warning.locator('[data-testid="compliance-rule"]').first().textContent()).not.toBe('');
    expect(await warning.getAttribute('data-severity')).toBe('block');
    expect(await model(page)).toBe('亲 /jwx');
    await sidebar.locator('[data-testid="compliance-close"]').click();

    // Sidebar closed: it stays closed, and a note by the chat box (no reply text in the page) offers to open it.
    await sidebar.locator('[data-testid="sidebar-collapse"]').click();
    await expect.poll(() => page.locator('[data-testid="sidebar-launcher"]').isVisible()).toBe(true);
    await typeCode();
    const note = page.locator('kefu-box-marker[data-kefu-marker="blocked"]');
    await note.waitFor();
    expect(await page.locator('[data-testid="sidebar-frame"]').isVisible()).toBe(false);
    expect(await model(page)).toBe('亲 /jwx');
    expect(await pageTraces(page, 'abc789')).toEqual([]);
    expect(await pageTraces(page, '引导站外联系')).toEqual([]);
    await note.click();
    await note.waitFor({ state: 'hidden' });
    const opened = sidebar.locator('[data-testid="compliance-warning"]');
    await opened.waitFor();
    expect(await opened.textContent()).toContain('/jwx');
    expect(await opened.textContent()).toContain('微信');
    expect(await model(page)).toBe('亲 /jwx');
    await page.close();
  });
});
