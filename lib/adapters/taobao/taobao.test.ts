import { beforeEach, describe, expect, it } from 'vitest';
import { loadFixture, urls } from '../testing';
import { adapter } from './index';

describe('taobao detect', () => {
  it.each(
    urls([
      'https://trade.taobao.com/trade/detail/trade_order_detail.htm?bizOrderId=3987654321098765432',
      'https://myseller.taobao.com/home.htm',
      'https://qn.taobao.com/home.htm/app-customer-manage',
      'https://trade.tmall.com/detail/orderDetail.htm?bizOrderId=1',
    ]),
  )('claims %s', (url) => expect(adapter.detect(url)).toBe(true));
  it.each(urls(['https://www.taobao.com/', 'https://item.taobao.com/item.htm?id=1', 'https://trade.taobao.com.evil.example/', 'https://detail.tmall.com/item.htm']))(
    'ignores %s',
    (url) => expect(adapter.detect(url)).toBe(false),
  );
});

describe('taobao trade detail', () => {
  beforeEach(() => loadFixture('taobao', 'trade-detail'));

  it('cannot insert: 千牛 chat is a desktop client', () => {
    expect(adapter.canInsert).toBe(false);
    expect(adapter.findReplyField(document)).toBeNull();
  });

  it('reads the order from the URL first', () => {
    const url = new URL('https://trade.taobao.com/trade/detail/trade_order_detail.htm?bizOrderId=2111222333444555666');
    expect(adapter.readContext(document, url)).toEqual({ platform: 'taobao', buyerName: 'tb_落叶知秋', orderId: '2111222333444555666' });
  });

  it('falls back to the page, stripping the 订单编号 label and ignoring the waybill', () => {
    const context = adapter.readContext(document, new URL('https://trade.taobao.com/trade/detail/trade_order_detail.htm'));
    expect(context.orderId).toBe('3987654321098765432');
  });
});
