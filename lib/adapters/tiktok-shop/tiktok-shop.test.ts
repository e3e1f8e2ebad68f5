import { describe, expect, it } from 'vitest';
import { loadFixture, urls } from '../testing';
import { adapter } from './index';

describe('tiktok-shop detect', () => {
  it.each(urls(['https://seller-us.tiktok.com/chat', 'https://seller-uk.tiktok.com/chat/123', 'https://seller.tiktokglobalshop.com/im/workbench']))(
    'claims %s',
    (url) => expect(adapter.detect(url)).toBe(true),
  );
  it.each(
    urls([
      'https://seller-us.tiktok.com/order',
      'https://www.tiktok.com/chat',
      'https://seller-us.tiktok.com.evil.example/chat',
      'https://seller-us.evil-tiktok.com/chat',
      'https://seller.tiktokglobalshop.com/chatty',
    ]),
  )('ignores %s', (url) => expect(adapter.detect(url)).toBe(false));
});

describe('tiktok-shop chat', () => {
  it('reads buyer and the selected order; finds the chat textarea', () => {
    loadFixture('tiktok-shop', 'chat');
    expect(adapter.readContext(document, new URL('https://seller-us.tiktok.com/chat'))).toEqual({
      platform: 'tiktok-shop',
      buyerName: 'Lily W.',
      orderId: '576111122223333444',
    });
    expect(adapter.findReplyField(document)?.getAttribute('placeholder')).toBe('Send a message');
  });
});
