import { beforeEach, describe, expect, it } from 'vitest';
import { loadFixture, urls } from '../testing';
import { adapter } from './index';

describe('shopee detect', () => {
  it.each(
    urls([
      'https://seller.shopee.cn/webchat/conversations',
      'https://seller.shopee.com.my/webchat/conversations/123',
      'https://seller.shopee.co.id/webchat',
      'https://seller.shopee.co.th/webchat/conversations',
      'https://seller.shopee.ph/webchat/conversations',
      'https://seller.shopee.sg/webchat/conversations',
      'https://banhang.shopee.vn/webchat/conversations',
      'https://seller.shopee.tw/webchat/conversations',
      'https://seller.shopee.com.br/webchat/conversations',
    ]),
  )('claims %s', (url) => expect(adapter.detect(url)).toBe(true));
  it.each(
    urls([
      'https://seller.shopee.cn/portal/sale/order',
      'https://shopee.com.my/webchat/',
      'https://seller.shopee.com.my.evil.example/webchat/',
      'https://seller.shopee.evil/webchat/',
      'https://seller.shopee.cn/webchatx',
    ]),
  )('ignores %s', (url) => expect(adapter.detect(url)).toBe(false));
});

describe('shopee webchat', () => {
  beforeEach(() => loadFixture('shopee', 'webchat'));

  it('reads shop, the current cell buyer and the opened order card', () => {
    expect(adapter.readContext(document, new URL('https://seller.shopee.cn/webchat/conversations'))).toEqual({
      platform: 'shopee',
      shop: 'Lumi Home Store',
      buyerName: 'aisyah_shop22',
      orderId: '240612ABCD1234',
    });
  });

  it('finds the composer textarea, not the buyer note', () => {
    expect(adapter.findReplyField(document)?.className).toBe('E2MWg3w8y6');
  });

  it('uses a contenteditable composer when the region renders one', () => {
    const input = document.querySelector('[data-cy="webchat-conversation-detail-input"]');
    if (!input) throw new Error('fixture lost its composer hook');
    input.innerHTML = '<div contenteditable="true" class="Ce1"><p>draft</p></div>';
    expect(adapter.findReplyField(document)?.className).toBe('Ce1');
  });
});
