import { beforeEach, describe, expect, it } from 'vitest';
import { loadFixture, urls } from '../testing';
import { adapter } from './index';

describe('amazon-seller-central detect', () => {
  it.each(
    urls([
      'https://sellercentral.amazon.com/messaging/inbox',
      'https://sellercentral.amazon.com/messaging/reply?orderId=112-7654321-7654321',
      'https://sellercentral-europe.amazon.com/messaging/inbox',
      'https://sellercentral.amazon.co.jp/messaging/inbox',
      'https://sellercentral.amazon.de/messaging/thread/abc',
      'https://sellercentral.amazon.com.br/messaging/inbox',
    ]),
  )('claims %s', (url) => expect(adapter.detect(url)).toBe(true));
  it.each(
    urls([
      'https://sellercentral.amazon.com/orders-v3',
      'https://www.amazon.com/messaging/inbox',
      'https://sellercentral.amazon.com.evil.example/messaging/inbox',
      'https://sellercentral.amazon.evil/messaging/inbox',
      'http://sellercentral.amazon.com/messaging/inbox',
    ]),
  )('ignores %s', (url) => expect(adapter.detect(url)).toBe(false));
});

describe('amazon-seller-central thread', () => {
  beforeEach(() => loadFixture('amazon-seller-central', 'thread'));

  it('prefers the order id in the URL', () => {
    const url = new URL('https://sellercentral.amazon.com/messaging/reply?orderId=113-1111111-2222222');
    expect(adapter.readContext(document, url)).toEqual({
      platform: 'amazon-seller-central',
      shop: 'Northwind Outfitters | United States',
      buyerName: 'Jordan P.',
      orderId: '113-1111111-2222222',
    });
  });

  it('falls back to the thread header, not an order id quoted in a message', () => {
    const context = adapter.readContext(document, new URL('https://sellercentral.amazon.com/messaging/inbox'));
    expect(context.orderId).toBe('112-7654321-7654321');
  });

  it('reads the order from a hash route, and survives a malformed one', () => {
    expect(adapter.readContext(document, new URL('https://sellercentral.amazon.com/messaging/inbox#/thread/114-2222222-3333333')).orderId).toBe(
      '114-2222222-3333333',
    );
    expect(() => adapter.readContext(document, new URL('https://sellercentral.amazon.com/messaging/inbox#%E0%A4%A'))).not.toThrow();
  });

  it('returns the textarea inside the composer kat-textarea shadow root, not the notes one', () => {
    const field = adapter.findReplyField(document);
    expect(field?.id).toBe('katal-id-12');
    expect(field?.getRootNode()).toBeInstanceOf(ShadowRoot);
  });

  it('finds nothing rather than the notes kat-textarea when the composer hook is gone', () => {
    document.querySelector('[data-test-id="reply-composer"]')?.removeAttribute('data-test-id');
    expect(adapter.findReplyField(document)).toBeNull();
  });

  it('finds the contact-buyer form textarea', () => {
    document.body.innerHTML =
      '<div class="contact-buyer-text-area"><kat-textarea></kat-textarea></div>';
    const host = document.querySelector('kat-textarea') as HTMLElement;
    host.attachShadow({ mode: 'open' }).innerHTML = '<textarea id="contact"></textarea>';
    expect(adapter.findReplyField(document)?.id).toBe('contact');
  });
});
