import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { countTables, createBackup, hashDatabase } from '@/lib/backup/backup';
import { loadBackupReminder, recordBackup, WEEK } from '@/lib/backup/reminder';
import type { StorageLike } from '@/lib/backup/storage';
import { DAY, NOW, seedEveryTable } from '@/lib/backup/testing-seed';
import { createReply } from '@/lib/db/replies';
import { disableSyncState, enableSyncState, getSyncState } from '@/lib/db/sync-state';
import type { KefuDatabase } from '@/lib/db/database';
import { freshDb } from '@/lib/db/testing';
import type { ExportFile } from '@/lib/export/case-export';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import { render, typeInto, type Rendered } from '@/components/sidebar/render-testing';
import { until } from './testing-seed';
import { DataPage } from './DataPage';
import { WorkbenchApp } from './WorkbenchApp';

let db: KefuDatabase;
let view: Rendered | undefined;
let downloads: ExportFile[];
let persisted: boolean;
let persistAnswer: boolean;
const storage: StorageLike = {
  estimate: () => Promise.resolve({ usage: 3 * 1024 * 1024 + 300 * 1024, quota: 2 * 1024 * 1024 * 1024 }),
  persisted: () => Promise.resolve(persisted),
  persist: () => {
    persisted = persistAnswer;
    return Promise.resolve(persistAnswer);
  },
};

beforeEach(async () => {
  fakeBrowser.reset();
  db = freshDb();
  downloads = [];
  persisted = false;
  persistAnswer = true;
  await seedEveryTable(db);
  // Signed out, the common case; the signed-in restore has its own test.
  await disableSyncState(db);
});
afterEach(async () => {
  view?.unmount();
  view = undefined;
  await db.delete();
});

async function show(lang: 'zh' | 'en' = 'zh'): Promise<Rendered> {
  const v = render(<DataPage db={db} author="主管" now={NOW} onDownload={(f) => downloads.push(f)} storage={storage} />, lang);
  view = v;
  await until(() => expect(v.all('data-page')).toHaveLength(1));
  return v;
}

/** Chooses `bytes` as the file of the restore's file input, as a user does. */
function chooseFile(bytes: Uint8Array, name: string) {
  const input = view!.one('restore-file') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [new File([bytes as BlobPart], name)], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('DataPage', () => {
  it('downloads a full backup, says what it holds, and records it for the reminder', async () => {
    const view = await show();
    await until(() => expect(view.one('data-last-backup').textContent).toBe('还没有备份过。'));
    view.one('data-backup-download').click();
    await until(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toBe('kefu-backup-2026-11-30-1000.json.gz');
    const total = Object.values(await countTables(db)).reduce((a, b) => a + b, 0);
    await until(() => expect(view.one('data-backup-done').textContent).toContain(`共 ${total} 条记录`));
    expect(view.one('data-backup-done').textContent).toContain((await hashDatabase(db)).slice(0, 12));
    expect((await loadBackupReminder()).lastBackupAt).toBe(NOW);
    await until(() => expect(view.one('data-last-backup').textContent).toBe('上次备份：2026-11-30 10:00'));
  });

  it('restores a backup after a preview of what it replaces, and the database equals the backup again', async () => {
    const backup = await createBackup(db, { now: NOW });
    await db.replies.clear();
    await db.notes.put({ ...(await db.notes.toCollection().first())!, id: 'note-after-backup' });
    const view = await show();
    chooseFile(backup.data, backup.name);
    await until(() => expect(view.all('restore-preview-row').length).toBeGreaterThan(0));
    const row = (table: string) => view.all('restore-preview-row').find((r) => r.dataset.table === table)!;
    expect(row('replies').dataset.file).toBe(String(backup.counts.replies));
    expect(row('replies').dataset.db).toBe('0');
    expect(row('notes').dataset.db).toBe(String(backup.counts.notes! + 1));
    expect(row('customers').textContent).toContain('客户档案');
    expect(view.one('restore-warning').textContent).toContain('替换整个数据库');
    // Nothing is written before the confirmation.
    expect((await countTables(db)).replies).toBe(0);

    (view.one('restore-safety') as HTMLInputElement).click();
    view.one('restore-confirm').click();
    await until(() => expect(view.one('restore-done').textContent).toContain('与备份一致'));
    expect(downloads).toHaveLength(0);
    expect(await countTables(db)).toEqual(backup.counts);
    expect(await hashDatabase(db)).toBe(backup.hash);
  });

  it('signed in to team sync: says the team’s data wins and what waits for upload, then syncs again after the restore', async () => {
    await enableSyncState(db, { deviceId: 'devA', role: 'supervisor', sameTeam: true });
    const backup = await createBackup(db, { now: NOW });
    await createReply(db, { title: '未上传', body: '还没同步的新话术', group: '', code: '', tags: [], variants: [], pinned: false }, { author: '主管', now: NOW });
    const view = await show();
    await until(() => expect(view.one('data-clear-team').textContent).toContain('团队共享的话术'));
    chooseFile(backup.data, backup.name);
    await until(() => expect(view.one('restore-team').textContent).toContain('不会覆盖团队服务器上的数据'));
    expect(view.one('restore-team').textContent).toContain('还有 1 条改动没有上传');
    (view.one('restore-safety') as HTMLInputElement).click();
    view.one('restore-confirm').click();
    await until(() => expect(view.one('restore-resync').textContent).toContain('正在从团队服务器重新同步'));
    expect(view.one('restore-done').textContent).toContain('与备份一致');
    expect(await getSyncState(db)).toMatchObject({ enabled: true, cursor: 0, rescan: true });
    expect(await db.outbox.count()).toBe(0);
  });

  it('downloads a safety backup of the current data before restoring, when asked (the default)', async () => {
    const backup = await createBackup(db, { now: NOW - DAY });
    await db.replies.clear();
    const view = await show();
    chooseFile(backup.data, backup.name);
    await until(() => expect(view.all('restore-confirm')).toHaveLength(1));
    expect((view.one('restore-safety') as HTMLInputElement).checked).toBe(true);
    view.one('restore-confirm').click();
    await until(() => expect(view.all('restore-done')).toHaveLength(1));
    expect(downloads.map((d) => d.name)).toEqual(['kefu-backup-2026-11-30-1000.json.gz']);
    expect(await hashDatabase(db)).toBe(backup.hash);
  });

  it('lists the rows a file breaks, with table, row and reason, and writes nothing', async () => {
    const { chunkRows, combineDigests, tableDigest } = await import('@/lib/backup/canonical');
    const backup = await createBackup(db, { now: NOW });
    const text = await new Response(new Blob([backup.data as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    const file = JSON.parse(text) as { hash: string; tables: Record<string, Record<string, unknown>[]> };
    file.tables.notes![0]!.text = '';
    const digests: Record<string, string> = {};
    for (const [name, rows] of Object.entries(file.tables)) digests[name] = await tableDigest(chunkRows(rows));
    file.hash = await combineDigests(digests);
    const before = await hashDatabase(db);
    const view = await show();
    chooseFile(new TextEncoder().encode(JSON.stringify(file)), 'edited.json');
    await until(() => expect(view.all('restore-error')).toHaveLength(1));
    expect(view.one('restore-error').textContent).toContain('1 条记录不符合格式');
    expect(view.one('restore-problem').textContent).toMatch(/^客户备注 第 1 条 \([\w-]+\)：text: note-text-required$/);
    expect(view.all('restore-confirm')).toHaveLength(0);
    expect(await hashDatabase(db)).toBe(before);

    chooseFile(new TextEncoder().encode('快捷短语编码,快捷短语\n/tk,您好'), 'replies.csv');
    await until(() => expect(view.one('restore-error').textContent).toContain('不是备份文件'));
  });

  it('exports each kind of record', async () => {
    const view = await show('en');
    const exportAs = async (testid: string, name: string) => {
      view.one(testid).click();
      await until(() => expect(view.one('data-export-message').textContent).toBe(`Exported ${name}.`));
      expect(downloads.at(-1)!.name).toBe(name);
    };
    await exportAs('data-export-customers-csv', 'customers-2026-11-30-1000.csv');
    await exportAs('data-export-notes-json', 'customer-notes-2026-11-30-1000.json');
    await exportAs('data-export-followUps-xlsx', 'follow-ups-2026-11-30-1000.xlsx');
    await exportAs('data-export-cases-csv', 'complaints-2026-11-30-1000.csv');
    expect(downloads).toHaveLength(4);
  }, 20_000);

  it('shows storage use, asks to keep data permanently and shows the answer', async () => {
    persistAnswer = false;
    const view = await show();
    await until(() => expect(view.one('data-storage-usage').textContent).toBe('已用 3.3 MB，浏览器给本扩展的上限约 2 GB。'));
    expect(view.one('data-storage-persisted').dataset.persisted).toBe('false');
    view.one('data-persist').click();
    await until(() => expect(view.one('data-persist-result').textContent).toContain('拒绝'));
    persistAnswer = true;
    view.one('data-persist').click();
    await until(() => expect(view.one('data-persist-result').textContent).toBe('浏览器已同意永久保存。'));
    await until(() => expect(view.one('data-storage-persisted').dataset.persisted).toBe('true'));
    expect(view.all('data-persist')).toHaveLength(0);
  });

  it('clears all data only after the confirmation word is typed, offering a backup first', async () => {
    const view = await show();
    const clear = view.one('data-clear') as HTMLButtonElement;
    expect(clear.disabled).toBe(true);
    view.one('data-clear-backup').click();
    await until(() => expect(downloads).toHaveLength(1));
    typeInto(view.one('data-clear-input'), '清除');
    await until(() => expect(clear.disabled).toBe(true));
    typeInto(view.one('data-clear-input'), '清除全部数据');
    await until(() => expect(clear.disabled).toBe(false));
    clear.click();
    await until(() => expect(view.one('data-clear-message').textContent).toBe('已清除全部数据。'));
    expect(Object.values(await countTables(db)).every((n) => n === 0)).toBe(true);
  });
});

describe('backup banner', () => {
  beforeEach(() => {
    window.location.hash = '#/follow-ups';
  });

  it('shows in the workbench when a week has passed since the last backup, links to #/data, and snoozes', async () => {
    await recordBackup(NOW - WEEK - 2 * DAY);
    view = render(<WorkbenchApp db={db} settings={{ ...DEFAULT_SETTINGS, agentName: '主管' }} now={NOW} />);
    const v = view;
    await until(() => expect(v.one('backup-banner').textContent).toContain('已经 9 天没有备份数据了'));
    v.one('backup-banner-open').click();
    await until(() => expect(v.all('data-page')).toHaveLength(1));
    expect(window.location.hash).toBe('#/data');
    v.one('backup-banner-snooze').click();
    await until(async () => expect((await loadBackupReminder()).snoozedUntil).toBe(NOW + WEEK));
    await until(() => expect(v.all('backup-banner')).toHaveLength(0));
  });

  it('stays away after a recent backup', async () => {
    await recordBackup(NOW - DAY);
    view = render(<WorkbenchApp db={db} settings={DEFAULT_SETTINGS} now={NOW} />);
    await until(() => expect(view!.all('followups-page')).toHaveLength(1));
    expect(view.all('backup-banner')).toHaveLength(0);
  });
});
