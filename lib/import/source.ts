import { decodeText, type TextEncoding } from './decode';
import { jsonReplies } from './json-format';
import { guessMapping, mappedReplies, mappingComplete, type ColumnMapping } from './mapping';
import { isQianniuHeader, qianniuReplies } from './qianniu';
import { ImportFileError, type ImportFormat, type RawReply, type RowError } from './rows';
import { csvTable, xlsxTable, type CellTable } from './table';

/**
 * From a picked file to replies as read: which kind of file it is (detected,
 * the agent may override), its text encoding, its table and column mapping
 * for generic files, and the rows it holds.
 */
export interface SourceFile {
  name: string;
  bytes: Uint8Array;
}

/** Larger files are refused before reading: 20,000 long replies are about 20 MB. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** An .xlsx is a zip: it starts with "PK\x03\x04". */
const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export function detectFormat(file: SourceFile): ImportFormat {
  const name = file.name.toLowerCase();
  if (isZip(file.bytes) || name.endsWith('.xlsx')) return 'xlsx';
  // A sample cut at a line end: cut inside a character, UTF-8 would look invalid and be taken for GBK.
  // (0x0A is a line feed in UTF-8 and GBK alike; GBK's second bytes are 0x40 or above.)
  const end = file.bytes.length <= 4096 ? file.bytes.length : file.bytes.lastIndexOf(0x0a, 4096);
  const { text } = decodeText(file.bytes.subarray(0, end > 0 ? end : 4096));
  if (name.endsWith('.json') || text.trimStart().startsWith('{')) return 'json';
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return isQianniuHeader(firstLine.split(',').map((c) => c.replace(/^"|"$/g, ''))) ? 'qianniu' : 'csv';
}

export interface ReadResult {
  format: ImportFormat;
  /** The text encoding found, for text files (null for Excel). */
  encoding: TextEncoding | null;
  /** Generic CSV and Excel: the table and the mapping used (null otherwise). */
  table: CellTable | null;
  mapping: ColumnMapping | null;
  replies: RawReply[];
  /** Rows the reading itself rejected (a JSON reply with a field of the wrong type). */
  errors: RowError[];
}

export async function readReplies(file: SourceFile, format: ImportFormat, mapping?: ColumnMapping): Promise<ReadResult> {
  if (file.bytes.length === 0) throw new ImportFileError('import.file.empty', 'The file is empty');
  if (file.bytes.length > MAX_IMPORT_BYTES) {
    throw new ImportFileError('import.file.tooLarge', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`, { mb: MAX_IMPORT_BYTES / 1024 / 1024 });
  }
  if (format === 'xlsx' || (isZip(file.bytes) && format !== 'json')) {
    if (!isZip(file.bytes)) throw new ImportFileError('import.file.badXlsx', 'The file is not an Excel (.xlsx) workbook');
    const table = await xlsxTable(file.bytes);
    return fromTable(format, null, table, mapping);
  }
  const { text, encoding } = decodeText(file.bytes);
  if (format === 'json') {
    const { replies, errors } = jsonReplies(text);
    return { format, encoding, table: null, mapping: null, replies, errors };
  }
  return fromTable(format, encoding, csvTable(text), mapping);
}

function fromTable(format: ImportFormat, encoding: TextEncoding | null, table: CellTable, mapping?: ColumnMapping): ReadResult {
  if (format === 'qianniu') return { format, encoding, table: null, mapping: null, replies: qianniuReplies(table), errors: [] };
  const used = mapping ?? guessMapping(table.header);
  return { format, encoding, table, mapping: used, replies: mappingComplete(used) ? mappedReplies(table, used) : [], errors: [] };
}
