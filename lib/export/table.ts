/**
 * A sheet of exported data, independent of the file format: CSV (csv.ts) and
 * Excel (xlsx.ts) both write it. Times are kept as epoch ms so that Excel gets
 * real date cells (sortable, filterable) and CSV a plain local time.
 */
export type ColumnKind = 'text' | 'datetime' | 'number';

export interface Column {
  header: string;
  kind: ColumnKind;
}

/** text: string; datetime: epoch ms; number: a number (or the text as typed when it is not one). */
export type Cell = string | number | undefined;

export interface ExportTable {
  columns: Column[];
  rows: Cell[][];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local time as "2026-11-30 09:05": what a supervisor reads and what Excel and WPS parse back as a date. */
export function formatLocalDateTime(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A cell as text (CSV), by its column's kind. */
export function cellText(column: Column, cell: Cell): string {
  if (cell === undefined) return '';
  if (column.kind === 'datetime' && typeof cell === 'number') return formatLocalDateTime(cell);
  return String(cell);
}
