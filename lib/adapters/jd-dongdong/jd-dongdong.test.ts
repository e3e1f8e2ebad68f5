import { beforeEach, describe, expect, it } from 'vitest';
import { loadFixture, urls } from '../testing';
import { adapter } from './index';

describe('jd-dongdong detect', () => {
  it.each(urls(['https://dongdong.jd.com/', 'https://dongdong.jd.com/workbench?x=1']))('claims %s', (url) =>
    expect(adapter.detect(url)).toBe(true),
  );
  it.each(urls(['https://jd.com/', 'https://shop.jd.com/', 'https://dongdong.jd.com.evil.example/', 'https://evildongdong.jd.com/']))(
    'ignores %s',
    (url) => expect(adapter.detect(url)).toBe(false),
  );
});

describe('jd-dongdong workbench', () => {
  beforeEach(() => loadFixture('jd-dongdong', 'workbench'));

  it('reads shop, buyer and the selected order (not the waybill or the earlier order)', () => {
    expect(adapter.readContext(document, new URL('https://dongdong.jd.com/'))).toEqual({
      platform: 'jd-dongdong',
      shop: '木木数码专营店',
      buyerName: 'jd_sunny_9x',
      orderId: '301234567890',
    });
  });

  it('finds the pell editor, not the remark contenteditable before it', () => {
    expect(adapter.findReplyField(document)?.className).toContain('EditorContent');
  });
});
