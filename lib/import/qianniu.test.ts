import { describe, expect, it } from 'vitest';
import { escapeQianniu, isQianniuHeader, unescapeQianniu } from './qianniu';
import { titleFromBody } from './rows';
import { detectFormat, readReplies } from './source';
import { fixture } from './testing';
import { validateReplies } from './validate';

describe('千牛 quick phrases', () => {
  it('reads the GBK export: escapes, groups, derived titles, row numbers', async () => {
    const file = fixture('qianniu-gbk.csv');
    expect(detectFormat(file)).toBe('qianniu');
    const read = await readReplies(file, 'qianniu');
    expect(read.encoding).toBe('gb18030');
    expect(read.replies.map((r) => [r.row, r.code, r.group])).toEqual([
      [2, 'qnhy', '售前'],
      [3, 'qnfh', '物流'],
      [4, 'qncf', '催付'],
      [5, 'qnkb', '售后'],
      [6, 'qnth', '售后'],
      [7, 'qnbz', ''],
      [8, 'qn kd', '物流'],
      [9, 'qnjr', '节日'],
    ]);
    const fh = read.replies[1]!;
    expect(fh.body).toBe('亲,小店默认发中通快递,下单后48小时内发货。\n偏远地区（新疆、西藏）请联系客服补邮费哦~');
    expect(fh.title).toBe('亲,小店默认发中通快递,下单后48小时内发货。');
    expect(read.replies[5]!.body).toContain('7天无理由退换&运费险,收到');
    expect(read.replies[4]!.body.split('\n')).toHaveLength(4);
    expect(read.replies[4]!.title).toBe('亲,收到您的退货申请啦：');
  });

  it('rejects the rows that break the reply rules, with their row numbers', async () => {
    const read = await readReplies(fixture('qianniu-gbk.csv'), 'qianniu');
    const { valid, errors } = await validateReplies(read.replies);
    expect(valid).toHaveLength(6);
    expect(errors).toEqual([
      { row: 5, field: 'title', reason: 'error.title-required' },
      { row: 5, field: 'body', reason: 'error.body-required' },
      { row: 8, field: 'code', reason: 'error.code-has-space' },
    ]);
  });

  it('reads the UTF-8 export with the older 快捷编码 header and &#13;&#10; as one break', async () => {
    const file = fixture('qianniu-utf8.csv');
    expect(detectFormat(file)).toBe('qianniu');
    const read = await readReplies(file, 'qianniu');
    expect(read.encoding).toBe('utf-8');
    expect(read.replies.map((r) => r.code)).toEqual(['1', '2', '3']);
    expect(read.replies[0]!.group).toBe('');
    expect(read.replies[2]!.body).toBe('亲,已为您备注优先发货\n请留意物流短信。');
  });

  it('reports every problem of a malformed file by row and keeps the good rows', async () => {
    const read = await readReplies(fixture('qianniu-malformed.csv'), 'qianniu');
    const { valid, errors } = await validateReplies(read.replies);
    const byRow = new Map<number, string[]>();
    for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e.reason]);
    expect(Object.fromEntries(byRow)).toEqual({
      3: ['error.code-has-space'],
      4: ['error.code-too-long'],
      5: ['error.body-too-long'],
      7: ['error.title-required', 'error.body-required'],
      8: ['import.reason.group-too-long'],
    });
    // Row 6 repeats row 2's code: not an error but a duplicate (plan.ts).
    expect(valid.map((c) => c.row)).toEqual([2, 6, 9]);
    // The unclosed quote of row 9 swallows row 10: the agent sees it in the preview.
    expect(valid[2]!.draft.body).toContain('这一行被上一行吞掉');
  });

  it('unescapes entities and escapes back to what Qianniu writes', () => {
    expect(unescapeQianniu('a&#44;b&#13;c&#10;d&#13;&#10;e &lt;&gt;&quot;&amp;&nbsp;&#x4e2d;&unknown;')).toBe('a,b\nc\nd\ne <>"& 中&unknown;');
    expect(escapeQianniu('亲，您好,\n第二行\r\n第三行')).toBe('亲，您好&#44;&#13;第二行&#13;第三行');
    expect(unescapeQianniu(escapeQianniu('亲,1\n2'))).toBe('亲,1\n2');
    expect(isQianniuHeader(['快捷编码', '快捷短语', '快捷短语分组'])).toBe(true);
    expect(isQianniuHeader(['标题', '快捷短语', '快捷短语分组'])).toBe(false);
  });

  it('derives a title from the first line, whole sentences first, else cut with an ellipsis', () => {
    expect(titleFromBody('\n  您好！\n第二行')).toBe('您好！');
    expect(titleFromBody('亲，这是一句很长很长的话，里面没有句号所以只能在三十个字的地方截断然后加上省略号')).toBe(
      '亲，这是一句很长很长的话，里面没有句号所以只能在三十个字的…',
    );
    expect(titleFromBody('亲，欢迎光临。我们的商品都是正品，支持七天无理由退换，请放心购买哦亲亲亲')).toBe('亲，欢迎光临。');
  });
});
