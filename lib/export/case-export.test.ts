import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCaseNote, getCase, openCase, setCaseStatus, setStepDone, setStepField } from '../db/cases';
import { createTemplate } from '../db/checklist-templates';
import { customerForContext } from '../db/customers';
import type { KefuDatabase } from '../db/database';
import { freshDb } from '../db/testing';
import { caseTable, historyTable } from './cases';
import { exportCasesCsv, exportCasesXlsx, loadCaseExportContext } from './case-export';
import { BOM, FORMULA_START, toCsv } from './csv';
import { formatLocalDateTime } from './table';
import { toXlsx } from './xlsx';

const MINUTE = 60_000;
const NOW = new Date(2026, 10, 30, 9, 5).getTime();
const as = (author: string, at: number) => ({ author, now: at });

let db: KefuDatabase;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  await db.delete();
});

/** Two customers, a logistics template with a choice and a money field; one case closed, one overdue. */
async function seed() {
  const tpl = await createTemplate(
    db,
    {
      name: '物流问题',
      type: 'logistics',
      steps: [
        { id: 'calm', title: '安抚买家', guidance: '先道歉', fields: [], required: true, timeLimitMinutes: 10 },
        {
          id: 'propose',
          title: '提出方案',
          guidance: '',
          required: true,
          fields: [
            { key: 'responsibility', label: '责任方', kind: 'choice', options: ['快递', '仓库'], required: true },
            { key: 'amount', label: '赔偿金额', kind: 'money', required: false },
          ],
        },
      ],
    },
    as('主管', NOW - 100 * MINUTE),
  );
  const ahua = await customerForContext(db, { platform: 'feige', buyerName: '阿花，"VIP"' }, as('小王', NOW - 90 * MINUTE));
  const xm = await customerForContext(db, { platform: 'pinduoduo', buyerName: '小明' }, as('小王', NOW - 90 * MINUTE));
  const closed = await openCase(db, ahua.id, { templateId: tpl.id, summary: '包裹破损，要求赔偿\n第二行', orderId: '4000123' }, as('小王', NOW - 60 * MINUTE));
  await setStepDone(db, closed.id, 'calm', true, as('小王', NOW - 58 * MINUTE));
  await setStepField(db, closed.id, 'propose', 'responsibility', '快递', as('小李', NOW - 50 * MINUTE));
  await setStepField(db, closed.id, 'propose', 'amount', '15.50', as('小李', NOW - 49 * MINUTE));
  await setStepDone(db, closed.id, 'propose', true, as('小李', NOW - 48 * MINUTE));
  await addCaseNote(db, closed.id, '=SUM(A1) 快递已赔付', as('小李', NOW - 47 * MINUTE));
  await setCaseStatus(db, closed.id, 'closed', as('小李', NOW - 46 * MINUTE));
  const overdue = await openCase(db, xm.id, { templateId: tpl.id, summary: '三天没发货' }, as('小李', NOW - 30 * MINUTE));
  return { tpl, closed: await getCase(db, closed.id), overdue };
}

describe('case export', () => {
  it('builds one row per case with the step fields as columns', async () => {
    const { closed, overdue } = await seed();
    const cases = [overdue, closed];
    const ctx = await loadCaseExportContext(db, cases, 'zh', NOW);
    const table = caseTable(cases, ctx);
    const headers = table.columns.map((c) => c.header);
    expect(headers).toContain('提出方案 · 责任方');
    expect(headers).toContain('提出方案 · 赔偿金额');
    const at = (row: number, header: string) => table.rows[row]![headers.indexOf(header)];
    expect(at(0, '客户')).toBe('小明');
    expect(at(0, '超时')).toBe('是');
    expect(at(0, '下一步')).toBe('安抚买家');
    expect(at(1, '客户')).toBe('阿花，"VIP"');
    expect(at(1, '状态')).toBe('已结案');
    expect(at(1, '已完成步骤')).toBe('2/2');
    expect(at(1, '提出方案 · 责任方')).toBe('快递');
    expect(at(1, '提出方案 · 赔偿金额')).toBe(15.5);
    expect(at(1, '新建时间')).toBe(NOW - 60 * MINUTE);
    expect(at(1, '新建人')).toBe('小王');

    const history = historyTable(cases, ctx);
    expect(history.rows.filter((r) => r[0] === closed.id).map((r) => [r[3], r[4]])).toEqual([
      ['小王', '新建了投诉（物流问题）'],
      ['小王', '完成了步骤“安抚买家”'],
      ['小李', '填写了“责任方”：快递'],
      ['小李', '填写了“赔偿金额”：15.50'],
      ['小李', '完成了步骤“提出方案”'],
      ['小李', '备注：=SUM(A1) 快递已赔付'],
      ['小李', '把状态改为“已结案”'],
    ]);
  });

  it('writes a UTF-8 CSV with a BOM that round-trips Chinese, commas, quotes and line breaks through papaparse', async () => {
    const { closed, overdue } = await seed();
    const file = await exportCasesCsv(db, [overdue, closed], 'zh', NOW);
    expect(file.name).toBe(`投诉-${formatLocalDateTime(NOW).replace(' ', '-').replace(':', '')}.csv`);
    expect(typeof file.data).toBe('string');
    const text = file.data as string;
    expect(text.startsWith(BOM)).toBe(true);
    // Bytes as the browser saves them: UTF-8 with the EF BB BF mark Excel looks for.
    expect([...new TextEncoder().encode(text).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const parsed = Papa.parse<Record<string, string>>(text.slice(BOM.length), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(2);
    // Rows keep the order of the cases given. An id is random base64url, so one
    // in 64 starts with "-" and is exported defused, as "'-…", like any cell.
    const csvCell = (id: string) => (FORMULA_START.test(id) ? `'${id}` : id);
    expect(parsed.data.map((r) => r['投诉编号'])).toEqual([csvCell(overdue.id), csvCell(closed.id)]);
    const row = parsed.data[1]!;
    expect(row['客户']).toBe('阿花，"VIP"');
    expect(row['投诉内容']).toBe('包裹破损，要求赔偿\n第二行');
    expect(row['订单号']).toBe('4000123');
    expect(row['新建时间']).toBe(formatLocalDateTime(NOW - 60 * MINUTE));
    expect(row['提出方案 · 赔偿金额']).toBe('15.5');
    expect(row['提出方案 · 责任方']).toBe('快递');
    expect(parsed.data[0]!['状态']).toBe('处理中');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const csv = toCsv({ columns: [{ header: 'note', kind: 'text' }], rows: [['=HYPERLINK("http://x")'], ['+1'], ['平常的话']] });
    const parsed = Papa.parse<string[]>(csv.slice(BOM.length), { skipEmptyLines: true });
    expect(parsed.data.slice(1).map((r) => r[0])).toEqual([`'=HYPERLINK("http://x")`, `'+1`, '平常的话']);
  });

  it('writes an .xlsx that exceljs opens again, with the cases and a second sheet of their history', async () => {
    const { closed, overdue } = await seed();
    const file = await exportCasesXlsx(db, [overdue, closed], 'en', NOW, '主管');
    expect(file.name).toMatch(/^complaints-\d{4}-\d{2}-\d{2}-\d{4}\.xlsx$/);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.data as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Complaints', 'Case history']);
    expect(book.creator).toBe('主管');

    const cases = book.getWorksheet('Complaints')!;
    const headers = (cases.getRow(1).values as unknown[]).slice(1);
    const col = (h: string) => headers.indexOf(h) + 1;
    expect(cases.rowCount).toBe(3);
    const closedRow = [2, 3].map((n) => cases.getRow(n)).find((r) => r.getCell(col('Case id')).value === closed.id)!;
    expect(closedRow.getCell(col('Customer')).value).toBe('阿花，"VIP"');
    expect(closedRow.getCell(col('Status')).value).toBe('Closed');
    expect(closedRow.getCell(col('Complaint')).value).toBe('包裹破损，要求赔偿\n第二行');
    expect(closedRow.getCell(col('提出方案 · 赔偿金额')).value).toBe(15.5);
    expect(closedRow.getCell(col('提出方案 · 责任方')).value).toBe('快递');
    // A real date cell showing the local time of opening.
    const opened = closedRow.getCell(col('Opened at')).value as Date;
    expect(opened).toBeInstanceOf(Date);
    const local = new Date(NOW - 60 * MINUTE);
    expect([opened.getUTCHours(), opened.getUTCMinutes()]).toEqual([local.getHours(), local.getMinutes()]);

    const history = book.getWorksheet('Case history')!;
    expect(history.rowCount).toBe(1 + 1 + 7);
    const lines = Array.from({ length: history.rowCount - 1 }, (_, i) => history.getRow(i + 2).getCell(5).value);
    expect(lines).toContain('ticked “安抚买家”');
    expect(lines).toContain('changed the status to “Closed”');
  });

  it('names sheets the way Excel allows', async () => {
    const data = await toXlsx([{ name: 'a/b:c*d?[e]f-that-is-far-too-long-for-excel', table: { columns: [{ header: 'x', kind: 'text' }], rows: [['1']] } }]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(data as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.name).toBe('a b c d  e f-that-is-far-too-lo');
  });
});
