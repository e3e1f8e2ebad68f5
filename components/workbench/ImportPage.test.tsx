import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, type Rendered } from '@/components/sidebar/render-testing';
import type { KefuDatabase } from '@/lib/db/database';
import { createReply, listReplies } from '@/lib/db/replies';
import { freshDb } from '@/lib/db/testing';
import type { ExportFile } from '@/lib/export/case-export';
import { fixture } from '@/lib/import/testing';
import { ImportPage } from './ImportPage';
import { NOW, until } from './testing-seed';

let db: KefuDatabase;
let view: Rendered | undefined;
let downloads: ExportFile[];

beforeEach(() => {
  db = freshDb();
  downloads = [];
});
afterEach(async () => {
  view?.unmount();
  view = undefined;
  await db.delete();
});

const show = (lang: 'zh' | 'en' = 'zh') => {
  view = render(<ImportPage db={db} author="主管" now={NOW} onDownload={(f) => downloads.push(f)} />, lang);
  return view;
};

/** Picks a file in the file input the way the browser reports it: a change event with `files`. */
async function pick(name: string, bytes: Uint8Array) {
  const input = (await until(() => view!.one('import-file'))) as HTMLInputElement;
  const file = new File([bytes as BlobPart], name);
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
const pickFixture = (name: string) => pick(name, fixture(name).bytes);
const select = (el: HTMLElement, value: string) => {
  (el as HTMLSelectElement).value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
};
const previewRows = () => view!.all('import-preview-row');

describe('ImportPage', () => {
  it('previews a GBK 千牛 file with its rejected rows, writes nothing until confirmed, then imports', async () => {
    show();
    await pickFixture('qianniu-gbk.csv');
    await until(() => expect(previewRows()).toHaveLength(6));
    expect(view!.one('import-encoding').dataset.encoding).toBe('gb18030');
    expect(view!.one('import-encoding').textContent).toBe('文字编码：GBK（GB18030）');
    expect((view!.one('import-format') as HTMLSelectElement).value).toBe('qianniu');
    expect(view!.one('import-summary').textContent).toBe('共 8 行：可导入 6 条，有错误 2 行。');
    const errors = view!.all('import-error');
    expect(errors.map((e) => e.dataset.row)).toEqual(['5', '8']);
    expect(errors[0]!.textContent).toContain('第 5 行');
    expect(errors[0]!.textContent).toContain('请填写话术内容。');
    expect(errors[1]!.textContent).toContain('编码不能包含空格。');
    expect(previewRows()[1]!.textContent).toContain('小店默认发中通快递');
    expect(await listReplies(db)).toEqual([]);

    const confirm = view!.one('import-confirm');
    expect(confirm.textContent).toBe('跳过有错误的行，导入 6 条');
    confirm.click();
    await until(() => expect(view!.one('import-result').textContent).toContain('新增 6 条，替换 0 条，跳过 0 条'));
    expect(view!.one('import-result').textContent).toContain('2 行有错误，没有导入。');
    const stored = await listReplies(db);
    expect(stored.map((r) => r.code).sort()).toEqual(['qncf', 'qnfh', 'qnhy', 'qnjr', 'qnth', 'qnbz'].sort());
    expect(stored.every((r) => r.author === '主管' && r.createdAt === NOW)).toBe(true);
    expect(stored.find((r) => r.code === 'qnbz')!.group).toBe('');
    expect(view!.all('import-preview-row')).toHaveLength(0);
  });

  it('cancel leaves the library as it was', async () => {
    show();
    await pickFixture('qianniu-utf8.csv');
    await until(() => expect(previewRows()).toHaveLength(3));
    expect(view!.one('import-confirm').textContent).toBe('导入 3 条');
    view!.one('import-cancel').click();
    await until(() => expect(view!.all('import-cancelled')).toHaveLength(1));
    expect(previewRows()).toHaveLength(0);
    expect(await listReplies(db)).toEqual([]);
  });

  it('shows duplicates and follows the choice: skip, replace, keep both', async () => {
    const existing = await createReply(db, { title: '问候', body: '旧的问候', group: '', code: '1', tags: [], variants: [], pinned: false }, { author: '小王', now: NOW - 1000 });
    show();
    await pickFixture('qianniu-utf8.csv');
    await until(() => expect(view!.all('import-duplicates')).toHaveLength(1));
    expect(view!.one('import-duplicates').textContent).toContain('1 条与话术库');
    const status = () => previewRows().map((r) => [r.dataset.action, view!.one('import-row-status', r).textContent]);
    expect(status()[0]).toEqual(['skip', '跳过 · 与“问候”的编码相同']);
    const choices = view!.all('import-dup-choice');
    choices.find((c) => (c as HTMLInputElement).value === 'keep')!.click();
    await until(() => expect(status()[0]).toEqual(['add', '新增 · 与“问候”的编码相同 · 编码 1 已被占用，导入后不带编码']));
    choices.find((c) => (c as HTMLInputElement).value === 'replace')!.click();
    await until(() => expect(status()[0]).toEqual(['replace', '替换“问候”']));
    view!.one('import-confirm').click();
    await until(() => expect(view!.one('import-result').textContent).toContain('新增 2 条，替换 1 条'));
    const stored = await listReplies(db);
    expect(stored).toHaveLength(3);
    expect(stored.find((r) => r.id === existing.id)!.body).toBe('您好,在的,请问有什么可以帮您？');
  });

  it('asks for the text column of a generic CSV it cannot map, then previews with the chosen mapping', async () => {
    show('en');
    await pick('list.csv', new TextEncoder().encode('a,b\n退款,亲，退款已经原路退回。\n'));
    await until(() => expect(view!.all('import-mapping-error')).toHaveLength(1));
    expect(view!.one('import-mapping-error').textContent).toBe('Choose the column that holds the reply text.');
    expect(previewRows()).toHaveLength(0);
    select(view!.one('import-map-body'), '1');
    await until(() => expect(previewRows()).toHaveLength(1));
    select(view!.one('import-map-title'), '0');
    await until(() => expect(previewRows()[0]!.textContent).toContain('退款亲，退款已经原路退回。'));
    expect(view!.all('import-mapping-error')).toHaveLength(0);
  });

  it('says what is wrong with a file it cannot import at all', async () => {
    show();
    await pick('new.json', new TextEncoder().encode(JSON.stringify({ format: 'kefu-replies', version: 3, exportedAt: '', replies: [] })));
    await until(() => expect(view!.one('import-problem').textContent).toBe('这个文件是第 3 版格式，当前扩展只能读取第 1 版。请先更新扩展再导入。'));
    expect(view!.all('import-confirm')).toHaveLength(0);
    // Read as CSV instead (the override), it is a one-column table of text.
    select(view!.one('import-format'), 'csv');
    await until(() => expect(previewRows()).toHaveLength(0));
    await until(() => expect(view!.all('import-problem')).toHaveLength(0));
  });

  it('exports the library in the four formats', async () => {
    await createReply(db, { title: '退款', body: '亲，退款已处理。', group: '售后', code: '/tk', tags: [], variants: [], pinned: false }, { author: '小王' });
    show();
    await until(() => expect(view!.one('export-replies-json').hasAttribute('disabled')).toBe(false));
    for (const [i, kind] of ['csv', 'qianniu', 'json', 'xlsx'].entries()) {
      await until(() => expect(view!.one(`export-replies-${kind}`).hasAttribute('disabled')).toBe(false));
      view!.one(`export-replies-${kind}`).click();
      await until(() => expect(downloads).toHaveLength(i + 1));
    }
    expect(downloads.map((f) => f.name)).toEqual([
      '话术-2026-11-30-1000.csv',
      '千牛快捷短语-2026-11-30-1000.csv',
      '话术-2026-11-30-1000.json',
      '话术-2026-11-30-1000.xlsx',
    ]);
    // Nothing GBK lacks: the 千牛 file is GBK at once, with no question asked.
    expect(downloads[1]!.mime).toBe('text/csv;charset=gbk');
    expect(new TextDecoder('gb18030').decode(downloads[1]!.data as Uint8Array)).toContain('/tk,亲，退款已处理。,售后');
    expect(view!.all('export-gbk-loss')).toHaveLength(0);
  }, 20_000);

  it('asks before a 千牛 export loses characters GBK lacks: GBK with □, UTF-8, or cancel', async () => {
    const who = { author: '小王', now: NOW };
    await createReply(db, { title: '退款', body: '亲，退款已处理。', group: '售后', code: '/tk', tags: [], variants: [], pinned: false }, who);
    for (let i = 1; i <= 6; i++) {
      await createReply(db, { title: `好评${i}`, body: `亲，好评返现 ${i} 元😀`, group: '售后', code: i === 1 ? 'hp' : '', tags: [], variants: [], pinned: false }, who);
    }
    // In a group listed before 售后 (未分组 comes last), so it is among the five named.
    await createReply(db, { title: '空格', body: '亲\u00A0您好 ™', group: '催付', code: '', tags: [], variants: [], pinned: false }, who);
    show();
    const qianniu = async () => {
      await until(() => expect(view!.one('export-replies-qianniu').hasAttribute('disabled')).toBe(false));
      view!.one('export-replies-qianniu').click();
      return until(() => view!.one('export-gbk-loss'));
    };

    const notice = await qianniu();
    expect(downloads).toHaveLength(0);
    expect(notice.firstElementChild!.textContent).toBe('7 条话术含有千牛显示不了的字符：千牛的文件用 GBK 编码，GBK 里没有表情符号，也没有部分符号和生僻字。');
    const items = view!.all('export-gbk-lost').map((li) => li.textContent);
    expect(items).toHaveLength(5);
    // The no-break space has GBK's form (a space): not named; ™ has none.
    expect(items).toContain('“空格”：™');
    expect(items).toContain('“好评1”（编码 hp）：😀');
    expect(view!.one('export-gbk-more').textContent).toBe('还有 2 条没有列出。');
    // Said before the choice too: the no-break space is written as a space in GBK.
    expect(view!.one('export-gbk-swaps').textContent).toBe('导出 GBK 时，这些字符按 GBK 里的写法写入（同一个字符）：U+00A0 → U+0020');
    expect(view!.one('export-gbk-marked').textContent).toBe('仍导出 GBK，这些字符换成 □');
    expect(view!.one('export-gbk-utf8').textContent).toBe('导出 UTF-8（保留全部字符，但千牛可能显示乱码）');

    view!.one('export-gbk-cancel').click();
    await until(() => expect(view!.all('export-gbk-loss')).toHaveLength(0));
    expect(downloads).toHaveLength(0);

    await qianniu();
    view!.one('export-gbk-marked').click();
    await until(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.mime).toBe('text/csv;charset=gbk');
    const gbk = new TextDecoder('gb18030').decode(downloads[0]!.data as Uint8Array);
    expect(gbk).toContain('hp,亲，好评返现 1 元□,售后');
    expect(gbk).toContain(',亲 您好 □,催付');
    expect(view!.all('export-gbk-loss')).toHaveLength(0);
    expect(view!.one('export-gbk-swapped').textContent).toBe('千牛的文件用 GBK 编码，这些字符按 GBK 里的写法导出（同一个字符）：U+00A0 → U+0020');

    await qianniu();
    view!.one('export-gbk-utf8').click();
    await until(() => expect(downloads).toHaveLength(2));
    expect(downloads[1]!.mime).toBe('text/csv;charset=utf-8');
    expect(downloads[1]!.data).toContain('\uFEFF快捷短语编码');
    expect(downloads[1]!.data).toContain('hp,亲，好评返现 1 元😀,售后');
    expect(downloads[1]!.data).toContain(',亲\u00A0您好 ™,催付');
    expect(view!.all('export-gbk-loss')).toHaveLength(0);
    expect(view!.all('export-gbk-swapped')).toHaveLength(0);
  }, 20_000);

  it('says it in English too', async () => {
    await createReply(db, { title: '好评', body: '好评返现 ¥5 😀', group: '', code: 'hp', tags: [], variants: [], pinned: false }, { author: '小王', now: NOW });
    show('en');
    await until(() => expect(view!.one('export-replies-qianniu').hasAttribute('disabled')).toBe(false));
    view!.one('export-replies-qianniu').click();
    const notice = await until(() => view!.one('export-gbk-loss'));
    expect(notice.firstElementChild!.textContent).toBe(
      'Replies with characters Qianniu cannot show: 1. Its files are GBK-encoded, which has no emoji and lacks some symbols and rare characters.',
    );
    expect(view!.all('export-gbk-lost').map((li) => li.textContent)).toEqual(['“好评” (code hp): 😀']);
    expect(view!.all('export-gbk-more')).toHaveLength(0);
    expect(view!.one('export-gbk-swaps').textContent).toBe('As GBK, these characters are written in the form GBK has (the same character): ¥ → ￥');
    expect(view!.one('export-gbk-marked').textContent).toBe('Export as GBK anyway, with these characters as □');
    expect(view!.one('export-gbk-utf8').textContent).toBe('Export as UTF-8 (keeps every character, but Qianniu may show garbled text)');
    view!.one('export-gbk-marked').click();
    await until(() => expect(downloads).toHaveLength(1));
    expect(view!.one('export-gbk-swapped').textContent).toBe(
      'Qianniu files are GBK-encoded, so these characters were written in the form GBK has (the same character): ¥ → ￥',
    );
  });

  it('writes ¥ as ￥ without asking when nothing else is missing from GBK, and says so', async () => {
    await createReply(db, { title: '包邮', body: '满 ¥99 包邮', group: '售前', code: 'by', tags: [], variants: [], pinned: false }, { author: '小王', now: NOW });
    show();
    await until(() => expect(view!.one('export-replies-qianniu').hasAttribute('disabled')).toBe(false));
    view!.one('export-replies-qianniu').click();
    await until(() => expect(downloads).toHaveLength(1));
    expect(view!.all('export-gbk-loss')).toHaveLength(0);
    expect(new TextDecoder('gb18030').decode(downloads[0]!.data as Uint8Array)).toContain('by,满 ￥99 包邮,售前');
    expect(view!.one('export-gbk-swapped').textContent).toBe('千牛的文件用 GBK 编码，这些字符按 GBK 里的写法导出（同一个字符）：¥ → ￥');
    // Another export starts without the last one's line.
    view!.one('export-replies-csv').click();
    await until(() => expect(downloads).toHaveLength(2));
    expect(view!.all('export-gbk-swapped')).toHaveLength(0);
  });
});
