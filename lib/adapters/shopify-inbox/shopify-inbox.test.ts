import { beforeEach, describe, expect, it } from 'vitest';
import { loadFixture, urls } from '../testing';
import { adapter } from './index';

describe('shopify-inbox detect', () => {
  it.each(urls(['https://inbox.shopify.com/', 'https://inbox.shopify.com/conversations/1', 'https://admin.shopify.com/store/example-shop/apps/inbox']))(
    'claims %s',
    (url) => expect(adapter.detect(url)).toBe(true),
  );
  it.each(
    urls([
      'https://admin.shopify.com/store/example-shop/orders',
      'https://admin.shopify.com/store/example-shop/apps/inboxer',
      'https://inbox.shopify.com.evil.example/',
      'https://example-shop.myshopify.com/apps/inbox',
    ]),
  )('ignores %s', (url) => expect(adapter.detect(url)).toBe(false));
});

describe('shopify-inbox conversation', () => {
  beforeEach(() => loadFixture('shopify-inbox', 'conversation'));

  it('reads the shop handle from the admin URL, buyer and the order in the side panel', () => {
    expect(adapter.readContext(document, new URL('https://admin.shopify.com/store/example-shop/apps/inbox/c/1'))).toEqual({
      platform: 'shopify-inbox',
      shop: 'example-shop',
      buyerName: 'Sam Okafor',
      orderId: '1042',
    });
  });

  it('has no shop on the standalone host, and finds the composer not the search', () => {
    expect(adapter.readContext(document, new URL('https://inbox.shopify.com/')).shop).toBeUndefined();
    expect(adapter.findReplyField(document)?.getAttribute('placeholder')).toBe('Write a message…');
  });
});
