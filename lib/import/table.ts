import Papa from 'papaparse';
import { ImportFileError } from './rows';

/**
 * A file as a grid of text cells: CSV through papaparse (quotes, commas and
 * line breaks inside cells handled by a well-kept parser), Excel through
 * exceljs, loaded only when an .xlsx is opened (it is about 1 MB).
 */
export interface CellTable {
  /** The first non-empty row. */
  header: string[];
  /** The rows after it, each with its row number in the file (the header's is `headerRow`). */
  rows: { row: number; cells: string[] }[];
  headerRow: number;
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

function fromGrid(grid: { row: number; cells: string[] }[]): CellTable {
  const first = grid.findIndex((r) => !isBlank(r.cells));
  if (first === -1) throw new ImportFileError('import.file.empty', 'The file has no rows');
  const header = grid[first]!.cells.map((c) => c.trim());
  return { header, headerRow: grid[first]!.row, rows: grid.slice(first + 1).filter((r) => !isBlank(r.cells)) };
}

export function csvTable(text: string): CellTable {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  // papaparse reports unclosed quotes but still returns the rows; a broken
  // quote swallows the rest of the file into one cell, which validation then
  // flags row by row, so the file is still shown rather than refused.
  return fromGrid(parsed.data.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c ?? '') })));
}

/** What exceljs gives for a cell, as the text the agent sees. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return v.error;
    // A hyperlink cell without text, or a shape exceljs adds later: its JSON is still the data.
    return JSON.stringify(value);
  }
  return '';
}

/** The first worksheet of an .xlsx file. */
export async function xlsxTable(bytes: Uint8Array): Promise<CellTable> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new ImportFileError('import.file.badXlsx', `The Excel file cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new ImportFileError('import.file.empty', 'The Excel file has no worksheet');
  const grid: { row: number; cells: string[] }[] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    grid.push({ row: rowNumber, cells });
  });
  return fromGrid(grid);
}
