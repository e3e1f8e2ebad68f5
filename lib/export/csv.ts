import Papa from 'papaparse';
import { cellText, type ExportTable } from './table';

/**
 * CSV through papaparse (quoting of commas, quotes and line breaks in notes
 * done by a well-kept library, not by hand). Excel on Windows reads a CSV
 * without a byte-order mark as the system code page (GBK in China), which
 * garbles Chinese: the text starts with U+FEFF so it is read as UTF-8.
 * Cells starting with = + - @ (or a tab or carriage return) are prefixed
 * with ' (escapeFormulae): buyers' words end up in these files, and a
 * spreadsheet must not run them. papaparse's own test (`^[=+\-@\t\r].*$`)
 * misses a cell of several lines, since `.` stops at a line break; a note
 * starting "=HYPERLINK(…)\n…" must be escaped too, hence our pattern.
 */
export const BOM = '\uFEFF';

/** A cell a spreadsheet would read as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsv(table: ExportTable): string {
  const fields = table.columns.map((c) => c.header);
  const data = table.rows.map((row) => table.columns.map((column, i) => cellText(column, row[i])));
  return BOM + Papa.unparse({ fields, data }, { newline: '\r\n', escapeFormulae: FORMULA_START });
}
