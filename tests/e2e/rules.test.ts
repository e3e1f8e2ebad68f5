import { describe, expect, it } from 'vitest';
import { openSidebar } from './support/browser';
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
});
