import { describe, expect, it } from 'vitest';
import { loadFixture, urls } from '../testing';
import { adapter } from './index';

describe('etsy detect', () => {
  it.each(urls(['https://www.etsy.com/messages/1234567890', 'https://www.etsy.com/messages', 'https://www.etsy.com/your/conversations/987']))(
    'claims %s',
    (url) => expect(adapter.detect(url)).toBe(true),
  );
  it.each(
    urls([
      'https://www.etsy.com/',
      'https://www.etsy.com/listing/123/mug',
      'https://www.etsy.com/messagesx',
      'https://etsy.com.evil.example/messages/1',
      'https://www.etsy.com.evil.example/messages/1',
    ]),
  )('ignores %s', (url) => expect(adapter.detect(url)).toBe(false));
});

describe('etsy conversation', () => {
  it('reads buyer and order; finds the composer, not the private note or search', () => {
    loadFixture('etsy', 'conversation');
    expect(adapter.readContext(document, new URL('https://www.etsy.com/messages/1'))).toEqual({
      platform: 'etsy',
      buyerName: 'Priya Raman',
      orderId: '3141592653',
    });
    expect(adapter.findReplyField(document)?.getAttribute('name')).toBe('message');
  });
});
