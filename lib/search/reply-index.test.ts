import { describe, expect, it } from 'vitest';
import { ReplyIndex, type SearchableReply } from './index';

let nextKey = 0;
function reply(id: string, fields: Partial<SearchableReply> = {}): SearchableReply {
  return { id, title: '', body: '', code: '', tags: [], group: '', pinned: false, usageCount: 0, sortKey: nextKey++, ...fields };
}

const LIBRARY: SearchableReply[] = [
  reply('refund-flow', { title: '退款流程', body: '亲，申请退款后我们会在24小时内处理。', code: '/tk', group: '售后', tags: ['退款'] }),
  reply('return-goods', { title: '退货说明', body: '请在订单页面申请售后，填写退货单号。', group: '售后' }),
  reply('reship', { title: '补发通知', body: '我们已经为您重新发货，请注意查收。', group: '售后' }),
  reply('logistics', { title: '物流延迟安抚', body: '非常抱歉，快递有所延迟。', code: '/wl1', group: '物流', tags: ['物流'] }),
  reply('thanks', { title: 'Thank you kindly', body: 'Thanks for your order!', group: '售前' }),
  reply('ship-en', { title: 'Shipping delay apology', body: 'Your parcel with DHL is delayed.', code: '/ship', group: '物流' }),
  reply('bank', { title: '银行转账说明', body: '请通过银行转账付款。', group: '催付' }),
  reply('fullwidth', { title: 'ＶＩＰ客户专享', body: '活动价１２３元', group: '售前' }),
];

const ids = (index: ReplyIndex, query: string): string[] => index.search(query).map((h) => h.id);
const sorted = (values: string[]): string[] => [...values].sort();

describe('ReplyIndex matching', () => {
  const index = new ReplyIndex(LIBRARY);

  it.each([
    // Chinese substrings in body and title
    ['退款', ['refund-flow']],
    ['申请退款后', ['refund-flow']],
    ['重新发货', ['reship']],
    ['延迟', ['logistics']],
    // full pinyin, partial full pinyin, initials
    ['tuikuan', ['refund-flow']],
    ['tuik', ['refund-flow']],
    ['tk', ['refund-flow']],
    ['tkl', ['refund-flow']],
    ['tklc', ['refund-flow']],
    ['chongxin', ['reship']],
    ['yinhang', ['bank']],
    // mixed Chinese and pinyin in one term
    ['退kuan', ['refund-flow']],
    // Latin, case-folded
    ['THANK', ['thanks']],
    ['dhl', ['ship-en']],
    // full-width query and full-width text both fold
    ['ｔｈａｎｋ', ['thanks']],
    ['vip', ['fullwidth']],
    ['123', ['fullwidth']],
    ['  thank  ', ['thanks']],
    // multi-term AND across fields
    ['退款 小时', ['refund-flow']],
    ['退 kuan', ['refund-flow']],
    ['parcel delayed', ['ship-en']],
    // codes, with or without the slash
    ['/wl1', ['logistics']],
    ['wl1', ['logistics']],
    // group
    ['催付', ['bank']],
  ])('%s → %j', (query, expected) => {
    expect(sorted(ids(index, query))).toEqual(sorted(expected));
  });

  it.each([
    // 't' and 'k' exist only in different words: initials must be adjacent characters
    ['tk', 'thanks'],
    // full pinyin must start at a syllable: 'uik' sits inside tui|kuan
    ['uik', 'refund-flow'],
    ['uikuan', 'refund-flow'],
    // one reading line must not join the next: 流程 then nothing
    ['chengtui', 'refund-flow'],
  ])('%s does not find %s', (query, id) => {
    expect(ids(index, query)).not.toContain(id);
  });

  it.each([['zzzz'], ['退款 zzzz'], ['物流 thank'], ['不存在的话术']])('%s finds nothing', (query) => {
    expect(index.search(query)).toEqual([]);
  });

  it('accepts the other reading of a polyphone in titles', () => {
    const poly = new ReplyIndex([reply('again', { title: '重新下单' })]);
    expect(ids(poly, 'chongxin')).toEqual(['again']);
    expect(ids(poly, 'zhongxin')).toEqual(['again']);
  });

  it('reports where and how the best term matched', () => {
    expect(index.search('tk')[0]).toMatchObject({ id: 'refund-flow', field: 'code', via: 'text' });
    expect(index.search('tuikuan')[0]).toMatchObject({ id: 'refund-flow', field: 'title', via: 'pinyin' });
    expect(index.search('tklc')[0]).toMatchObject({ id: 'refund-flow', field: 'title', via: 'initials' });
    expect(index.search('小时')[0]).toMatchObject({ id: 'refund-flow', field: 'body', via: 'text' });
  });

  it('respects the limit', () => {
    expect(index.search('', { limit: 3 })).toHaveLength(3);
    expect(index.search('售后', { limit: 2 })).toHaveLength(2);
  });
});

describe('ReplyIndex ranking', () => {
  it('ranks code exact > code prefix > title prefix > title substring > tags > title pinyin > body > body pinyin', () => {
    const index = new ReplyIndex([
      reply('body-pinyin', { body: '请退款' }),
      reply('body-text', { body: 'tk means nothing here' }),
      reply('title-pinyin', { title: '退款说明' }),
      reply('tag', { tags: ['tk-team'] }),
      reply('title-sub', { title: 'about tk' }),
      reply('title-prefix', { title: 'tk rules' }),
      reply('code-prefix', { code: '/tk12' }),
      reply('code-exact', { code: '/tk' }),
    ]);
    expect(ids(index, 'tk')).toEqual([
      'code-exact',
      'code-prefix',
      'title-prefix',
      'title-sub',
      'tag',
      'title-pinyin',
      'body-text',
      'body-pinyin',
    ]);
  });

  it('breaks ties by pinned, then usage, then recency, then sortKey', () => {
    const index = new ReplyIndex([
      reply('plain-late', { title: '退款 a', sortKey: 9 }),
      reply('plain-early', { title: '退款 b', sortKey: 1 }),
      reply('recent', { title: '退款 c', usageCount: 3, lastUsedAt: 2_000 }),
      reply('older', { title: '退款 d', usageCount: 3, lastUsedAt: 1_000 }),
      reply('used', { title: '退款 e', usageCount: 10 }),
      reply('pinned', { title: '退款 f', pinned: true }),
      reply('body-only-pinned', { body: '退款', pinned: true, usageCount: 99 }),
    ]);
    const expected = ['pinned', 'used', 'recent', 'older', 'plain-early', 'plain-late', 'body-only-pinned'];
    expect(ids(index, '退款')).toEqual(expected);
    // The empty query lists everything by the same tie-breakers alone.
    expect(ids(index, '')).toEqual(['body-only-pinned', 'pinned', 'used', 'recent', 'older', 'plain-early', 'plain-late']);
  });

  it('a limited single-term search returns the same top hits as the full one', () => {
    const many = Array.from({ length: 600 }, (_, i) =>
      reply(`r${i}`, { title: i % 3 === 0 ? `退款 ${i}` : `其他 ${i}`, body: i % 2 === 0 ? '申请退款' : '您好', usageCount: i % 7 }),
    );
    const index = new ReplyIndex(many);
    expect(index.search('退款', { limit: 20 })).toEqual(index.search('退款').slice(0, 20));
    expect(index.search('tk', { limit: 20 })).toEqual(index.search('tk').slice(0, 20));
  });
});

describe('ReplyIndex updates', () => {
  it('upsert replaces the searchable text and the rank of a reply', () => {
    const index = new ReplyIndex([reply('a', { title: '退款流程' }), reply('b', { title: '退款说明' })]);
    expect(ids(index, '退款')).toEqual(['a', 'b']);
    index.upsert(reply('a', { title: '发货通知', usageCount: 5 }));
    expect(ids(index, '退款')).toEqual(['b']);
    expect(ids(index, 'fh')).toEqual(['a']);
    index.upsert(reply('b', { title: '退款说明', usageCount: 1 }));
    index.upsert(reply('c', { title: '退款到账', usageCount: 7 }));
    expect(ids(index, '退款')).toEqual(['c', 'b']);
    expect(ids(index, '')).toEqual(['c', 'a', 'b']);
    expect(index.size).toBe(3);
  });

  it('remove drops a reply, its code, and frees its slot for the next one', () => {
    const index = new ReplyIndex([reply('a', { title: '退款流程', code: '/tk' }), reply('b', { title: '物流' })]);
    index.remove('a');
    expect(index.search('tk')).toEqual([]);
    expect(index.search('/tk')).toEqual([]);
    expect(ids(index, '')).toEqual(['b']);
    index.remove('missing');
    index.upsert(reply('c', { title: '重新发货', code: '/cf' }));
    expect(ids(index, 'cf')).toEqual(['c']);
    expect(ids(index, 'wl')).toEqual(['b']);
  });

  it('keeps other replies of the same block searchable after a block is rebuilt', () => {
    const many = Array.from({ length: 300 }, (_, i) => reply(`r${i}`, { title: i === 5 ? '退款流程' : `标题${i}号` }));
    const index = new ReplyIndex(many);
    expect(ids(index, 'tuikuan')).toEqual(['r5']);
    index.upsert(reply('r6', { title: '换货流程' }));
    expect(ids(index, 'tuikuan')).toEqual(['r5']);
    expect(ids(index, 'hhlc')).toEqual(['r6']);
    expect(ids(index, '标题7号')).toEqual(['r7']);
  });
});

describe('ReplyIndex multi-term queries', () => {
  const index = new ReplyIndex(LIBRARY);

  it('finds the same replies whichever term is the selective one', () => {
    // 售后 matches three replies by group, 重新发货 one body: either order must give the one.
    expect(ids(index, '售后 重新发货')).toEqual(['reship']);
    expect(ids(index, '重新发货 售后')).toEqual(['reship']);
    expect(ids(index, 't 退款流程')).toEqual(['refund-flow']);
    expect(ids(index, '物流 zzzz')).toEqual([]);
  });

  it('scores the sum of every term and reports the strongest match', () => {
    const [hit] = index.search('售后 重新发货');
    // group text (550) + body text (300); the group is the stronger match.
    expect(hit).toMatchObject({ id: 'reship', score: 850, field: 'group', via: 'text' });
    expect(index.search('重新发货 售后')).toEqual(index.search('售后 重新发货'));
  });

  it('a limited multi-term search returns the same top hits as the full one', () => {
    const many = Array.from({ length: 900 }, (_, i) =>
      reply(`r${i}`, {
        title: i % 3 === 0 ? `退款说明 ${i}` : i % 3 === 1 ? `物流 ${i}` : `其他 ${i}`,
        body: i % 2 === 0 ? '申请退款后我们会处理' : '快递延迟，非常抱歉',
        tags: i % 5 === 0 ? ['退款'] : [],
        code: i % 50 === 0 ? `/tk${i}` : '',
        usageCount: i % 7,
        pinned: i % 97 === 0,
      }),
    );
    const big = new ReplyIndex(many);
    for (const query of ['退款 处理', '处理 退款', 'tk 退款', '其他 抱歉', 'wl 延迟', '退 款 申', 'tk1 tuikuan']) {
      for (const limit of [1, 5, 20, 100]) {
        expect(big.search(query, { limit }), `${query} / ${limit}`).toEqual(big.search(query).slice(0, limit));
      }
    }
  });
});

describe('ReplyIndex body pinyin', () => {
  it('reads each clause in its own context, as pinyin-pro reads a long body worse than its parts', () => {
    // Given this whole body, pinyin-pro 3.29 reads 银行 as yinxing.
    const body =
      '退款一般1到3个工作日到账，具体以银行处理时间为准。我们已经为您重新发货，新的快递单号是SF272866796469，请注意查收。' +
      '换货请寄回原商品，我们收到后会第一时间为您重新发出。亲，申请退款后，我们会在24小时内处理，退款会原路退回。';
    const index = new ReplyIndex([reply('long', { title: 'x', body })]);
    expect(ids(index, 'yinhang')).toEqual(['long']);
    expect(ids(index, 'chongxinfahuo')).toEqual(['long']);
  });
});

describe('ReplyIndex updates are searchable at once', () => {
  it('upsert then search returns the updated text, code and rank', () => {
    const index = new ReplyIndex([
      reply('a', { title: '退款流程', code: '/tk', body: '申请退款' }),
      reply('b', { title: '物流查询', code: '/wl' }),
    ]);
    // Searched once first, so codes and haystacks are built and must be updated, not rebuilt.
    expect(ids(index, '/tk')).toEqual(['a']);
    index.upsert(reply('a', { title: '催付提醒', code: '/cf', body: '请尽快付款', usageCount: 3 }));
    expect(ids(index, '/tk')).toEqual([]);
    expect(ids(index, 'tuikuan')).toEqual([]);
    expect(ids(index, '/cf')).toEqual(['a']);
    expect(ids(index, 'cuifu')).toEqual(['a']);
    expect(ids(index, '付款')).toEqual(['a']);
    expect(ids(index, '')).toEqual(['a', 'b']);
    index.upsert(reply('c', { title: '物流延迟', code: '/wl2' }));
    expect(ids(index, 'wl')).toEqual(['b', 'c']);
    index.remove('b');
    expect(ids(index, '/wl')).toEqual(['c']);
  });

  it('keeps syllable starts of the other replies when their block is joined again', () => {
    const many = Array.from({ length: 300 }, (_, i) => reply(`r${i}`, { title: `标题${i}`, body: i === 40 ? '您好，申请退款后会处理' : `正文${i}号` }));
    const index = new ReplyIndex(many);
    index.upsert(reply('r41', { body: '换货说明' }));
    expect(ids(index, 'tuikuan')).toEqual(['r40']);
    expect(ids(index, 'kuanhou')).toEqual(['r40']);
    expect(ids(index, 'uikuan')).toEqual([]);
    expect(ids(index, 'huanhuo')).toEqual(['r41']);
  });
});
