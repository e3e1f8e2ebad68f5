import { describe, expect, it } from 'vitest';
import { guessMapping, mappedReplies } from './mapping';
import { ImportFileError } from './rows';
import { detectFormat, readReplies, type SourceFile } from './source';
import { csvTable } from './table';
import { fixture } from './testing';
import { validateReplies } from './validate';

const textFile = (name: string, text: string): SourceFile => ({ name, bytes: new TextEncoder().encode(text) });

async function fileError(p: Promise<unknown>): Promise<ImportFileError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportFileError);
  return err as ImportFileError;
}

describe('generic CSV and Excel', () => {
  it('guesses the columns from Chinese and English header names', () => {
    expect(guessMapping(['标题', '回复内容', '分类', '快捷键', '关键词', '其他说法'])).toEqual({ title: 0, body: 1, group: 2, code: 3, tags: 4, variants: 5 });
    expect(guessMapping(['Code', 'Title', 'Text', 'Category', 'Tags'])).toEqual({ title: 1, body: 2, group: 3, code: 0, tags: 4, variants: null });
    expect(guessMapping(['序号', '话术内容（必填）'])).toMatchObject({ body: 1, title: null });
    expect(guessMapping(['随便什么'])).toMatchObject({ body: 0 });
    expect(guessMapping(['a', 'b']).body).toBeNull();
  });

  it('reads the Excel fixture: mapped columns, rich text, numbers, tags and variants', async () => {
    const file = fixture('replies.xlsx');
    expect(detectFormat(file)).toBe('xlsx');
    const read = await readReplies(file, 'xlsx');
    expect(read.encoding).toBeNull();
    expect(read.table!.header).toEqual(['标题', '回复内容', '分类', '快捷键', '关键词', '其他说法']);
    expect(read.replies.map((r) => [r.row, r.title, r.group, r.code])).toEqual([
      [2, '尺码推荐', '售前', '/cm'],
      [3, '发票', '售后', '/fp'],
      [4, '亲，活动价只到今晚24点，喜欢的话抓紧下单哦！', '催付', '1001'],
      [5, '缺内容', '售前', '/qnr'],
      [6, '富文本', '', ''],
    ]);
    expect(read.replies[0]!.tags).toEqual(['尺码', '推荐']);
    expect(read.replies[0]!.variants).toEqual(['亲，按您的身高体重推荐M码。', '亲，M码最合适您哦。']);
    expect(read.replies[4]!.body).toBe('亲，七天无理由退换，放心购买。');
    const { errors } = await validateReplies(read.replies);
    expect(errors).toEqual([{ row: 5, field: 'body', reason: 'error.body-required' }]);
  });

  it('follows a changed mapping, and reads nothing until some column gives the text', async () => {
    const file = textFile('list.csv', 'a,b,c\n退款,亲，退款已处理。,/tk\n');
    const guessed = await readReplies(file, 'csv');
    expect(guessed.mapping!.body).toBeNull();
    expect(guessed.replies).toEqual([]);
    const read = await readReplies(file, 'csv', { title: 0, body: 1, group: null, code: 2, tags: null, variants: null });
    expect(read.replies).toMatchObject([{ row: 2, title: '退款', body: '亲，退款已处理。', code: '/tk' }]);
  });

  it('takes back the quote our CSV export puts before formula-like cells', () => {
    const table = csvTable('标题,内容\n"\'=公式","\'-5元优惠券"\n');
    expect(mappedReplies(table, guessMapping(table.header))).toMatchObject([{ title: '=公式', body: '-5元优惠券' }]);
  });

  it('refuses an empty file, a non-xlsx chosen as Excel, and a broken xlsx', async () => {
    expect((await fileError(readReplies(textFile('a.csv', ''), 'csv'))).key).toBe('import.file.empty');
    expect((await fileError(readReplies(textFile('a.csv', '\n\n'), 'csv'))).key).toBe('import.file.empty');
    expect((await fileError(readReplies(textFile('a.xlsx', 'not a zip'), 'xlsx'))).key).toBe('import.file.badXlsx');
    const broken = { name: 'b.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) };
    expect((await fileError(readReplies(broken, 'xlsx'))).key).toBe('import.file.badXlsx');
  });
});

describe('our JSON', () => {
  it('reads version 1; a reply with a field of the wrong type is rejected by position', async () => {
    const file = fixture('replies-v1.json');
    expect(detectFormat(file)).toBe('json');
    const read = await readReplies(file, 'json');
    expect(read.replies.map((r) => r.row)).toEqual([1, 2, 4]);
    expect(read.replies[0]).toMatchObject({ title: '退款说明', code: '/tkzq', tags: ['退款', '时效'], pinned: true, variants: ['亲，退款 1-3 个工作日原路退回哦。'] });
    expect(read.replies[1]).toMatchObject({ group: '节日', code: '', tags: [], variants: [], pinned: false });
    expect(read.errors).toEqual([{ row: 3, field: 'tags', reason: 'import.reason.wrongType' }]);
    const { errors } = await validateReplies(read.replies);
    expect(errors).toEqual([{ row: 4, field: 'title', reason: 'error.title-required' }]);
  });

  it('says clearly when a file is newer, not ours, or not JSON', async () => {
    const newer = await fileError(readReplies(textFile('x.json', JSON.stringify({ format: 'kefu-replies', version: 2, exportedAt: '', replies: [] })), 'json'));
    expect(newer.key).toBe('import.file.newerVersion');
    expect(newer.params).toEqual({ version: 2, supported: 1 });
    expect((await fileError(readReplies(textFile('x.json', '{"replies":[]}'), 'json'))).key).toBe('import.file.notOurs');
    expect((await fileError(readReplies(textFile('x.json', '{"format":'), 'json'))).key).toBe('import.file.badJson');
    const badEnvelope = JSON.stringify({ format: 'kefu-replies', version: 1, replies: {} });
    expect((await fileError(readReplies(textFile('x.json', badEnvelope), 'json'))).key).toBe('import.file.badJson');
  });

  it('detects a UTF-8 千牛 file larger than the sample it looks at', () => {
    const row = '1,亲&#44;您好&#44;欢迎光临小店！,售前\n';
    const file = textFile('big.csv', `快捷短语编码,快捷短语,快捷短语分组\n${row.repeat(300)}`);
    expect(file.bytes.length).toBeGreaterThan(8000);
    expect(detectFormat(file)).toBe('qianniu');
  });

  it('detects the kind of a file by content as well as by name', () => {
    expect(detectFormat(textFile('export.txt', '  {"format":"kefu-replies"}'))).toBe('json');
    expect(detectFormat(textFile('phrases.csv', '"快捷短语编码","快捷短语","快捷短语分组"\n'))).toBe('qianniu');
    expect(detectFormat(textFile('phrases.csv', '标题,内容\n'))).toBe('csv');
  });
});
