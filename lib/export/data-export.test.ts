import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOW, seedEveryTable } from '../backup/testing-seed';
import type { KefuDatabase } from '../db/database';
import { addNote } from '../db/notes';
import { freshDb } from '../db/testing';
import { BOM } from './csv';
import { DataExport, exportData } from './data-export';

let db: KefuDatabase;
beforeEach(async () => {
  db = freshDb();
  await seedEveryTable(db);
});
afterEach(async () => {
  await db.delete();
});

const csvRows = (data: string | Uint8Array) => {
  const text = data as string;
  expect(text.startsWith(BOM)).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(text.slice(BOM.length), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
};

describe('data exports', () => {
  it('exports live customers as CSV: no erased customer, tags, orders and platform names readable', async () => {
    const file = await exportData(db, 'customers', 'csv', { lang: 'zh', now: NOW });
    expect(file.name).toBe('客户档案-2026-11-30-1000.csv');
    const rows = csvRows(file.data);
    expect(rows.map((r) => r['客户'])).toEqual(['阿花，"VIP"', '小明']);
    expect(rows[0]!['标签']).toBe('VIP, 爱砍价, 已投诉');
    expect(rows[0]!['订单']).toContain('4000123');
    expect(rows[0]!['平台']).toBe('抖店飞鸽');
  });

  it('exports notes without the deleted ones, staged ones included, and defuses formula-like text', async () => {
    const [xm] = (await db.customers.toArray()).filter((c) => 'displayName' in c && c.displayName === '小明');
    await addNote(db, xm!.id, { text: '=HYPERLINK("http://x")' }, { author: '小李', now: NOW });
    const rows = csvRows((await exportData(db, 'notes', 'csv', { lang: 'zh', now: NOW })).data);
    // The first is staged by a first sync (seedEveryTable), not expanded into its row yet.
    expect(rows.map((r) => r['内容'])).toEqual(['要开发票，抬头写公司名', '喜欢顺丰，晚上联系\n第二行', `'=HYPERLINK("http://x")`]);
    expect(rows.map((r) => r['客户'])).toEqual(['小明', '阿花，"VIP"', '小明']);
    expect(rows[1]!['置顶']).toBe('是');
  });

  it('exports follow-ups as Excel with real date cells', async () => {
    const file = await exportData(db, 'followUps', 'xlsx', { lang: 'en', now: NOW, creator: '主管' });
    expect(file.name).toBe('follow-ups-2026-11-30-1000.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.data as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('Follow-ups');
    expect(sheet.rowCount).toBe(3);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const reasons = [2, 3].map((n) => sheet.getRow(n).getCell(headers.indexOf('Reason') + 1).value);
    expect(reasons).toEqual(['确认换货已收到', '节日问候']);
    expect(sheet.getRow(2).getCell(headers.indexOf('Status') + 1).value).toBe('Done');
    expect(sheet.getRow(2).getCell(headers.indexOf('Due') + 1).value).toBeInstanceOf(Date);
  });

  it('exports JSON that its schema reads back, without the search tokens', async () => {
    for (const kind of ['customers', 'notes', 'followUps', 'cases'] as const) {
      const file = await exportData(db, kind, 'json', { lang: 'en', now: NOW });
      const parsed = DataExport.parse(JSON.parse(file.data as string));
      expect(parsed.kind).toBe(kind);
      expect(file.data as string).not.toContain('"terms"');
      if (parsed.kind === 'cases') {
        expect(parsed.rows).toHaveLength(1);
        expect(parsed.caseEvents.map((e) => e.kind)).toEqual(['opened', 'step-done', 'note']);
      }
    }
  });

  it('exports cases through the workbench case export', async () => {
    const rows = csvRows((await exportData(db, 'cases', 'csv', { lang: 'zh', now: NOW })).data);
    expect(rows).toHaveLength(1);
    expect(rows[0]!['投诉内容']).toBe('包裹破损，要求赔偿');
  });
});
