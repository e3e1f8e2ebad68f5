import { describe, expect, it } from 'vitest';
import { openSidebar } from './support/browser';
import { pageTraces } from './support/privacy';
import { useDemoSession } from './support/session';

/**
 * The workbench's compliance rules page (#/rules) drives the sidebar: a rule
 * the supervisor adds there blocks, in the sidebar on the 飞鸽 demo console, a
 * reply that was fine a moment before. The browser runs in Chinese.
 */
const session = useDemoSession();
const BOX = 'textarea[data-qa-id="qa-send-message-textarea"]';

describe('compliance rules page', () => {
  it('a rule added in #/rules blocks a reply in the sidebar', async () => {
    const page = await session.browser.context.newPage();
    await page.goto(`${session.server.url}/demo/feige/`);
    await page.waitForSelector('html[data-demo-ready]');
    const sidebar = await openSidebar(page, session.browser.extensionId);
    await sidebar.locator('[data-testid="reply-item"]').first().waitFor();
    await sidebar.locator('[data-testid="reply-new"]').click();
    await sidebar.locator('[data-testid="reply-title"]').fill('赠品说明');
    await sidebar.locator('[data-testid="reply-body"]').fill('亲，今天下单就送赠品哦');
    await sidebar.locator('[data-testid="reply-save"]').click();
    await sidebar.locator('[data-testid="reply-search"]').fill('赠品说明');
    const item = sidebar.locator('[data-testid="reply-item"]', { hasText: '赠品说明' });
    await item.waitFor();
    expect(await item.locator('[data-testid="compliance-badge"]').count()).toBe(0);

    const wb = await session.browser.context.newPage();
    await wb.goto(`chrome-extension://${session.browser.extensionId}/options.html#/rules`);
    await wb.locator('[data-testid="rules-page"]').waitFor();
    expect(await wb.locator('[data-testid="nav-rules"]').getAttribute('aria-current')).toBe('page');
    await wb.locator('[data-testid="rules-try-input"]').fill('今天下单就送赠品');
    await wb.locator('[data-testid="rules-try-none"]').waitFor();

    // The built-in Chinese set is chosen first; add a rule to it.
    await wb.locator('[data-testid="rules-rule-new"]').click();
    await wb.locator('[data-testid="rules-rule-id"]').fill('shop-gift');
    await wb.locator('[data-testid="rules-rule-name-zh"]').fill('赠品承诺');
    await wb.locator('[data-testid="rules-rule-name-en"]').fill('Gift promises');
    await wb.locator('[data-testid="rules-rule-severity"]').selectOption('block');
    await wb.locator('[data-testid="rules-rule-words"]').fill('送赠品');
    await wb.locator('[data-testid="rules-rule-regexes"]').fill('赠品[');
    await wb.locator('[data-testid="rules-rule-explanation-zh"]').fill('赠品以活动页为准，不能在聊天里承诺。');
    await wb.locator('[data-testid="rules-rule-explanation-en"]').fill('Gifts follow the promotion page: never promise them in chat.');
    await wb.locator('[data-testid="rules-rule-save"]').click();
    expect(await wb.locator('[data-testid="rules-error-regexes"]').textContent()).toContain('正则表达式写法有误');
    await wb.locator('[data-testid="rules-rule-regexes"]').fill('');
    await wb.locator('[data-testid="rules-rule-save"]').click();
    await wb.locator('[data-testid="rules-rule-item"][data-rule-id="shop-gift"]').waitFor();
    const tried = wb.locator('[data-testid="compliance-warning"]');
    await tried.waitFor();
    expect(await tried.getAttribute('data-severity')).toBe('block');
    expect(await tried.textContent()).toContain('赠品承诺');

    // The sidebar picks the rule up without a reload: badge, then insert blocked.
    await page.bringToFront();
    await expect.poll(() => item.locator('[data-testid="compliance-badge"]').getAttribute('data-severity'), { timeout: 10_000 }).toBe('block');
    await page.locator(BOX).click();
    await item.locator('[data-testid="reply-insert"]').click();
    const warning = sidebar.locator('[data-testid="compliance-warning"]');
    await warning.waitFor();
    expect(await warning.getAttribute('data-severity')).toBe('block');
    expect(await warning.textContent()).toContain('送赠品');
    expect(await warning.textContent()).toContain('赠品承诺');
    expect(await page.evaluate(() => window.__demo!.getModelText())).toBe('');
    await wb.close();
    await page.close();
  });

  it('the live draft check (a setting, off by default) marks a risky draft by the box and leaves the text alone', async () => {
    const page = await session.browser.context.newPage();
    await page.goto(`${session.server.url}/demo/feige/`);
    await page.waitForSelector('html[data-demo-ready]');
    const sidebar = await openSidebar(page, session.browser.extensionId);
    const box = page.locator(BOX);
    const marker = page.locator('kefu-box-marker[data-kefu-marker-name="draft-check"]');
    const draft = '亲，加我微信 wx13800138000 聊';
    const model = () => page.evaluate(() => window.__demo!.getModelText());

    // Off by default: no marker.
    await box.click();
    await page.keyboard.type(draft);
    await page.waitForTimeout(800);
    expect(await marker.count()).toBe(0);

    await sidebar.locator('[data-testid="tab-settings"]').click();
    const toggle = sidebar.locator('[data-testid="settings-draft-check"]');
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await sidebar.locator('[data-testid="tab-settings"]').click();

    await box.fill('');
    await box.click();
    await page.keyboard.type(draft);
    await expect.poll(() => marker.getAttribute('data-kefu-marker'), { timeout: 5000 }).toBe('block');
    expect(await marker.isVisible()).toBe(true);
    // The page's text is exactly what was typed, and nothing of the check is readable by the page.
    expect(await model()).toBe(draft);
    expect(await box.inputValue()).toBe(draft);
    expect(await pageTraces(page, '引导站外联系')).toEqual([]);
    expect(await pageTraces(page, '违规')).toEqual([]);

    // A softer draft: a tone hint; an ordinary one: no marker.
    await box.fill('');
    await box.click();
    await page.keyboard.type('你自己看详情页');
    await expect.poll(() => marker.getAttribute('data-kefu-marker'), { timeout: 5000 }).toBe('hint');
    await box.fill('');
    await box.click();
    await page.keyboard.type('亲，已为您登记，请稍等');
    await expect.poll(() => marker.getAttribute('data-kefu-marker'), { timeout: 5000 }).toBe(null);
    expect(await model()).toBe('亲，已为您登记，请稍等');

    // Switched off again: the marker goes.
    await page.keyboard.type(' 加V');
    await expect.poll(() => marker.getAttribute('data-kefu-marker'), { timeout: 5000 }).not.toBe(null);
    await sidebar.locator('[data-testid="tab-settings"]').click();
    await sidebar.locator('[data-testid="settings-draft-check"]').uncheck();
    await expect.poll(() => marker.getAttribute('data-kefu-marker'), { timeout: 5000 }).toBe(null);
    await page.close();
  });

  it('the live draft check, on when a console loads, is loaded into it and stays out of the page’s own scripts', async () => {
    const first = await session.browser.context.newPage();
    await first.goto(`${session.server.url}/demo/feige/`);
    await first.waitForSelector('html[data-demo-ready]');
    const settings = await openSidebar(first, session.browser.extensionId);
    await settings.locator('[data-testid="tab-settings"]').click();
    await settings.locator('[data-testid="settings-draft-check"]').check();

    // A console opened with the check already on: the content script loads it at start.
    const page = await session.browser.context.newPage();
    await page.goto(`${session.server.url}/demo/feige/`);
    await page.waitForSelector('html[data-demo-ready]');
    await page.locator('[data-testid="sidebar-launcher"]').waitFor({ state: 'attached', timeout: 10_000 });
    const marker = page.locator('kefu-box-marker[data-kefu-marker-name="draft-check"]');
    const draft = '亲，加我微信 wx13800138000 聊';
    await page.locator(BOX).click();
    await page.keyboard.type(draft);
    await expect.poll(() => marker.getAttribute('data-kefu-marker'), { timeout: 5000 }).toBe('block');
    expect(await page.evaluate(() => window.__demo!.getModelText())).toBe(draft);
    // The factory lives in the extension's isolated world; the page's JS sees none of it.
    expect(await page.evaluate(() => [Symbol.for('kefu.draftCheck') in window, 'draftCheck' in window])).toEqual([false, false]);
    expect(await pageTraces(page, '引导站外联系')).toEqual([]);

    await settings.locator('[data-testid="settings-draft-check"]').uncheck();
    await expect.poll(() => marker.getAttribute('data-kefu-marker'), { timeout: 5000 }).toBe(null);
    await page.close();
    await first.close();
  });
});
