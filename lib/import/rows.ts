import type { MessageKey } from '../i18n/messages';

/**
 * What every importer produces, whatever the file: replies as read (not yet
 * validated), each with the row number the agent sees in the file, and the
 * problems found while reading. validate.ts then applies the Reply rules.
 */

/** The fields of a reply a file can carry, in the order a mapping step shows them. */
export const REPLY_FIELDS = ['title', 'body', 'group', 'code', 'tags', 'variants'] as const;
export type ReplyField = (typeof REPLY_FIELDS)[number];

/** The file kinds the import understands. */
export const IMPORT_FORMATS = ['qianniu', 'csv', 'xlsx', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface RawReply {
  /**
   * Where the reply is in the file, as the agent would look for it: the
   * spreadsheet row (the header is row 1), or the position in a JSON file's
   * replies list (the first is 1).
   */
  row: number;
  title: string;
  body: string;
  group: string;
  code: string;
  tags: string[];
  variants: string[];
  pinned: boolean;
}

/** A row that cannot be imported: which row, which field, and why (an i18n key). */
export interface RowError {
  row: number;
  field: ReplyField | 'row';
  reason: MessageKey;
}

/**
 * A problem with the whole file (not a JSON file of ours, a newer version,
 * no header…): nothing of it can be imported. `key` says what to fix.
 */
export class ImportFileError extends Error {
  constructor(
    readonly key: MessageKey,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** Tags in one cell: separated by commas (half- or full-width), 、, semicolons or line breaks. */
export function splitTags(cell: string): string[] {
  return cell
    .split(/[,，、;；\n|]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** Variants in one cell: separated by a blank line, as in the reply editor (and our CSV export). */
export function splitVariants(cell: string): string[] {
  return cell
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export const joinVariants = (variants: readonly string[]): string => variants.join('\n\n');
export const joinTags = (tags: readonly string[]): string => tags.join(', ');

/** Longest title derived from a body (千牛 phrases have none). */
export const DERIVED_TITLE_LENGTH = 30;

/**
 * A title from the body: its first non-empty line, cut at a sentence end
 * within the limit when there is one, else at the limit with an ellipsis.
 */
export function titleFromBody(body: string): string {
  const line = body.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  const chars = Array.from(line);
  if (chars.length <= DERIVED_TITLE_LENGTH) return line;
  const head = chars.slice(0, DERIVED_TITLE_LENGTH);
  // A whole sentence reads better than a cut one, when one fits.
  for (let i = head.length - 1; i >= 4; i--) {
    if (/[。！？!?；;]/.test(head[i]!)) return head.slice(0, i + 1).join('');
  }
  return `${head.slice(0, DERIVED_TITLE_LENGTH - 1).join('')}…`;
}
