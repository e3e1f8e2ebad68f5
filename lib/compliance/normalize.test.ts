import { describe, expect, it } from 'vitest';
import { normalize, normalizeWord, originalRange, type TextView } from './normalize';

/** The original text behind view units [start, end). */
function source(original: string, view: TextView, start: number, end: number): string {
  const range = originalRange(view, start, end);
  return original.slice(range.start, range.end);
}

describe('normalize: the squeezed view words match against', () => {
  it.each([
    ['微 信', '微信'],
    ['微-信', '微信'],
    ['微😀信', '微信'],
    ['微\u200b信', '微信'],
    ['微\u00ad信', '微信'],
    ['加　Ｖ　Ｘ', '加vx'],
    ['v x', 'vx'],
    ['加v x', '加vx'],
    ['V.X', 'vx'],
    ['W-E-C-H-A-T', 'wechat'],
    ['1 3 8 1 2 3 4 5 6 7 8', '13812345678'],
    ['好评，返现', '好评返现'],
    ['ＱＱ', 'qq'],
    ['①③⑧', '138'],
    ['Wесhat', 'wechat'], // Cyrillic е and с
    ['１００％', '100%'],
    ['didn’t', "didn t"],
  ])('%j reads as %j', (text, expected) => {
    expect(normalize(text).squeezed.text).toBe(expected);
  });

  it.each([
    ['we chat', 'we chat'],
    ['wei-xin', 'wei xin'],
    ['wei   xin', 'wei xin'],
    ['wei.xin', 'wei xin'],
    ['138-1234-5678', '138 1234 5678'],
    ['No. 1', 'no 1'],
  ])('keeps words of several letters apart: %j reads as %j', (text, expected) => {
    expect(normalize(text).squeezed.text).toBe(expected);
  });

  it('keeps a line break as a space even between Chinese characters', () => {
    expect(normalize('最\n好').squeezed.text).toBe('最 好');
    expect(normalize('最\r\n\r\n好').squeezed.text).toBe('最 好');
  });

  it('drops separators at the edges of the text', () => {
    expect(normalize('  ，微信！ ').squeezed.text).toBe('微信');
  });

  it('keeps %, @, # and & as content', () => {
    expect(normalize('100% #1 a@b & c').squeezed.text).toBe('100% #1 a@b & c');
  });

  it('normalises words the same way as text', () => {
    expect(normalizeWord('微 信')).toBe('微信');
    expect(normalizeWord('Wei-Xin')).toBe('wei xin');
    expect(normalizeWord('…')).toBe('');
  });
});

describe('normalize: the folded view regexes match against', () => {
  it('folds width, case, look-alikes and dashes but keeps spacing and punctuation', () => {
    expect(normalize('ＡＢＣ　１３８－１２３４').folded.text).toBe('abc 138-1234');
    expect(normalize('Tel：138—1234').folded.text).toBe('tel:138-1234');
    expect(normalize('ОК').folded.text).toBe('ok'); // Cyrillic
  });

  it('drops invisible characters', () => {
    expect(normalize('1\u200b3\u200d8\ufeff').folded.text).toBe('138');
  });
});

describe('normalize: offsets map back to the original text', () => {
  it('maps every squeezed unit to the characters it came from', () => {
    const text = '请加 Ｖ－Ｘ：ａｂｃ１２３ 谢谢';
    const n = normalize(text);
    const at = n.squeezed.text.indexOf('vx');
    expect(source(text, n.squeezed, at, at + 2)).toBe('Ｖ－Ｘ');
    const id = n.squeezed.text.indexOf('abc123');
    expect(source(text, n.squeezed, id, id + 6)).toBe('ａｂｃ１２３');
  });

  it('maps across dropped zero-width characters and emoji (astral, two UTF-16 units)', () => {
    const text = '😀😀微\u200b😀信😀';
    const n = normalize(text);
    expect(n.squeezed.text).toBe('微信');
    expect(source(text, n.squeezed, 0, 2)).toBe('微\u200b😀信');
    expect(originalRange(n.squeezed, 0, 2)).toEqual({ start: 4, end: 9 });
  });

  it('maps a character NFKC expands (㈱ → (株)) to the one original character', () => {
    const text = 'a㈱b';
    const n = normalize(text);
    expect(n.folded.text).toBe('a(株)b');
    expect(source(text, n.folded, 1, 4)).toBe('㈱');
    expect(source(text, n.folded, 2, 3)).toBe('㈱');
  });

  it('maps a kept separator run to the whole run', () => {
    const text = 'wei -- xin';
    const n = normalize(text);
    expect(n.squeezed.text).toBe('wei xin');
    expect(source(text, n.squeezed, 3, 4)).toBe(' -- ');
  });

  it('gives views as long as their maps', () => {
    const n = normalize('Ｗｅ chat 微 信 😀 ①');
    expect(n.folded.starts.length).toBe(n.folded.text.length);
    expect(n.squeezed.ends.length).toBe(n.squeezed.text.length);
  });
});
