import type { CellTable } from './table';
import { REPLY_FIELDS, splitTags, splitVariants, titleFromBody, type RawReply, type ReplyField } from './rows';

/**
 * Generic CSV and Excel files: which column holds which field of a reply.
 * The guess reads the header names (Chinese and English, ours and the usual
 * ones); the agent confirms or changes it before the preview.
 */
export type ColumnMapping = Record<ReplyField, number | null>;

/** Header names per field, compared without case, spaces, `_` or `-`. */
const NAMES: Record<ReplyField, readonly string[]> = {
  title: ['标题', '话术标题', '名称', '问题', 'title', 'name', 'subject', 'question'],
  body: ['内容', '话术', '话术内容', '回复', '回复内容', '快捷短语', '正文', '答案', 'body', 'text', 'content', 'reply', 'message', 'answer'],
  group: ['分组', '分类', '类别', '快捷短语分组', 'group', 'category', 'folder'],
  code: ['快捷编码', '编码', '快捷短语编码', '代码', '快捷键', 'code', 'shortcut', 'shortcode'],
  tags: ['标签', '关键词', 'tags', 'tag', 'keywords'],
  variants: ['其他说法', '变体', '其他话术', '备选说法', 'variants', 'variant', 'alternatives', 'other wordings', 'wordings'],
};

const norm = (s: string) => s.toLowerCase().replace(/[\s_\-:：()（）]/g, '');

export function guessMapping(header: readonly string[]): ColumnMapping {
  const mapping = Object.fromEntries(REPLY_FIELDS.map((f) => [f, null])) as ColumnMapping;
  const taken = new Set<number>();
  // Exact names first, then names that contain one ("回复内容（必填）").
  for (const exact of [true, false]) {
    for (const field of REPLY_FIELDS) {
      if (mapping[field] !== null) continue;
      const wanted = NAMES[field].map(norm);
      const index = header.findIndex((h, i) => {
        if (taken.has(i)) return false;
        const name = norm(h);
        return name !== '' && (exact ? wanted.includes(name) : wanted.some((w) => w.length > 1 && name.includes(w)));
      });
      if (index !== -1) {
        mapping[field] = index;
        taken.add(index);
      }
    }
  }
  // A file with one unnamed column of text is a list of bodies.
  if (mapping.body === null && header.length === 1) mapping.body = 0;
  return mapping;
}

/** A mapping is usable when some column gives the body. */
export const mappingComplete = (mapping: ColumnMapping): boolean => mapping.body !== null;

/**
 * papaparse's escapeFormulae (our CSV export) puts `'` before a cell starting
 * with = + - @ tab or CR; reading our file back removes it.
 */
const unFormula = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

export function mappedReplies(table: CellTable, mapping: ColumnMapping): RawReply[] {
  const cell = (cells: readonly string[], field: ReplyField) => {
    const index = mapping[field];
    return index === null ? '' : unFormula(cells[index] ?? '').replace(/\r\n?/g, '\n');
  };
  return table.rows.map(({ row, cells }) => {
    const body = cell(cells, 'body').trim();
    const title = cell(cells, 'title').trim();
    return {
      row,
      title: title === '' ? titleFromBody(body) : title,
      body,
      group: cell(cells, 'group').trim(),
      code: cell(cells, 'code').trim(),
      tags: splitTags(cell(cells, 'tags')),
      variants: splitVariants(cell(cells, 'variants')),
      pinned: false,
    };
  });
}
