import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Joins a team through the workbench's #/sync page (open in `page`) with an
 * invite link, as an agent or supervisor does: fills the join form, submits,
 * and waits until the page names the account (or shows the form's error,
 * which then fails the wait with its text).
 */
export async function joinWithInvite(page: Page, join: { link: string; login: string; name: string; password: string }): Promise<void> {
  await page.locator('[data-testid="sync-mode-join"]').check();
  await page.locator('[data-testid="sync-invite"]').fill(join.link);
  await page.locator('[data-testid="sync-login"]').fill(join.login);
  await page.locator('[data-testid="sync-name"]').fill(join.name);
  await page.locator('[data-testid="sync-password"]').fill(join.password);
  await page.locator('[data-testid="sync-submit"]').click();
  await expect.poll(() => page.locator('[data-testid="sync-account"], [data-testid="sync-form-error"]').first().textContent(), { timeout: 60_000 }).toContain(join.name);
}
