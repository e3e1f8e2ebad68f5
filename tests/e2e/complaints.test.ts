import type { Frame, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSidebar } from './support/browser';
import { useDemoSession } from './support/session';

/**
 * Complaint cases (投诉处理闭环) on the 飞鸽 demo console, with the starter
 * checklists seeded at install: a new complaint in two clicks for the buyer on
 * screen, steps ticked, a step's reply inserted into the chat box (directly,
 * and through the fill-in form), the status changed, closing refused with the
 * missing field named, then closed and reopened; and the case found again from
 * the customer record.
 */
const session = useDemoSession();

const BOX = 'textarea[data-qa-id="qa-send-message-textarea"]';
const model = (page: Page) => page.evaluate(() => window.__demo!.getModelText());

async function complaintsTab(): Promise<{ page: Page; sidebar: Frame }> {
  const page = await session.browser.context.newPage();
  await page.goto(`${session.server.url}/demo/feige/`);
  await page.waitForSelector('html[data-demo-ready]');
  const sidebar = await openSidebar(page, session.browser.extensionId);
  await sidebar.locator('[data-testid="tab-complaints"]').click();
  return { page, sidebar };
}

const step = (sidebar: Frame, title: string): Locator => sidebar.locator('[data-testid="checklist-step"]').filter({ hasText: title });
const status = (sidebar: Frame) => sidebar.locator('[data-testid="complaint-status"]');

async function tick(sidebar: Frame, title: string): Promise<void> {
  await step(sidebar, title).locator('input[type="checkbox"]').check();
  await expect.poll(() => step(sidebar, title).getAttribute('data-done')).toBe('true');
}

/** Picks a choice field's option; it saves on change. */
async function choose(sidebar: Frame, stepTitle: string, key: string, option: string): Promise<void> {
  await step(sidebar, stepTitle).locator(`[data-field-key="${key}"] select`).selectOption(option);
}

describe('complaint cases', () => {
  it('opens a case, ticks steps, inserts step replies, refuses to close until a required field is filled, closes and reopens', async () => {
    const { page, sidebar } = await complaintsTab();
    const buyer = (await page.locator('#topbar-left-info > span').first().textContent())!.trim();
    await expect.poll(() => sidebar.locator('[data-testid="complaints-customer"]').textContent(), { timeout: 10_000 }).toContain(buyer);

    // Two clicks: "new complaint", then the template.
    await sidebar.locator('[data-testid="complaint-new"]').click();
    await sidebar.locator('[data-testid="complaint-template"]').filter({ hasText: '一般投诉' }).click();
    const view = sidebar.locator('[data-testid="case-view"]');
    await view.waitFor({ timeout: 5000 });
    await expect.poll(() => status(sidebar).inputValue()).toBe('open');
    // The order on screen went with it.
    const order = (await sidebar.locator('[data-testid="case-order"]').textContent())!.trim();
    expect(order).toMatch(/^\d{19}$/);
    expect(await page.locator('[data-qa-id="qa-order-card"][aria-selected="true"]').textContent()).toContain(order);
    // The next step and its time limit are in view.
    const next = sidebar.locator('[data-testid="case-next"]');
    expect(await next.textContent()).toContain('倾听记录');
    expect(await next.locator('[data-testid="step-countdown"]').textContent()).toMatch(/^剩余 \d+ 分钟$/);

    await choose(sidebar, '倾听记录', 'demand', '退款');
    await tick(sidebar, '倾听记录');
    expect(await step(sidebar, '倾听记录').locator('[data-testid="step-done-by"]').textContent()).toMatch(/完成$/);
    await expect.poll(() => next.textContent()).toContain('安抚致歉');

    // The next step's reply, inserted at the caret of the console's chat box.
    await page.locator(BOX).click();
    await sidebar.locator('[data-testid="case-next-reply"]').click();
    await expect.poll(() => model(page), { timeout: 5000 }).toContain('非常抱歉给您带来了不愉快的体验');
    await expect.poll(() => view.locator('[data-testid="case-event"][data-kind="reply-inserted"]').count()).toBe(1);
    await tick(sidebar, '安抚致歉');

    // A reply with a fill-in field asks for it first, then lands in the chat box too.
    await page.locator(BOX).fill('');
    await page.locator(BOX).click();
    await step(sidebar, '核实原因').locator('[data-testid="step-reply-insert"]').click();
    const answer = sidebar.locator('[data-testid="fill-input"]');
    await answer.fill('今天18:00');
    await sidebar.locator('[data-testid="fill-insert"]').click();
    await expect.poll(() => model(page), { timeout: 5000 }).toContain('预计今天18:00前给您明确答复');
    await view.waitFor();
    await expect.poll(() => view.locator('[data-testid="case-event"][data-kind="reply-inserted"]').count()).toBe(2);

    // Waiting for the warehouse: the status changes and the history says so.
    await status(sidebar).selectOption('waiting-department');
    await expect.poll(() => sidebar.locator('[data-testid="case-status-badge"]').textContent()).toBe('等待其他部门');

    await choose(sidebar, '核实原因', 'cause', '物流配送');
    await choose(sidebar, '核实原因', 'responsibility', '快递');
    await tick(sidebar, '核实原因');
    await choose(sidebar, '提出方案并告知', 'solution', '部分退款');
    const compensation = step(sidebar, '提出方案并告知').locator('[data-field-key="compensation"] input');
    await compensation.fill('¥10');
    await compensation.blur();
    await expect.poll(() => step(sidebar, '提出方案并告知').locator('[data-testid="step-field-error"]').textContent()).toContain('请填写金额数字');
    await compensation.fill('10.50');
    await compensation.blur();
    await expect.poll(() => step(sidebar, '提出方案并告知').locator('[data-testid="step-field-error"]').count()).toBe(0);
    await tick(sidebar, '提出方案并告知');
    await choose(sidebar, '确认满意', 'satisfied', '满意');
    await tick(sidebar, '确认满意');
    await tick(sidebar, '归档改进');

    // The root cause is still empty: closing is refused, saying what to fill.
    await status(sidebar).selectOption('closed');
    await expect
      .poll(() => sidebar.locator('[data-testid="case-error"]').textContent(), { timeout: 5000 })
      .toBe('还不能结案：请填写 “根本原因与改进措施”（归档改进）。');
    expect(await status(sidebar).inputValue()).toBe('waiting-department');

    const rootCause = step(sidebar, '归档改进').locator('[data-field-key="root-cause"] input');
    await rootCause.fill('快递中转站延误，已改用顺丰发该地区');
    await rootCause.blur();
    await expect.poll(() => view.locator('[data-testid="case-event"][data-kind="field-set"]').filter({ hasText: '根本原因' }).count()).toBe(1);
    await status(sidebar).selectOption('closed');
    await expect.poll(() => status(sidebar).inputValue()).toBe('closed');
    await expect.poll(() => sidebar.locator('[data-testid="case-error"]').count()).toBe(0);
    expect(await step(sidebar, '倾听记录').locator('input[type="checkbox"]').isDisabled()).toBe(true);

    await sidebar.locator('[data-testid="case-reopen"]').click();
    await expect.poll(() => status(sidebar).inputValue()).toBe('reopened');
    await expect.poll(() => step(sidebar, '倾听记录').locator('input[type="checkbox"]').isDisabled()).toBe(false);
    // The history list follows the status a moment later.
    const kinds = () => view.locator('[data-testid="case-event"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')));
    await expect.poll(async () => (await kinds()).filter((k) => k === 'status').length).toBe(3);
    expect((await kinds())[0]).toBe('opened');

    // Back to the list: the case is there, active again.
    await sidebar.locator('[data-testid="case-back"]').click();
    await expect.poll(() => sidebar.locator('[data-testid="complaint-case"]').first().getAttribute('data-status')).toBe('reopened');

    // The customer record lists it; a click opens it in the Complaints tab.
    await sidebar.locator('[data-testid="tab-customer"]').click();
    const recent = sidebar.locator('[data-testid="customer-case"]');
    await expect.poll(() => recent.count(), { timeout: 5000 }).toBe(1);
    expect(await recent.textContent()).toContain('一般投诉');
    expect(await recent.textContent()).toContain('已重新打开');
    await recent.click();
    await expect.poll(() => sidebar.locator('[data-testid="tab-complaints"]').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => status(sidebar).inputValue()).toBe('reopened');
    await page.close();
  });
});
