import ExcelJS from 'exceljs';
import type { ExportTable } from './table';

/**
 * An Excel workbook (.xlsx) through exceljs, one worksheet per table: header
 * row bold and frozen, with an autofilter, so a supervisor can sort and filter
 * at once. Times become real date cells in local time (Excel has no time
 * zones: a Date is written as its UTC fields, so it is shifted by the offset).
 */
export interface Sheet {
  /** At most 31 characters, none of * ? : \ / [ ] (Excel's rule). */
  name: string;
  table: ExportTable;
}

const asLocalDate = (at: number): Date => new Date(at - new Date(at).getTimezoneOffset() * 60_000);

/** Excel's limit on a sheet name, the characters it refuses, and "History", which it reserves. */
export function sheetName(name: string): string {
  const clean = name.replace(/[*?:\\/[\]]/g, ' ').slice(0, 31);
  if (clean.trim() === '') return 'Sheet';
  return clean.toLowerCase() === 'history' ? `${clean} ` : clean;
}

export async function toXlsx(sheets: readonly Sheet[], opts: { creator?: string; now?: number } = {}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = opts.creator ?? '';
  const created = new Date(opts.now ?? Date.now());
  workbook.created = created;
  workbook.modified = created;
  for (const { name, table } of sheets) {
    const sheet = workbook.addWorksheet(sheetName(name), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({
      header: c.header,
      width: c.kind === 'datetime' ? 18 : Math.min(40, Math.max(10, c.header.length * 2 + 2)),
      ...(c.kind === 'datetime' ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}),
    }));
    for (const row of table.rows) {
      sheet.addRow(
        table.columns.map((column, i) => {
          const cell = row[i];
          if (cell === undefined) return null;
          if (column.kind === 'datetime' && typeof cell === 'number') return asLocalDate(cell);
          return cell;
        }),
      );
    }
    sheet.getRow(1).font = { bold: true };
    if (table.columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
