import { describe, expect, it } from 'vitest';
import { splitTags, splitVariants } from './ReplyEditor';

describe('splitVariants', () => {
  it.each([
    ['one wording per blank-line-separated block', '您好\n\n亲，您好', ['您好', '亲，您好']],
    ['single line breaks inside a wording', '第一行\n第二行\n\n另一种', ['第一行\n第二行', '另一种']],
    ['blank lines holding spaces or tabs', '甲\n  \t\n乙', ['甲', '乙']],
    ['Windows line breaks', '甲\r\n\r\n乙', ['甲', '乙']],
    ['several blank lines, leading and trailing ones', '\n\n甲\n\n\n\n乙\n\n', ['甲', '乙']],
    ['surrounding whitespace of each wording', '  甲  \n\n\t乙\t', ['甲', '乙']],
    ['nothing at all', '', []],
    ['only blank lines', '\n \n\n', []],
  ])('handles %s', (_, text, expected) => {
    expect(splitVariants(text)).toEqual(expected);
  });
});

describe('splitTags', () => {
  it.each([
    ['commas', '售后,退款, 物流', ['售后', '退款', '物流']],
    ['Chinese commas', '售后，退款，物流', ['售后', '退款', '物流']],
    ['enumeration commas', '售后、退款、物流', ['售后', '退款', '物流']],
    ['spaces, full-width spaces and line breaks', '售后 退款\u3000物流\n加急', ['售后', '退款', '物流', '加急']],
    ['a mix with empty pieces', ' ,售后，，、 退款 ,', ['售后', '退款']],
    ['duplicates, keeping the first place', '退款, 售后，退款、售后 加急', ['退款', '售后', '加急']],
    ['nothing at all', '', []],
  ])('splits on %s', (_, text, expected) => {
    expect(splitTags(text)).toEqual(expected);
  });
});
