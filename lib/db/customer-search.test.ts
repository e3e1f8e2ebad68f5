import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchCustomers } from './customer-search';
import { customerForContext, recordOrder, renameCustomer, SEEN_RESOLUTION_MS, setCustomerTags } from './customers';
import type { KefuDatabase } from './database';
import { addNote, deleteNote, editNote } from './notes';
import { customerTerms, noteTerms, planQuery } from './search-terms';
import { freshDb } from './testing';

const T0 = Date.UTC(2026, 2, 10, 2, 0);
const who = { author: '小王', now: T0 };

describe('search tokens', () => {
  it('customers: suffixes of names and ids, pinyin lines and initials, tags with English labels, order ids from 4 digits', () => {
    const terms = customerTerms({
      displayName: '王小明',
      nickname: 'Ming Wang',
      buyerId: 'tb_8823',
      tags: [{ name: '回头客' }],
      orders: [{ orderId: '6912345678', status: '', seenAt: 0 }],
    });
    for (const t of ['王小明', '小明', '明', 'wangxiaoming', 'xiaoming', 'ming', 'wxm', 'xm', 'wang', 'tb_8823', '8823', '回头客', 'huitouke', 'htk', 'repeat', 'buyer', '6912345678', '5678']) {
      expect(terms, t).toContain(t);
    }
    expect(terms).not.toContain('678');
  });

  it('notes: bigrams of Chinese runs, words of the rest, single characters alone', () => {
    expect(noteTerms('要求顺丰 SF1234 发货, ok 好')).toEqual(['要求', '求顺', '顺丰', 'sf1234', '发货', 'ok', '好']);
  });

  it('plans the most selective term for customers and a bigram for notes', () => {
    expect(planQuery('a 王小明')).toMatchObject({ terms: ['a', '王小明'], customerKeys: ['王小明'], noteKey: '王小' });
    expect(planQuery('王xiao')).toMatchObject({ customerKeys: ['王xiao', 'wangxiao'] });
    expect(planQuery('  ').terms).toEqual([]);
  });
});

describe('searchCustomers', () => {
  let db: KefuDatabase;
  let ids: Record<string, string>;
  beforeEach(async () => {
    db = freshDb();
    const at = (i: number) => ({ ...who, now: T0 + i * SEEN_RESOLUTION_MS });
    const wang = await customerForContext(db, { platform: 'feige', buyerName: '王小明', orderId: '6912345678901234' }, at(1));
    const li = await customerForContext(db, { platform: 'pinduoduo', buyerId: 'uid-77001', buyerName: '李小花' }, at(2));
    const amy = await customerForContext(db, { platform: 'shopee', buyerName: 'Amy Tan' }, at(3));
    const chong = await customerForContext(db, { platform: 'feige', buyerName: '重庆张姐' }, at(4));
    await setCustomerTags(db, li.id, [{ name: '差评风险' }, { name: '爱砍价', color: '#3366ff' }], who);
    await recordOrder(db, amy.id, { orderId: '240310ABCD', status: 'Shipped' }, who);
    await addNote(db, amy.id, { text: '要求顺丰发货，周末不在家' }, who);
    await addNote(db, wang.id, { text: 'Prefers email contact' }, who);
    ids = { wang: wang.id, li: li.id, amy: amy.id, chong: chong.id };
  });
  afterEach(async () => {
    await db.delete();
  });

  const found = async (q: string) => (await searchCustomers(db, q)).map((h) => Object.entries(ids).find(([, id]) => id === h.customer.id)?.[0]);

  it.each([
    ['a name substring', '小明', ['wang']],
    ['a shared character, most recently seen first', '小', ['li', 'wang']],
    ['full pinyin', 'wangxiaoming', ['wang']],
    ['pinyin from the middle of a name', 'xiaohua', ['li']],
    ['initials', 'lxh', ['li']],
    ['a polyphone in its other reading', 'zhongqing', ['chong']],
    ['a polyphone in its usual reading', 'cqzj', ['chong']],
    ['Chinese mixed with pinyin', '王xiao', ['wang']],
    ['a Latin nickname, any case and width', 'ＡＭＹ', ['amy']],
    ['a buyer id fragment', '77001', ['li']],
    ['a tag', '差评', ['li']],
    ['a built-in tag in English', 'review risk', ['li']],
    ['a custom tag in pinyin', 'akj', ['li']],
    ['a whole order id', '6912345678901234', ['wang']],
    ['the last digits of an order id', '1234', ['wang']],
    ['note text', '顺丰', ['amy']],
    ['note text across words', '周末不在家', ['amy']],
    ['an English note word', 'email', ['wang']],
    ['several terms, all required', '小 lxh', ['li']],
    ['nothing', '不存在的人', []],
  ])('finds by %s (%s)', async (_what, q, expected) => {
    expect(await found(q)).toEqual(expected);
  });

  it('says where it matched, with the note for note matches', async () => {
    const [byNote] = await searchCustomers(db, '顺丰发货');
    expect(byNote).toMatchObject({ via: 'note', note: { text: '要求顺丰发货，周末不在家' } });
    expect((await searchCustomers(db, 'uid-77001'))[0]?.via).toBe('buyer-id');
    expect((await searchCustomers(db, 'wxm'))[0]?.via).toBe('pinyin');
    expect((await searchCustomers(db, '240310'))[0]?.via).toBe('order');
    expect((await searchCustomers(db, '爱砍价'))[0]?.via).toBe('tag');
  });

  it('ranks an exact id before partial matches', async () => {
    const exact = await customerForContext(db, { platform: 'generic', buyerId: '1234' }, { ...who, now: T0 });
    const hits = await searchCustomers(db, '1234');
    expect(hits.map((h) => h.customer.id)).toEqual([exact.id, ids.wang]);
  });

  it('follows renames, tag changes, note edits and deletes', async () => {
    await renameCustomer(db, ids.wang!, '老王', who);
    expect(await found('laowang')).toEqual(['wang']);
    // The console nickname stays searchable.
    expect(await found('王小明')).toEqual(['wang']);
    await setCustomerTags(db, ids.li!, [], who);
    expect(await found('差评')).toEqual([]);
    const [note] = await db.notes.where('customerId').equals(ids.amy!).toArray();
    await editNote(db, note!.id, { text: '改用中通' }, who);
    expect(await found('顺丰')).toEqual([]);
    expect(await found('中通')).toEqual(['amy']);
    await deleteNote(db, note!.id, who);
    expect(await found('中通')).toEqual([]);
  });

  it('lists recent customers for an empty query, and honours the limit', async () => {
    expect(await found('')).toEqual(['chong', 'amy', 'li', 'wang']);
    expect(await searchCustomers(db, '', { limit: 2 })).toHaveLength(2);
    expect(await searchCustomers(db, '小', { limit: 1 })).toHaveLength(1);
  });

  it('checks a query longer than a token against the record itself', async () => {
    const long = await customerForContext(db, { platform: 'generic', buyerId: 'customer-with-a-very-long-account-name-2026' }, who);
    expect((await searchCustomers(db, 'customer-with-a-very-long-account-name-2026')).map((h) => h.customer.id)).toEqual([long.id]);
    expect(await searchCustomers(db, 'customer-with-a-very-long-account-name-1999')).toEqual([]);
  });
});
