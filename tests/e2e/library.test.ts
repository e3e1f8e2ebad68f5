import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSidebar } from './support/browser';
import { useDemoSession } from './support/session';

/**
 * The workbench's library page (话术库, #/library) in Chromium on the starter
 * library: bulk move to a new group and bulk delete, each undone from the
 * toast; the sidebar on the 飞鸽 demo console then shows the reply in its new
 * group (it watches the same table). Drag and drop with dnd-kit's keyboard
 * sensor: reorder within a group, and drop a reply on a group of the tree.
 */
const session = useDemoSession();

async function library(): Promise<Page> {
  const page = await session.browser.context.newPage();
  await page.goto(`chrome-extension://${session.browser.extensionId}/options.html#/library`);
  await page.locator('[data-testid="library-page"]').waitFor();
  await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBeGreaterThan(10);
  return page;
}

const rows = (page: Page) => page.locator('[data-testid="library-row"]');
const titles = (page: Page) => rows(page).locator('[data-testid="library-edit"]').allTextContents();
const row = (page: Page, title: string) => rows(page).filter({ has: page.locator('[data-testid="library-edit"]', { hasText: title }) });
const group = (page: Page, name: string) => page.locator(`[data-testid="library-group"][data-group="${name}"]`);
const strip = (titles: string[]) => titles.map((t) => t.replace(/^📌\s*/, ''));
/** How many replies the library holds (the table renders only those on screen). */
const total = async (page: Page) => Number(/共 (\d+) 条/.exec((await page.locator('[data-testid="library-count"]').textContent()) ?? '')?.[1]);
/** A key, then two frames: dnd-kit's keyboard sensor measures and moves on animation frames. */
async function press(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

describe('library page', () => {
  it('moves replies to a new group and deletes with undo; the sidebar shows the new group', async () => {
    const page = await library();
    const all = await total(page);

    await page.locator('[data-testid="library-group-new"]').click();
    await page.locator('[data-testid="library-group-new-input"]').fill('大促专用');
    await page.locator('[data-testid="library-group-new-save"]').click();
    await page.locator('[data-testid="library-group-all"]').click();

    await row(page, '发货时间').locator('[data-testid="library-select"]').check();
    await row(page, '签收确认').locator('[data-testid="library-select"]').click({ modifiers: ['Shift'] });
    // 发货时间 … 签收确认 are the four replies of 物流 in manual order.
    await expect.poll(() => page.locator('[data-testid="library-selected-count"]').textContent()).toBe('已选 4 条');
    await page.locator('[data-testid="library-move-to"]').selectOption('大促专用');
    await expect.poll(() => group(page, '大促专用').locator('[data-testid="library-group-count"]').textContent()).toBe('4');
    await expect.poll(() => group(page, '物流').count()).toBe(0);

    // Undo of the move, then the move again (the state the sidebar is checked in).
    await page.locator('[data-testid="library-undo"]').click();
    await expect.poll(() => group(page, '物流').locator('[data-testid="library-group-count"]').textContent()).toBe('4');
    await page.locator('[data-testid="library-move-to"]').selectOption('大促专用');
    await expect.poll(() => group(page, '大促专用').locator('[data-testid="library-group-count"]').textContent()).toBe('4');
    await page.locator('[data-testid="library-clear-selection"]').click();

    // Delete two, undo: the same two come back.
    await row(page, '发票说明').locator('[data-testid="library-select"]').check();
    await row(page, '结束语').locator('[data-testid="library-select"]').check();
    await page.locator('[data-testid="library-delete"]').click();
    await expect.poll(() => total(page)).toBe(all - 2);
    expect(await row(page, '发票说明').count()).toBe(0);
    await page.locator('[data-testid="library-undo"]').click();
    await expect.poll(() => total(page)).toBe(all);
    expect(await row(page, '发票说明').count()).toBe(1);

    const console = await session.browser.context.newPage();
    await console.goto(`${session.server.url}/demo/feige/`);
    await console.waitForSelector('html[data-demo-ready]');
    const sidebar = await openSidebar(console, session.browser.extensionId);
    await sidebar.locator('[data-testid="reply-search"]').fill('签收确认');
    const item = sidebar.locator('[data-testid="reply-item"]').filter({ hasText: '签收确认' }).first();
    await expect.poll(() => item.locator('.badge.group').textContent(), { timeout: 10_000 }).toBe('大促专用');
    await sidebar.locator('[data-testid="reply-search"]').fill('发票说明');
    await expect.poll(() => sidebar.locator('[data-testid="reply-item"]').filter({ hasText: '发票说明' }).count()).toBe(1);

    // Live: a change in the workbench reaches the open sidebar without a reload.
    await row(page, '签收确认').locator('[data-testid="library-select"]').check();
    await page.locator('[data-testid="library-move-to"]').selectOption('售后');
    await sidebar.locator('[data-testid="reply-search"]').fill('签收确认');
    await expect.poll(() => item.locator('.badge.group').textContent(), { timeout: 10_000 }).toBe('售后');
    await console.close();
    await page.close();
  });

  it('reorders within a group and moves to a group with the keyboard alone', async () => {
    const page = await library();
    await group(page, '投诉').locator('[data-testid="library-group-pick"]').click();
    const before = strip(await titles(page));
    expect(before.slice(0, 2)).toEqual(['投诉安抚', '正在核实']);

    // Space picks up, arrow moves, Space drops (dnd-kit's keyboard sensor).
    await row(page, '正在核实').locator('[data-testid="library-drag"]').focus();
    await press(page, 'Space');
    await press(page, 'ArrowUp');
    await press(page, 'Space');
    await expect.poll(async () => strip(await titles(page))).toEqual(['正在核实', '投诉安抚', ...before.slice(2)]);
    // Stored, not just shown: a reload keeps the order.
    await page.reload();
    await page.locator('[data-testid="library-page"]').waitFor();
    await group(page, '投诉').locator('[data-testid="library-group-pick"]').click();
    await expect.poll(async () => strip(await titles(page)).slice(0, 2)).toEqual(['正在核实', '投诉安抚']);

    // Onto a group of the tree: the first row picked up, then left onto the group beside it
    // (one near the top of the tree, not 投诉 itself), dropped there.
    await row(page, '正在核实').locator('[data-testid="library-drag"]').focus();
    await press(page, 'Space');
    await press(page, 'ArrowLeft');
    const target = page.locator('[data-testid="library-group"].lib-drop-over');
    await expect.poll(() => target.count()).toBe(1);
    const name = (await target.getAttribute('data-group'))!;
    expect(name).not.toBe('投诉');
    const count = Number(await target.locator('[data-testid="library-group-count"]').textContent());
    await press(page, 'Space');
    await expect.poll(() => group(page, name).locator('[data-testid="library-group-count"]').textContent()).toBe(String(count + 1));
    await expect.poll(async () => strip(await titles(page))).not.toContain('正在核实');
    await page.close();
  });

  it('orders the groups by dragging one with the keyboard, and says so in Chinese to screen readers', async () => {
    const page = await library();
    const order = () => page.locator('[data-testid="library-group"]').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.group));
    const before = await order();
    expect(before.length).toBeGreaterThan(2);
    const [first, second] = before as [string, string];

    await group(page, second).locator('[data-testid="library-group-drag"]').focus();
    await press(page, 'Space');
    // dnd-kit's live region: our words, not its English and our ids.
    await expect.poll(() => page.locator('[id^="DndLiveRegion"]').textContent()).toContain(`已拿起分组“${second}”`);
    await press(page, 'ArrowUp');
    await expect.poll(() => page.locator('[id^="DndLiveRegion"]').textContent()).toContain(`到分组“${first}”的位置`);
    await press(page, 'Space');
    await expect.poll(order).toEqual([second, first, ...before.slice(2)]);
    await expect.poll(() => page.locator('[id^="DndLiveRegion"]').textContent()).toContain('已放下。');
    await expect.poll(() => page.locator('[data-testid="library-toast"]').textContent()).toContain(`已调整分组顺序：“${second}”`);

    // Stored: a reload keeps it, and the table of every reply follows it.
    await page.reload();
    await page.locator('[data-testid="library-page"]').waitFor();
    await expect.poll(order).toEqual([second, first, ...before.slice(2)]);
    await page.close();
  });
});
