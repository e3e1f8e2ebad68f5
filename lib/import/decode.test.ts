import { describe, expect, it } from 'vitest';
import { decodeText } from './decode';
import { fixture } from './testing';

const utf16 = (text: string, bigEndian: boolean) => {
  const out = [bigEndian ? 0xfe : 0xff, bigEndian ? 0xff : 0xfe];
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out.push(...(bigEndian ? [c >> 8, c & 0xff] : [c & 0xff, c >> 8]));
  }
  return new Uint8Array(out);
};

describe('decodeText', () => {
  it('reads a GBK 千牛 export as GB18030', () => {
    const { text, encoding, bom } = decodeText(fixture('qianniu-gbk.csv').bytes);
    expect(encoding).toBe('gb18030');
    expect(bom).toBe(false);
    expect(text.split('\r\n')[0]).toBe('快捷短语编码,快捷短语,快捷短语分组');
    expect(text).toContain('小店默认发中通快递');
  });

  it('reads UTF-8 without a BOM as UTF-8', () => {
    const { text, encoding } = decodeText(fixture('qianniu-utf8.csv').bytes);
    expect(encoding).toBe('utf-8');
    expect(text.startsWith('快捷编码,快捷短语')).toBe(true);
  });

  it('follows a byte-order mark: UTF-8, UTF-16LE and UTF-16BE, and drops it', () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('标题,内容')]);
    expect(decodeText(utf8)).toEqual({ text: '标题,内容', encoding: 'utf-8', bom: true });
    expect(decodeText(utf16('退款,亲', false))).toEqual({ text: '退款,亲', encoding: 'utf-16le', bom: true });
    expect(decodeText(utf16('退款,亲', true))).toEqual({ text: '退款,亲', encoding: 'utf-16be', bom: true });
  });

  it('takes plain ASCII as UTF-8 and an ArrayBuffer as well as bytes', () => {
    const bytes = new TextEncoder().encode('code,body');
    expect(decodeText(bytes.buffer).encoding).toBe('utf-8');
    expect(decodeText(bytes).text).toBe('code,body');
  });
});
