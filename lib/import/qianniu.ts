import type { CellTable } from './table';
import { titleFromBody, type RawReply } from './rows';

/**
 * 千牛 (Qianniu) quick phrases (快捷短语), as its "export" writes them and its
 * "import" reads them: three columns, `快捷短语编码,快捷短语,快捷短语分组`
 * (older clients: `快捷编码,…`), GBK on Windows or UTF-8, one phrase per line
 * with line breaks written as `&#13;` and commas as `&#44;` instead of CSV
 * quoting, `未分组` for phrases in no group. Phrases have no title: ours is
 * derived from the body.
 */
export const QIANNIU_HEADERS = [
  ['快捷短语编码', '快捷短语', '快捷短语分组'],
  ['快捷编码', '快捷短语', '快捷短语分组'],
] as const;

/** Qianniu's name for "no group"; ours is ''. */
export const QIANNIU_NO_GROUP = '未分组';

export function isQianniuHeader(header: readonly string[]): boolean {
  return QIANNIU_HEADERS.some((h) => h.every((name, i) => header[i]?.trim() === name));
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Qianniu's escapes and the HTML entities that come with them (phrases are
 * edited in a web view): `&#13;` and `&#10;` are line breaks (`&#13;&#10;` one
 * break), `&#44;` a comma, `&amp;` `&lt;` `&gt;` `&quot;` `&nbsp;` and any
 * numeric entity what they name. Unknown names stay as written.
 */
export function unescapeQianniu(text: string): string {
  return text
    .replace(/&#13;&#10;|&#x0*d;&#x0*a;/gi, '\n')
    .replace(/&#(\d+);|&#x([0-9a-f]+);|&([a-z]+);/gi, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
      const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
      if (code === 13 || code === 10) return '\n';
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(/\r\n?/g, '\n');
}

/**
 * The reverse, for an export Qianniu imports: a break as `&#13;`, a comma as
 * `&#44;`. `&` stays as is, as in Qianniu's own exports.
 */
export function escapeQianniu(text: string): string {
  return text.replace(/\r\n?|\n/g, '&#13;').replace(/,/g, '&#44;');
}

/**
 * The phrases of a Qianniu table. Without the header (the agent chose
 * "Qianniu" for a file that lacks it) the columns are taken by position and
 * the first row is a phrase too.
 */
export function qianniuReplies(table: CellTable): RawReply[] {
  const rows = isQianniuHeader(table.header) ? table.rows : [{ row: table.headerRow, cells: table.header }, ...table.rows];
  return rows.map(({ row, cells }) => {
    const body = unescapeQianniu(cells[1] ?? '').trim();
    const group = unescapeQianniu(cells[2] ?? '').trim();
    return {
      row,
      title: titleFromBody(body),
      body,
      group: group === QIANNIU_NO_GROUP ? '' : group,
      code: unescapeQianniu(cells[0] ?? '').trim(),
      tags: [],
      variants: [],
      pinned: false,
    };
  });
}
