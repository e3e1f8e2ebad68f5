import Papa from 'papaparse';
import type { Reply } from '../db/records';
import { t, type Lang, type MessageKey } from '../i18n/messages';
import { repliesFile } from '../import/json-format';
import { escapeQianniu, QIANNIU_HEADERS, QIANNIU_NO_GROUP } from '../import/qianniu';
import { joinTags, joinVariants } from '../import/rows';
import type { ExportFile } from './case-export';
import { BOM, toCsv } from './csv';
import { encodeGbk, gbkUnencodable, withGbkEquivalents } from './gbk';
import { formatLocalDateTime, type Column, type ExportTable } from './table';

/**
 * The reply library as files: our CSV and Excel (every field, headers in the
 * UI language; the import's mapping step recognises them in both), our JSON
 * (versioned, the lossless one), and 千牛's quick-phrase CSV so that agents
 * can take the library back to Qianniu (code, text and group only: Qianniu
 * has no titles, tags or variants).
 */
const FIELDS: readonly { key: MessageKey; cell: (r: Reply) => string }[] = [
  { key: 'import.field.title', cell: (r) => r.title },
  { key: 'import.field.body', cell: (r) => r.body },
  { key: 'import.field.group', cell: (r) => r.group },
  { key: 'import.field.code', cell: (r) => r.code },
  { key: 'import.field.tags', cell: (r) => joinTags(r.tags) },
  { key: 'import.field.variants', cell: (r) => joinVariants(r.variants) },
];

export function replyTable(replies: readonly Reply[], lang: Lang): ExportTable {
  return {
    columns: FIELDS.map((f): Column => ({ header: t(lang, f.key), kind: 'text' })),
    rows: replies.map((r) => FIELDS.map((f) => f.cell(r))),
  };
}

const stamp = (now: number) => formatLocalDateTime(now).replace(' ', '-').replace(':', '');
const base = (lang: Lang, now: number) => t(lang, 'import.export.fileName', { date: stamp(now) });

export function exportRepliesCsv(replies: readonly Reply[], lang: Lang, now: number): ExportFile {
  return { name: `${base(lang, now)}.csv`, mime: 'text/csv;charset=utf-8', data: toCsv(replyTable(replies, lang)) };
}

/** The encodings of a 千牛 file: GBK as 千牛 writes its own, or UTF-8 with a BOM, which keeps every character. */
export type QianniuEncoding = 'gbk' | 'utf-8';

/** What a GBK file holds instead of a character GBK lacks: the "missing character" box of Chinese print. */
export const GBK_MARKER = '□';

/** A reply whose code, text or group has characters GBK cannot hold. */
export interface GbkLoss {
  id: string;
  title: string;
  code: string;
  chars: string[];
}

export interface QianniuExport {
  file: ExportFile;
  /** The replies with characters GBK lacks, written as GBK_MARKER in a GBK file; none in UTF-8. */
  lost: GbkLoss[];
  /** Characters GBK holds under another form, written in that form (¥ as ￥: gbkEquivalent), in the order met; none in UTF-8. */
  swapped: Array<[from: string, to: string]>;
}

/**
 * Qianniu's own layout. No formula escaping: the file is for Qianniu, which
 * would keep a leading `'` as part of the phrase. GBK by default, without a
 * BOM, like the files Qianniu writes (a UTF-8 one can show as mojibake in its
 * import). A character GBK holds under another form is written in that form
 * (¥ as ￥) and reported in `swapped`; the replies GBK still cannot hold whole
 * are returned so the agent can choose UTF-8 with a BOM instead.
 */
export function exportRepliesQianniu(replies: readonly Reply[], lang: Lang, now: number, encoding: QianniuEncoding = 'gbk'): QianniuExport {
  const name = `${t(lang, 'import.export.qianniuName', { date: stamp(now) })}.csv`;
  const unparse = (data: string[][]) => Papa.unparse({ fields: [...QIANNIU_HEADERS[0]], data }, { newline: '\r\n' });
  const row = (code: string, body: string, group: string) => [escapeQianniu(code), escapeQianniu(body), group === '' ? QIANNIU_NO_GROUP : escapeQianniu(group)];
  if (encoding === 'utf-8') {
    const csv = unparse(replies.map((r) => row(r.code, r.body, r.group)));
    return { file: { name, mime: 'text/csv;charset=utf-8', data: BOM + csv }, lost: [], swapped: [] };
  }
  const swapped = new Map<string, string>();
  const inGbk = (text: string) => {
    const same = withGbkEquivalents(text);
    for (const [from, to] of same.swapped) swapped.set(from, to);
    return same.text;
  };
  const lost: GbkLoss[] = [];
  const data = replies.map((r) => {
    const [code, body, group] = [inGbk(r.code), inGbk(r.body), inGbk(r.group)];
    // Only these three fields are written (the escapes are ASCII).
    const chars = gbkUnencodable(code + body + group);
    if (chars.length > 0) lost.push({ id: r.id, title: r.title, code: r.code, chars });
    return row(code, body, group);
  });
  return { file: { name, mime: 'text/csv;charset=gbk', data: encodeGbk(unparse(data), GBK_MARKER) }, lost, swapped: [...swapped] };
}

export async function exportRepliesXlsx(replies: readonly Reply[], lang: Lang, now: number, creator = ''): Promise<ExportFile> {
  const { toXlsx } = await import('./xlsx');
  const data = await toXlsx([{ name: t(lang, 'import.export.sheet'), table: replyTable(replies, lang) }], { creator, now });
  return { name: `${base(lang, now)}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data };
}

export function exportRepliesJson(replies: readonly Reply[], lang: Lang, now: number): ExportFile {
  return { name: `${base(lang, now)}.json`, mime: 'application/json', data: `${JSON.stringify(repliesFile(replies, now), null, 2)}\n` };
}
