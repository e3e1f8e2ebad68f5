import { beforeEach, describe, expect, it } from 'vitest';
import { loadFixture, urls } from '../testing';
import { adapter } from './index';

describe('kuaishou detect', () => {
  it.each(urls(['https://im.kwaixiaodian.com/workbench', 'https://im.kwaixiaodian.com/workbench/chat?sessionId=1']))(
    'claims %s',
    (url) => expect(adapter.detect(url)).toBe(true),
  );
  it.each(
    urls([
      'https://im.kwaixiaodian.com/',
      'https://s.kwaixiaodian.com/zone/goods/v1/list',
      'https://im.kwaixiaodian.com.evil.example/workbench',
      'http://im.kwaixiaodian.com/workbench',
    ]),
  )('ignores %s', (url) => expect(adapter.detect(url)).toBe(false));
});

describe('kuaishou workbench', () => {
  beforeEach(() => loadFixture('kuaishou', 'workbench'));

  it('reads shop, buyer and the active order card', () => {
    expect(adapter.readContext(document, new URL('https://im.kwaixiaodian.com/workbench'))).toEqual({
      platform: 'kuaishou',
      shop: '老铁零食铺',
      buyerName: '晴天娃娃',
      orderId: '2412000033334444',
    });
  });

  it('finds the editable Quill root, not the read-only quote preview', () => {
    const field = adapter.findReplyField(document);
    expect(field?.classList.contains('ql-blank')).toBe(true);
  });
});
