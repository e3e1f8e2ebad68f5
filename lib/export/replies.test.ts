import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { KefuDatabase } from '../db/database';
import { createReply, listReplies } from '../db/replies';
import { freshDb } from '../db/testing';
import { QIANNIU_HEADERS } from '../import/qianniu';
import { readReplies, type SourceFile } from '../import/source';
import { validateReplies } from '../import/validate';
import { BOM } from './csv';
import { exportRepliesCsv, exportRepliesJson, exportRepliesQianniu, exportRepliesXlsx, GBK_MARKER } from './replies';

const NOW = new Date(2026, 10, 30, 9, 5).getTime();
let db: KefuDatabase;
afterEach(async () => {
  await db.delete();
});

async function seed() {
  db = freshDb();
  const who = { author: '主管', now: NOW };
  await createReply(db, { title: '退款说明', body: '亲，退款已处理,\n1-3 天到账。', group: '售后', code: '/tk', tags: ['退款', '时效'], variants: ['亲，退款 1-3 天到账。', '退款已经原路退回啦。'], pinned: true }, who);
  await createReply(db, { title: '满减', body: '-5元优惠券已发放，"下单"即可使用 =)', group: '', code: '', tags: [], variants: [], pinned: false }, who);
  return listReplies(db);
}

const asFile = (name: string, data: string | Uint8Array): SourceFile => ({ name, bytes: typeof data === 'string' ? new TextEncoder().encode(data) : data });
const content = (r: { title: string; body: string; group: string; code: string; tags: string[]; variants: string[] }) => ({
  title: r.title,
  body: r.body,
  group: r.group,
  code: r.code,
  tags: r.tags,
  variants: r.variants,
});

describe('reply export', () => {
  it('our CSV (UTF-8 with BOM) imports back unchanged through the guessed mapping, in both languages', async () => {
    const replies = await seed();
    for (const lang of ['zh', 'en'] as const) {
      const file = exportRepliesCsv(replies, lang, NOW);
      expect(file.name).toBe(lang === 'zh' ? '话术-2026-11-30-0905.csv' : 'replies-2026-11-30-0905.csv');
      expect((file.data as string).startsWith(BOM)).toBe(true);
      // The formula guard is there for spreadsheets…
      expect(file.data).toContain(`"'-5元优惠券`);
      // …and gone again on import.
      const read = await readReplies(asFile(file.name, file.data), 'csv');
      expect(read.encoding).toBe('utf-8');
      const { valid, errors } = await validateReplies(read.replies);
      expect(errors).toEqual([]);
      expect(valid.map((c) => content(c.draft))).toEqual(replies.map(content));
    }
  });

  it('千牛 CSV: GBK without a BOM, Qianniu’s header, escapes, 未分组, and it reads back as Qianniu', async () => {
    const replies = await seed();
    const { file, lost, swapped } = exportRepliesQianniu(replies, 'zh', NOW);
    expect(file.name).toBe('千牛快捷短语-2026-11-30-0905.csv');
    expect(file.mime).toBe('text/csv;charset=gbk');
    expect(lost).toEqual([]);
    expect(swapped).toEqual([]);
    const bytes = file.data as Uint8Array;
    expect(bytes).toBeInstanceOf(Uint8Array);
    // GBK, not UTF-8: 快 is BF EC, and no byte-order mark.
    expect([...bytes.subarray(0, 2)]).toEqual([0xbf, 0xec]);
    const lines = new TextDecoder('gb18030').decode(bytes).split('\r\n');
    expect(lines[0]).toBe(QIANNIU_HEADERS[0].join(','));
    // listReplies orders by group: '' (未分组) last, as in the library.
    expect(lines[1]).toBe('/tk,亲，退款已处理&#44;&#13;1-3 天到账。,售后');
    expect(lines[2]).toBe(',"-5元优惠券已发放，""下单""即可使用 =)",未分组');
    expect(lines).toHaveLength(3);
    const read = await readReplies(asFile(file.name, file.data), 'qianniu');
    expect(read.encoding).toBe('gb18030');
    expect(read.replies.map((r) => [r.code, r.body, r.group])).toEqual(replies.map((r) => [r.code, r.body, r.group]));
  });

  it('千牛 CSV: names the replies GBK cannot hold whole and marks those characters; UTF-8 with a BOM keeps them', async () => {
    await seed();
    const who = { author: '主管', now: NOW };
    await createReply(db, { title: '好评返现 😀', body: '亲，好评返现 ¥5 😀😀', group: '售后', code: 'hp', tags: [], variants: [], pinned: false }, who);
    await createReply(db, { title: '包邮', body: '满\u00A0¥99 包邮', group: '售前', code: '', tags: [], variants: [], pinned: false }, who);
    await createReply(db, { title: '韩国', body: '한국 直邮', group: '海外🌏', code: '', tags: [], variants: [], pinned: false }, who);
    const replies = await listReplies(db);

    const gbk = exportRepliesQianniu(replies, 'zh', NOW);
    // In file order (listReplies sorts by group). The emoji in the title is not in the file, so it is not named.
    expect(gbk.lost.map(({ title, code, chars }) => ({ title, code, chars }))).toEqual([
      { title: '韩国', code: '', chars: ['한', '국', '🌏'] },
      { title: '好评返现 😀', code: 'hp', chars: ['😀'] },
    ]);
    // ¥ and the no-break space are in GBK under another form: written so, said, and not lost.
    expect(gbk.swapped).toEqual([['¥', '￥'], ['\u00A0', ' ']]);
    expect(gbk.lost.map((l) => l.id)).toEqual([replies.find((r) => r.title === '韩国')!.id, replies.find((r) => r.code === 'hp')!.id]);
    const read = await readReplies(asFile(gbk.file.name, gbk.file.data), 'qianniu');
    const bodies = read.replies.map((r) => [r.body, r.group]);
    expect(bodies).toContainEqual([`亲，好评返现 ￥5 ${GBK_MARKER}${GBK_MARKER}`, '售后']);
    expect(bodies).toContainEqual(['满 ￥99 包邮', '售前']);
    expect(bodies).toContainEqual([`${GBK_MARKER}${GBK_MARKER} 直邮`, `海外${GBK_MARKER}`]);
    expect(new TextDecoder('gb18030').decode(gbk.file.data as Uint8Array)).not.toContain('?');

    const utf8 = exportRepliesQianniu(replies, 'zh', NOW, 'utf-8');
    expect(utf8.lost).toEqual([]);
    expect(utf8.swapped).toEqual([]);
    expect(utf8.file.mime).toBe('text/csv;charset=utf-8');
    expect((utf8.file.data as string).startsWith(BOM)).toBe(true);
    const back = await readReplies(asFile(utf8.file.name, utf8.file.data), 'qianniu');
    expect(back.encoding).toBe('utf-8');
    expect(back.replies.map((r) => [r.code, r.body, r.group])).toEqual(replies.map((r) => [r.code, r.body, r.group]));
  });

  it('JSON is versioned and lossless for the content', async () => {
    const replies = await seed();
    const file = exportRepliesJson(replies, 'zh', NOW);
    const parsed = JSON.parse(file.data as string) as { format: string; version: number; exportedAt: string; replies: unknown[] };
    expect([parsed.format, parsed.version, parsed.exportedAt]).toEqual(['kefu-replies', 1, new Date(NOW).toISOString()]);
    const read = await readReplies(asFile(file.name, file.data), 'json');
    expect(read.replies.map((r) => ({ ...content(r), pinned: r.pinned }))).toEqual(replies.map((r) => ({ ...content(r), pinned: r.pinned })));
  });

  it('Excel has a sheet of replies that imports back unchanged', async () => {
    const replies = await seed();
    const file = await exportRepliesXlsx(replies, 'zh', NOW, '主管');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.data as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['话术']);
    const read = await readReplies(asFile(file.name, file.data), 'xlsx');
    const { valid } = await validateReplies(read.replies);
    expect(valid.map((c) => content(c.draft))).toEqual(replies.map(content));
  });
});
