import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chunkRows, combineDigests, tableDigest } from '../../lib/backup/canonical';
import { openSidebar } from './support/browser';
import { useDemoSession } from './support/session';

/**
 * The full backup and restore round trip in Chromium (issue 5): data made
 * the way agents make it (a note and a complaint in the sidebar on the 飞鸽
 * demo console, the starter library from the install), a backup downloaded
 * from the workbench's #/data page, all data cleared there, the file restored
 * through its preview, and a second backup equal to the first: same counts,
 * same content hash, which the test also recomputes from the file's rows.
 */
const session = useDemoSession();

interface BackupJson {
  format: string;
  version: number;
  counts: Record<string, number>;
  hash: string;
  tables: Record<string, Record<string, unknown>[]>;
}

async function dataPage(): Promise<Page> {
  const page = await session.browser.context.newPage();
  await page.goto(`chrome-extension://${session.browser.extensionId}/options.html#/data`);
  await page.locator('[data-testid="data-page"]').waitFor();
  return page;
}

/** Clicks "download full backup" and reads the downloaded file. */
async function downloadBackup(page: Page): Promise<{ path: string; name: string; file: BackupJson }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="data-backup-download"]').click()]);
  const path = await download.path();
  const bytes = await readFile(path);
  expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  return { path, name: download.suggestedFilename(), file: JSON.parse(gunzipSync(bytes).toString('utf8')) as BackupJson };
}

/** The content hash recomputed from the file's rows, independently of the extension. */
async function hashOf(file: BackupJson): Promise<string> {
  const digests: Record<string, string> = {};
  for (const [name, rows] of Object.entries(file.tables)) digests[name] = await tableDigest(chunkRows(rows));
  return combineDigests(digests);
}

describe('backup and restore', () => {
  it('round-trips the whole database through a backup file: same counts and content hash', async () => {
    const note = `买家要求发顺丰，备份测试${Date.now()}`;
    const console = await session.browser.context.newPage();
    await console.goto(`${session.server.url}/demo/feige/`);
    await console.waitForSelector('html[data-demo-ready]');
    const sidebar = await openSidebar(console, session.browser.extensionId);
    await sidebar.locator('[data-testid="tab-customer"]').click();
    await sidebar.locator('[data-testid="note-input"]').fill(note);
    await sidebar.locator('[data-testid="note-save"]').click();
    await sidebar.locator('[data-testid="note-item"]').filter({ hasText: note }).waitFor();
    await sidebar.locator('[data-testid="tab-complaints"]').click();
    await sidebar.locator('[data-testid="complaint-new"]').click();
    await sidebar.locator('[data-testid="complaint-template"]').filter({ hasText: '物流问题' }).first().click();
    await sidebar.locator('[data-testid="case-view"]').waitFor({ timeout: 10_000 });
    await console.close();

    const page = await dataPage();
    const first = await downloadBackup(page);
    expect(first.name).toMatch(/^kefu-backup-\d{4}-\d{2}-\d{2}-\d{4}\.json\.gz$/);
    expect(first.file).toMatchObject({ format: 'kefu-backup', version: 1 });
    for (const table of ['replies', 'customers', 'notes', 'checklistTemplates', 'cases', 'caseEvents', 'ruleSets']) {
      expect(first.file.counts[table], table).toBeGreaterThan(0);
      expect(first.file.tables[table], table).toHaveLength(first.file.counts[table]!);
    }
    expect(await hashOf(first.file)).toBe(first.file.hash);
    await expect.poll(() => page.locator('[data-testid="data-backup-done"]').textContent()).toContain(first.file.hash.slice(0, 12));
    expect(JSON.stringify(first.file.tables.notes)).toContain(note);

    // Clear everything, with the typed confirmation.
    await page.locator('[data-testid="data-clear-input"]').fill('清除全部数据');
    await page.locator('[data-testid="data-clear"]').click();
    await expect.poll(() => page.locator('[data-testid="data-clear-message"]').textContent()).toBe('已清除全部数据。');

    // Restore from the file: the preview first, nothing written before the confirmation.
    await page.locator('[data-testid="restore-file"]').setInputFiles(first.path);
    const rows = page.locator('[data-testid="restore-preview-row"]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(Object.keys(first.file.counts).length);
    const preview = await rows.evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.table, Number((e as HTMLElement).dataset.file), Number((e as HTMLElement).dataset.db)]));
    expect(Object.fromEntries(preview.map(([table, inFile]) => [table, inFile]))).toEqual(first.file.counts);
    expect(preview.every(([, , inDb]) => inDb === 0)).toBe(true);
    expect(await page.locator('[data-testid="restore-warning"]').textContent()).toContain('替换整个数据库');
    await page.locator('[data-testid="restore-safety"]').uncheck();
    await page.locator('[data-testid="restore-confirm"]').click();
    await expect.poll(() => page.locator('[data-testid="restore-done"]').textContent(), { timeout: 20_000 }).toContain(first.file.hash.slice(0, 12));

    // A second backup of the restored database is the first one again.
    const second = await downloadBackup(page);
    expect(second.file.counts).toEqual(first.file.counts);
    expect(second.file.hash).toBe(first.file.hash);
    expect(await hashOf(second.file)).toBe(first.file.hash);
    await page.close();

    // The restored note is back in the sidebar.
    const again = await session.browser.context.newPage();
    await again.goto(`${session.server.url}/demo/feige/`);
    await again.waitForSelector('html[data-demo-ready]');
    const sidebarAgain = await openSidebar(again, session.browser.extensionId);
    await sidebarAgain.locator('[data-testid="tab-customer"]').click();
    await expect.poll(() => sidebarAgain.locator('[data-testid="note-item"]').filter({ hasText: note }).count(), { timeout: 10_000 }).toBe(1);
    await again.close();
  });

  it('refuses a file that is not a backup, saying what to do', async () => {
    const page = await dataPage();
    await page.locator('[data-testid="restore-file"]').setInputFiles({ name: 'replies.csv', mimeType: 'text/csv', buffer: Buffer.from('快捷短语编码,快捷短语\n/tk,您好') });
    await expect.poll(() => page.locator('[data-testid="restore-error"]').textContent(), { timeout: 10_000 }).toContain('不是备份文件');
    expect(await page.locator('[data-testid="restore-confirm"]').count()).toBe(0);
    await page.close();
  });
});
