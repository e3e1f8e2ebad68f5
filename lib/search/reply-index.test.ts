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

  it('lists replies that tie on use group by group, in the library’s group order, then each group’s order', () => {
    // Each group numbers its own sortKeys, so by sortKey alone the groups interleave.
    const index = new ReplyIndex([
      reply('after-1', { title: '退款 a', group: '售后', sortKey: 1 }),
      reply('welcome-2', { title: '退款 b', group: '欢迎', sortKey: 2 }),
      reply('after-2', { title: '退款 c', group: '售后', sortKey: 2 }),
      reply('welcome-1', { title: '退款 d', group: '欢迎', sortKey: 1 }),
      reply('loose', { title: '退款 e', group: '', sortKey: 0 }),
      reply('used', { title: '退款 f', group: '售后', sortKey: 3, usageCount: 2 }),
    ]);
    index.setGroupOrder(['欢迎', '售后', '']);
    expect(ids(index, '')).toEqual(['used', 'welcome-1', 'welcome-2', 'after-1', 'after-2', 'loose']);
    expect(ids(index, '退款')).toEqual(['used', 'welcome-1', 'welcome-2', 'after-1', 'after-2', 'loose']);

    // A reorder re-sorts what is indexed, and later changes merge in by the new order.
    index.setGroupOrder(['售后', '欢迎', '']);
    expect(ids(index, '')).toEqual(['used', 'after-1', 'after-2', 'welcome-1', 'welcome-2', 'loose']);
    index.upsert(reply('welcome-0', { title: '退款 g', group: '欢迎', sortKey: 0.5 }));
    index.upsert(reply('new-group', { title: '退款 h', group: '节日', sortKey: 0 }));
    expect(ids(index, '')).toEqual(['used', 'after-1', 'after-2', 'welcome-0', 'welcome-1', 'welcome-2', 'loose', 'new-group']);
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

describe('ReplyIndex batch updates', () => {
  // Deterministic, with ties broken at every level (pinned, usage, recency,
  // sortKey, id), codes sharing prefixes and replies spread over several blocks.
  const base = (i: number): SearchableReply => ({
    id: `r${String(i).padStart(4, '0')}`,
    title: i % 4 === 0 ? `退款说明 ${i}` : i % 4 === 1 ? `物流查询 ${i}` : `tk rules ${i}`,
    body: i % 3 === 0 ? '申请退款后我们会处理' : '快递延迟，非常抱歉',
    code: i % 5 === 0 ? `/tk${i % 40}` : i % 7 === 0 ? `/wl${i}` : '',
    tags: i % 6 === 0 ? ['退款'] : [],
    group: i % 2 === 0 ? '售后' : '物流',
    pinned: i % 53 === 0,
    usageCount: i % 4,
    lastUsedAt: i % 3 === 0 ? 1_000 + (i % 5) : undefined,
    sortKey: i % 9,
  });
  const QUERIES = ['', 'tk', '/tk1', 'tk1', '退款', '物流 延迟', 'wl', '售后', 'tuikuan', 'kuaidi', 'rules 退款', 'r0'];
  const results = (index: ReplyIndex) => QUERIES.flatMap((q) => [index.search(q), index.search(q, { limit: 7 })]);

  /** A bulk change: some replies re-ranked, re-coded, re-tagged or retitled, some new. */
  const changes = (n: number): SearchableReply[] => [
    ...Array.from({ length: n }, (_, i) => i)
      .filter((i) => i % 3 === 1)
      .map((i) => ({ ...base(i), usageCount: (i * 7) % 5, tags: [...base(i).tags, '加急'], code: i % 2 === 0 ? `/tk${i % 11}` : '', title: i % 10 === 1 ? `换货流程 ${i}` : base(i).title })),
    ...Array.from({ length: 40 }, (_, i) => ({ ...base(n + i), pinned: i % 8 === 0 })),
  ];
  const removals = (n: number): string[] => [...Array.from({ length: n }, (_, i) => i).filter((i) => i % 4 === 2).map((i) => base(i).id), 'missing'];

  for (const searchedFirst of [false, true]) {
    it(`gives what one-at-a-time updates give, ranking and removals included${searchedFirst ? ' (codes and blocks already built)' : ''}`, () => {
      const n = 700;
      const single = new ReplyIndex(Array.from({ length: n }, (_, i) => base(i)));
      const batch = new ReplyIndex(Array.from({ length: n }, (_, i) => base(i)));
      if (searchedFirst) {
        results(single);
        results(batch);
      }
      // And what an index built afresh from the same replies gives.
      const live = new Map(Array.from({ length: n }, (_, i) => [base(i).id, base(i)]));
      const fresh = () => results(new ReplyIndex(live.values()));

      for (const r of changes(n)) single.upsert(r);
      batch.upsertMany(changes(n));
      for (const r of changes(n)) live.set(r.id, r);
      expect(results(batch)).toEqual(results(single));
      expect(results(batch)).toEqual(fresh());

      for (const id of removals(n)) single.remove(id);
      batch.removeMany(removals(n));
      for (const id of removals(n)) live.delete(id);
      expect(batch.size).toBe(single.size);
      expect(results(batch)).toEqual(results(single));
      expect(results(batch)).toEqual(fresh());

      // Freed slots are taken again, by new replies and by removed ones coming back.
      const back = [...removals(n).slice(0, 30).map((id) => ({ ...base(Number(id.slice(1)) || 0), id, usageCount: 9 })), ...Array.from({ length: 10 }, (_, i) => base(2 * n + i))];
      for (const r of back) single.upsert(r);
      batch.upsertMany(back);
      for (const r of back) live.set(r.id, r);
      expect(results(batch)).toEqual(results(single));
      expect(results(batch)).toEqual(fresh());
    });
  }

  it('a batch with one id twice keeps the last version, as two upserts do', () => {
    const index = new ReplyIndex([reply('a', { title: '退款流程', code: '/tk' }), reply('b', { title: '物流查询' })]);
    index.upsertMany([reply('c', { title: '退款到账', code: '/tk2' }), reply('a', { title: '催付提醒', code: '/cf' }), reply('c', { title: '发货通知', code: '/fh', usageCount: 4 })]);
    expect(index.size).toBe(3);
    expect(ids(index, '/tk')).toEqual([]);
    expect(ids(index, '退款')).toEqual([]);
    expect(ids(index, '/fh')).toEqual(['c']);
    expect(ids(index, '/cf')).toEqual(['a']);
    expect(ids(index, '')).toEqual(['c', 'b', 'a']);
  });

  it('removeMany drops the replies and their codes, and ignores ids it does not have', () => {
    const index = new ReplyIndex([reply('a', { title: '退款流程', code: '/tk' }), reply('b', { title: '物流查询', code: '/tk2' }), reply('c', { title: '发货通知' })]);
    expect(ids(index, 'tk')).toEqual(['a', 'b']);
    index.removeMany(['a', 'zzz', 'b']);
    expect(index.size).toBe(1);
    expect(ids(index, 'tk')).toEqual([]);
    expect(ids(index, '')).toEqual(['c']);
    index.removeMany([]);
    expect(ids(index, '')).toEqual(['c']);
  });
});

describe('ReplyIndex keeps the text of fields an update leaves alone', () => {
  const TEXTS = ['退款流程', '物流查询', '重新发货', '换货说明', 'shipping delay', '银行转账'];
  const QUERIES = ['', '退款', 'tk', 'wlcx', 'chongxin', 'shipping', 'yinhang', '加急', '售后', 'jj', '催付 退款', '/a1', 'huanhuo'];
  const results = (index: ReplyIndex) => QUERIES.flatMap((q) => [index.search(q), index.search(q, { limit: 5 })]);
  const make = (i: number): SearchableReply => ({
    id: `r${i}`,
    title: `${TEXTS[i % 6]} ${i}`,
    body: `${TEXTS[(i + 2) % 6]}，${TEXTS[(i + 4) % 6]}`,
    code: i % 4 === 0 ? `/a${i % 30}` : '',
    tags: i % 5 === 0 ? ['加急'] : [],
    group: i % 2 === 0 ? '售后' : '催付',
    pinned: false,
    usageCount: i % 3,
    sortKey: i,
  });

  it('gives what an index built afresh gives, through partial changes searched in between or not', () => {
    const n = 600;
    const live = new Map(Array.from({ length: n }, (_, i) => [`r${i}`, make(i)]));
    const index = new ReplyIndex(live.values());
    // Each round changes one field of some replies (and removes or brings back a few), twice before a search on odd rounds.
    const edits: ((r: SearchableReply, round: number) => SearchableReply)[] = [
      (r, round) => ({ ...r, title: `${TEXTS[round % 6]} ${r.id}` }),
      (r) => ({ ...r, tags: r.tags.includes('加急') ? [] : [...r.tags, '加急'] }),
      (r) => ({ ...r, group: r.group === '售后' ? '催付' : '售后' }),
      (r, round) => ({ ...r, body: `${TEXTS[(round + 3) % 6]}；${r.body}` }),
      (r, round) => ({ ...r, usageCount: r.usageCount + round, pinned: !r.pinned }),
      (r, round) => ({ ...r, code: r.code === '' ? `/a${round}` : '' }),
    ];
    for (let round = 0; round < 12; round++) {
      for (const pass of round % 2 === 1 ? [0, 1] : [0]) {
        const edit = edits[(round + pass * 3) % edits.length]!;
        const batch: SearchableReply[] = [];
        for (const [id, r] of live) if ((Number(id.slice(1)) + round + pass) % 4 === 0) batch.push(edit(r, round));
        for (const r of batch) live.set(r.id, r);
        index.upsertMany(batch);
      }
      const gone = [...live.keys()].filter((id) => (Number(id.slice(1)) + round) % 37 === 0);
      for (const id of gone) live.delete(id);
      index.removeMany(gone);
      const back = Array.from({ length: 5 }, (_, k) => make((round * 5 + k) % n)).filter((r) => !live.has(r.id));
      for (const r of back) live.set(r.id, r);
      index.upsertMany(back);
      expect(results(index), `round ${round}`).toEqual(results(new ReplyIndex(live.values())));
    }
  });

  it('a title change then a tags change, before any search, keeps both', () => {
    const index = new ReplyIndex([reply('a', { title: '退款流程', body: '申请退款' }), reply('b', { title: '物流查询' })]);
    expect(ids(index, 'tk')).toEqual(['a']);
    index.upsert(reply('a', { title: '换货说明', body: '申请退款' }));
    index.upsert(reply('a', { title: '换货说明', body: '申请退款', tags: ['加急'] }));
    index.upsert(reply('a', { title: '换货说明', body: '申请退款', tags: ['加急'], usageCount: 3 }));
    expect(ids(index, 'huanhuo')).toEqual(['a']);
    expect(ids(index, '加急')).toEqual(['a']);
    expect(ids(index, 'tklc')).toEqual([]);
    expect(ids(index, 'sqtk')).toEqual(['a']);
    expect(ids(index, '')).toEqual(['a', 'b']);
  });
});
