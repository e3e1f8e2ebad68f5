import { beforeEach, describe, expect, it } from 'vitest';
import { loadFixture, urls } from '../testing';
import { adapter } from './index';

const WORKSPACE = new URL('https://im.jinritemai.com/pc_seller_v2/main/workspace');

describe('feige detect', () => {
  it.each(
    urls([
      'https://im.jinritemai.com/pc_seller_v2/main/workspace',
      'https://im.jinritemai.com/pc_seller_v2/main/workspace?selfId=123#/chat',
      'https://im.jinritemai.com/pc_seller_v2/main/setting',
    ]),
  )('claims %s', (url) => expect(adapter.detect(url)).toBe(true));

  it.each(
    urls([
      'https://jinritemai.com/',
      'https://fxg.jinritemai.com/ffa/morder/order/list',
      'https://im.jinritemai.com/',
      'https://im.jinritemai.com/pc_seller/main/workspace',
      'http://im.jinritemai.com/pc_seller_v2/main/workspace',
      'https://im.jinritemai.com.evil.example/pc_seller_v2/main/workspace',
      'https://evil.example/im.jinritemai.com/pc_seller_v2/',
    ]),
  )('ignores %s', (url) => expect(adapter.detect(url)).toBe(false));
});

describe('feige with an order card', () => {
  beforeEach(() => loadFixture('feige', 'with-order-card'));

  it('reads shop, buyer name and the selected order card, not the earlier one or the chat', () => {
    expect(adapter.readContext(document, WORKSPACE)).toEqual({
      platform: 'feige',
      shop: '青禾小铺旗舰店',
      buyerName: '山间晚风_77',
      orderId: '4930022334455667788',
    });
  });

  it('finds the send box, not the note textarea or the search input', () => {
    const field = adapter.findReplyField(document);
    expect(field?.getAttribute('data-qa-id')).toBe('qa-send-message-textarea');
  });
});

describe('feige without an order card', () => {
  beforeEach(() => loadFixture('feige', 'no-order-card'));

  it('omits the order instead of reading a number out of the chat', () => {
    expect(adapter.readContext(document, WORKSPACE)).toEqual({ platform: 'feige', buyerName: '橘子汽水' });
  });

  it('finds the send box', () => {
    expect(adapter.findReplyField(document)?.tagName).toBe('TEXTAREA');
  });

  it('finds nothing once the send box is disabled (conversation closed)', () => {
    document.querySelector('textarea')?.setAttribute('disabled', '');
    expect(adapter.findReplyField(document)).toBeNull();
  });
});
