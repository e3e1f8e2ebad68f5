import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSidebar } from './support/browser';
import { ROOT } from './support/paths';
import { useDemoSession } from './support/session';

/**
 * Import of a 千牛 quick-phrase export (GBK, with &#13;/&#44; escapes and two
 * bad rows) through the workbench's #/import page in Chromium: preview with
 * the refused rows, confirm, then the phrases are in the sidebar on the 飞鸽
 * demo console, found by their text and expanded by their code.
 */
const session = useDemoSession();
const FIXTURE = path.join(ROOT, 'lib/import/fixtures/qianniu-gbk.csv');
const BOX = 'textarea[data-qa-id="qa-send-message-textarea"]';

async function importPage(): Promise<Page> {
  const page = await session.browser.context.newPage();
  await page.goto(`chrome-extension://${session.browser.extensionId}/options.html#/import`);
  await page.locator('[data-testid="import-page"]').waitFor({ timeout: 20_000 });
  return page;
}

describe('import of replies', () => {
  it('previews a GBK 千牛 file with its bad rows, imports on confirm, and the sidebar finds and expands the phrases', async () => {
    const page = await importPage();
    expect(await page.title()).toBe('导入导出 · 工作台');
    await page.locator('[data-testid="import-file"]').setInputFiles(FIXTURE);
    await expect.poll(() => page.locator('[data-testid="import-preview-row"]').count(), { timeout: 15_000 }).toBe(6);
    expect(await page.locator('[data-testid="import-encoding"]').getAttribute('data-encoding')).toBe('gb18030');
    expect(await page.locator('[data-testid="import-format"]').inputValue()).toBe('qianniu');
    const errors = page.locator('[data-testid="import-error"]');
    expect(await errors.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.row))).toEqual(['5', '8']);
    expect(await errors.nth(0).textContent()).toContain('第 5 行');
    expect(await errors.nth(1).textContent()).toContain('编码不能包含空格');
    expect(await page.locator('[data-testid="import-preview-row"]').nth(1).textContent()).toContain('小店默认发中通快递');

    await page.locator('[data-testid="import-confirm"]').click();
    await expect.poll(() => page.locator('[data-testid="import-result"]').textContent(), { timeout: 15_000 }).toContain('新增 6 条');
    await page.close();

    const console = await session.browser.context.newPage();
    await console.goto(`${session.server.url}/demo/feige/`);
    await console.waitForSelector('html[data-demo-ready]');
    const sidebar = await openSidebar(console, session.browser.extensionId);
    await sidebar.locator('[data-testid="reply-search"]').fill('中通快递');
    const item = sidebar.locator('[data-testid="reply-item"]').first();
    await expect.poll(() => item.textContent(), { timeout: 10_000 }).toContain('亲,小店默认发中通快递');

    const box = console.locator(BOX);
    await box.click();
    await console.keyboard.type('好的 qncf');
    await console.keyboard.press('Tab');
    await expect.poll(() => console.evaluate(() => window.__demo!.getModelText()), { timeout: 10_000 }).toBe(
      '好的 亲,您拍下的宝贝还没有付款哦,库存有限,请尽快完成支付,我们会第一时间为您安排发货。',
    );
    await console.close();
  });
});
