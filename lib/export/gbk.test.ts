import { describe, expect, it, vi } from 'vitest';
import { decodeText } from '../import/decode';
import { fixture } from '../import/testing';
import { charLabel, encodeGbk, gbkEquivalent, gbkUnencodable, withGbkEquivalents } from './gbk';

const decode = (bytes: Uint8Array) => new TextDecoder('gb18030').decode(bytes);
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');

/** Every character below U+10000 that the encoder says GBK holds. */
function everyEncodable(): string {
  let text = '';
  for (let code = 0; code < 0x10000; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const ch = String.fromCharCode(code);
    if (gbkUnencodable(ch).length === 0) text += ch;
  }
  return text;
}

describe('GBK', () => {
  it('writes the bytes GBK has for Chinese, its punctuation, full-width forms and ASCII', () => {
    expect(hex(encodeGbk('中文'))).toBe('d6 d0 ce c4');
    expect(hex(encodeGbk('，。！？【】、'))).toBe('a3 ac a1 a3 a3 a1 a3 bf a1 be a1 bf a1 a2');
    expect(hex(encodeGbk('ＡＢ１　'))).toBe('a3 c1 a3 c2 a3 b1 a1 a1');
    expect(hex(encodeGbk('a,1\r\n'))).toBe('61 2c 31 0d 0a');
  });

  it('writes the euro sign as the single byte 0x80, which the decoder reads back as €', () => {
    expect(hex(encodeGbk('€'))).toBe('80');
    expect(decode(encodeGbk('满100€减5€'))).toBe('满100€减5€');
  });

  it('round-trips every character it accepts, all in one text', () => {
    const all = everyEncodable();
    // GBK's 21 886 characters, its user-defined areas and ASCII.
    expect(all.length).toBeGreaterThan(23_000);
    expect(decode(encodeGbk(all))).toBe(all);
  });

  it('round-trips ordinary replies', () => {
    const text = '亲，您好！欢迎光临【小店】～有什么可以帮您？\r\n1. 满199减20、包邮；2. 退款1-3天到账。\n“双十一”活动：￥99 起 (ASCII) Ｆｕｌｌ‐ｗｉｄｔｈ…—·';
    expect(gbkUnencodable(text)).toEqual([]);
    expect(decode(encodeGbk(text))).toBe(text);
  });

  it('writes a GBK file 千牛 exported byte for byte as it was', () => {
    const { bytes } = fixture('qianniu-gbk.csv');
    const read = decodeText(bytes);
    expect(read.encoding).toBe('gb18030');
    expect(hex(encodeGbk(read.text))).toBe(hex(bytes));
  });

  it('lists what GBK cannot hold, each once, an emoji as one character', () => {
    expect(gbkUnencodable('亲😀，한국 鿏😀 ¥9 \uD800')).toEqual(['😀', '한', '국', '鿏', '¥', '\uD800']);
    expect(gbkUnencodable('𠮷')).toEqual(['𠮷']);
    expect(gbkUnencodable('')).toEqual([]);
  });

  it('refuses such text without a replacement, and writes the replacement once per character with one', () => {
    expect(() => encodeGbk('好的😀')).toThrow(RangeError);
    expect(() => encodeGbk('好的😀')).toThrow('U+1F600');
    expect(decode(encodeGbk('好的😀，鿏！', '□'))).toBe('好的□，□！');
    expect(decode(encodeGbk('😀', '[?]'))).toBe('[?]');
    expect(() => encodeGbk('😀', '🙂')).toThrow(RangeError);
  });

  it('writes a character GBK lacks in the form GBK has where Unicode makes them one character, and no other', () => {
    // Other width (¥ typed by some input methods is ￥ in GBK), canonical form, a space GBK lacks.
    const same = ['¥', '¢', '£', 'ｶ', '\uFA10', '\u00A0', '\u202F'].map(gbkEquivalent);
    expect(same).toEqual(['￥', '￠', '￡', 'カ', '塚', ' ', ' ']);
    for (const form of same) expect(gbkUnencodable(form!)).toEqual([]);
    // Look-alikes are not the same character: x² is not x2, ™ is not TM.
    expect(['²', '™', '®', '•', '😀', '鿏', '한'].map(gbkEquivalent)).toEqual(Array(7).fill(undefined));
    // A character GBK holds has nothing to swap.
    expect(['￥', '好', 'a', '€'].map(gbkEquivalent)).toEqual(Array(4).fill(undefined));

    const { text, swapped } = withGbkEquivalents('价格 ¥99，\u00A0现货😀 ¥5');
    expect(text).toBe('价格 ￥99， 现货😀 ￥5');
    expect([...swapped]).toEqual([['¥', '￥'], ['\u00A0', ' ']]);
    const plain = '亲，退款已处理';
    expect(withGbkEquivalents(plain)).toEqual({ text: plain, swapped: new Map() });
  });

  it('labels the characters that would not show by their code point', () => {
    expect(['😀', '¥', '\u00A0', '\uFE0F', '\u200D', '\uD800'].map(charLabel)).toEqual(['😀', '¥', 'U+00A0', 'U+FE0F', 'U+200D', 'U+D800']);
  });

  it('builds its table once, on first use', async () => {
    vi.resetModules();
    const decoding = vi.spyOn(TextDecoder.prototype, 'decode');
    try {
      const fresh = await import('./gbk');
      expect(decoding).not.toHaveBeenCalled();
      const started = performance.now();
      fresh.gbkUnencodable('');
      const ms = performance.now() - started;
      const built = decoding.mock.calls.length;
      expect(built).toBeGreaterThan(0);
      fresh.encodeGbk('中文');
      fresh.gbkUnencodable('中文😀');
      fresh.encodeGbk('😀', '□');
      expect(decoding).toHaveBeenCalledTimes(built);
      // For the record: ≈10 ms cold in Node 20 on the development machine.
      console.info(`GBK table built in ${ms.toFixed(1)} ms`);
    } finally {
      decoding.mockRestore();
    }
  });
});
