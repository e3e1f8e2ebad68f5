import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BOM, toCsv } from './csv';

describe('toCsv', () => {
  it('starts with a byte-order mark and escapes cells a spreadsheet would run, multi-line ones too', () => {
    const csv = toCsv({
      columns: [{ header: '备注', kind: 'text' }],
      rows: [['=HYPERLINK("http://x")\n第二行'], ['+86 138'], ['-1'], ['@SUM(A1)'], ['普通文字 = 等号在中间'], ['多行\n=第二行不算开头']],
    });
    expect(csv.startsWith(BOM)).toBe(true);
    const cells = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n' }).data.slice(1).map((r) => r[0]);
    expect(cells).toEqual(["'=HYPERLINK(\"http://x\")\n第二行", "'+86 138", "'-1", "'@SUM(A1)", '普通文字 = 等号在中间', '多行\n=第二行不算开头']);
  });
});
