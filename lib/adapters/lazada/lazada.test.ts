import { describe, expect, it } from 'vitest';
import { loadFixture, urls } from '../testing';
import { adapter } from './index';

describe('lazada detect', () => {
  it.each(urls(['https://sellercenter.lazada.sg/apps/im/chat', 'https://sellercenter.lazada.com.my/apps/im/window?x=1', 'https://sellercenter.lazada.vn/apps/im/chat']))(
    'claims %s',
    (url) => expect(adapter.detect(url)).toBe(true),
  );
  it.each(urls(['https://sellercenter.lazada.sg/apps/order/list', 'https://www.lazada.sg/apps/im/chat', 'https://sellercenter.lazada.sg.evil.example/apps/im/chat']))(
    'ignores %s',
    (url) => expect(adapter.detect(url)).toBe(false),
  );
});

describe('lazada chat', () => {
  it('reads buyer and the active order; finds the chat textarea, not the search input', () => {
    loadFixture('lazada', 'chat');
    expect(adapter.readContext(document, new URL('https://sellercenter.lazada.sg/apps/im/chat'))).toEqual({
      platform: 'lazada',
      buyerName: 'Ahmad R.',
      orderId: '512345678901234',
    });
    expect(adapter.findReplyField(document)?.tagName).toBe('TEXTAREA');
  });
});
