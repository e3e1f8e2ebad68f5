import { describe, expect, it } from 'vitest';
import { loadFixture, urls } from '../testing';
import { adapter } from './index';

describe('xiaohongshu detect', () => {
  it.each(urls(['https://ark.xiaohongshu.com/app-im/chat', 'https://ark.xiaohongshu.com/im']))('claims %s', (url) =>
    expect(adapter.detect(url)).toBe(true),
  );
  it.each(
    urls([
      'https://ark.xiaohongshu.com/app-item/list',
      'https://www.xiaohongshu.com/im',
      'https://ark.xiaohongshu.com.evil.example/app-im/chat',
      'https://ark.xiaohongshu.com/imagine',
    ]),
  )('ignores %s', (url) => expect(adapter.detect(url)).toBe(false));
});

describe('xiaohongshu chat', () => {
  it('reads buyer and the active order; finds the editor textarea', () => {
    loadFixture('xiaohongshu', 'chat');
    expect(adapter.readContext(document, new URL('https://ark.xiaohongshu.com/app-im/chat'))).toEqual({
      platform: 'xiaohongshu',
      buyerName: '薄荷糖不甜',
      orderId: 'P712345678901234567',
    });
    expect(adapter.findReplyField(document)?.getAttribute('placeholder')).toBe('请输入');
  });
});
