import { describe, expect, it } from 'vitest';
import { loadFixture, urls } from '../testing';
import { adapter } from './index';

const CHAT = new URL('https://mms.pinduoduo.com/chat-merchant/index.html#/');

describe('pinduoduo detect', () => {
  it.each(urls(['https://mms.pinduoduo.com/chat-merchant/index.html', 'https://mms.pinduoduo.com/chat-merchant/index.html#/chat?uid=1']))(
    'claims %s',
    (url) => expect(adapter.detect(url)).toBe(true),
  );
  it.each(
    urls([
      'https://mms.pinduoduo.com/',
      'https://mms.pinduoduo.com/orders/list',
      'https://mobile.yangkeduo.com/chat-merchant/',
      'https://mms.pinduoduo.com.evil.example/chat-merchant/index.html',
      'http://mms.pinduoduo.com/chat-merchant/index.html',
    ]),
  )('ignores %s', (url) => expect(adapter.detect(url)).toBe(false));
});

describe('pinduoduo chat', () => {
  it('reads the active item uid and name, the selected order and the shop without its label', () => {
    loadFixture('pinduoduo', 'chat-with-order');
    expect(adapter.readContext(document, CHAT)).toEqual({
      platform: 'pinduoduo',
      shop: '云朵家居百货',
      buyerId: '8800445566',
      buyerName: '星星点灯',
      orderId: '240612-987654321098765',
    });
  });

  it('falls back to the message containers for the uid when no list item is active', () => {
    loadFixture('pinduoduo', 'no-active-item');
    expect(adapter.readContext(document, CHAT)).toEqual({ platform: 'pinduoduo', buyerId: '8800990011' });
  });

  it('finds #replyTextarea, not the order remark textarea', () => {
    loadFixture('pinduoduo', 'chat-with-order');
    expect(adapter.findReplyField(document)?.id).toBe('replyTextarea');
  });
});
