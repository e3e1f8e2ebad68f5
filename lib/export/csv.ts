import Papa from 'papaparse';
import { cellText, type ExportTable } from './table';

/**
 * CSV through papaparse (quoting of commas, quotes and line breaks in notes
 * done by a well-kept library, not by hand). Excel on Windows reads a CSV
 * without a byte-order mark as the system code page (GBK in China), which
 * garbles Chinese: the text starts with U+FEFF so it is read as UTF-8.
 * Cells starting with = + - @ are prefixed with ' (escapeFormulae): buyers'
 * words end up in these files, and a spreadsheet must not run them.
 */
export const BOM = '\uFEFF';

export function toCsv(table: ExportTable): string {
  const fields = table.columns.map((c) => c.header);
  const data = table.rows.map((row) => table.columns.map((column, i) => cellText(column, row[i])));
  return BOM + Papa.unparse({ fields, data }, { newline: '\r\n', escapeFormulae: true });
}
