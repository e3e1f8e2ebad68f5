import { describe, expect, it } from 'vitest';
import { extract, normalizeText, pageContext, queryDeep, stripLabel } from './dom';

describe('text helpers', () => {
  it('normalises NBSP, full-width spaces and newlines', () => {
    expect(normalizeText('\u3000 山间\u00a0晚风\n\t_77  ')).toBe('山间 晚风 _77');
    expect(normalizeText(null)).toBe('');
  });

  it.each([
    ['订单编号：4930022334455667788', '4930022334455667788'],
    ['订单号: 240612-987654321098765', '240612-987654321098765'],
    ['Order ID: 112-7654321-7654321', '112-7654321-7654321'],
    ['Order #1042', '1042'],
    ['买家昵称：tb_落叶知秋', 'tb_落叶知秋'],
    ['店铺： Acme 旗舰店', 'Acme 旗舰店'],
    ['Re:Zero 粉丝', 'Re:Zero 粉丝'],
    ['订单已发货', '订单已发货'],
  ])('stripLabel(%j) → %j', (input, expected) => expect(stripLabel(input)).toBe(expected));

  it('extracts guarded ids: no 19-digit id out of a longer number', () => {
    const nineteen = /(?<!\d)(\d{19})(?!\d)/;
    expect(extract('单号 4930022334455667788 已发', nineteen)).toBe('4930022334455667788');
    expect(extract('SF1234567890123456789012', nineteen)).toBeUndefined();
    expect(extract(undefined, nineteen)).toBeUndefined();
  });

  it('builds contexts without blank fields', () => {
    expect(pageContext('x', { shop: '  ', buyerName: ' 小王 ', orderId: undefined })).toEqual({ platform: 'x', buyerName: '小王' });
  });
});

describe('queryDeep', () => {
  it('finds light DOM first, then nested open shadow roots', () => {
    document.body.innerHTML = '<outer-el></outer-el>';
    const outer = document.querySelector('outer-el') as HTMLElement;
    const shadow = outer.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<inner-el></inner-el>';
    const inner = shadow.querySelector('inner-el') as HTMLElement;
    inner.attachShadow({ mode: 'open' }).innerHTML = '<textarea id="deep"></textarea>';
    expect(queryDeep(document, 'textarea')?.id).toBe('deep');
    document.body.insertAdjacentHTML('beforeend', '<textarea id="light"></textarea>');
    expect(queryDeep(document, 'textarea')?.id).toBe('light');
  });

  it('does not see into closed shadow roots', () => {
    document.body.innerHTML = '<closed-el></closed-el>';
    (document.querySelector('closed-el') as HTMLElement).attachShadow({ mode: 'closed' }).innerHTML = '<textarea></textarea>';
    expect(queryDeep(document, 'textarea')).toBeNull();
  });
});
