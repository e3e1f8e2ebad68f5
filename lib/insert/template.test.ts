import { describe, expect, it } from 'vitest';
import { formatToday, parseTemplate, renderTemplate } from './template';

const now = new Date(2026, 10, 22, 9, 30);
const ctx = { buyer: '小鹿爱吃糖', order: '6912345678901234567', shop: '鹿鹿旗舰店', agent: '小王' };
const zh = { now, locale: 'zh' as const };

describe('renderTemplate', () => {
  it.each([
    ['{{buyer}}', '小鹿爱吃糖'],
    ['{{order}}', '6912345678901234567'],
    ['{{shop}}', '鹿鹿旗舰店'],
    ['{{agent}}', '小王'],
    ['{{today}}', '2026年11月22日'],
    ['{{买家}}', '小鹿爱吃糖'],
    ['{{订单号}}', '6912345678901234567'],
    ['{{店铺}}', '鹿鹿旗舰店'],
    ['{{客服}}', '小王'],
    ['{{日期}}', '2026年11月22日'],
    ['{{ buyer }}', '小鹿爱吃糖'],
    ['{{BUYER}}', '小鹿爱吃糖'],
  ])('fills %s', (body, expected) => {
    expect(renderTemplate(`「${body}」`, ctx, {}, zh)).toEqual({ ok: true, text: `「${expected}」` });
  });

  it('formats today in the agent’s language', () => {
    expect(formatToday(now, 'zh')).toBe('2026年11月22日');
    expect(formatToday(now, 'en')).toBe('Nov 22, 2026');
  });

  it('reports unknown context values as missing instead of inserting braces', () => {
    const r = renderTemplate('{{buyer}}您好，订单{{order}}已发货', { buyer: '  ' }, {}, zh);
    expect(r).toEqual({
      ok: false,
      missing: [
        { key: 'buyer', label: 'buyer', kind: 'context' },
        { key: 'order', label: 'order', kind: 'context' },
      ],
    });
  });

  it('asks for fill-in fields once per label, and uses the answers', () => {
    const body = '尺码{{填写:尺码}}，颜色{{ask:颜色}}，再确认尺码{{填写：尺码}}';
    const asked = renderTemplate(body, ctx, {}, zh);
    expect(asked.ok).toBe(false);
    if (!asked.ok) expect(asked.missing.map((m) => m.label)).toEqual(['尺码', '颜色']);
    expect(renderTemplate(body, ctx, { 'fill:尺码': 'XL', 'fill:颜色': '白色' }, zh)).toEqual({ ok: true, text: '尺码XL，颜色白色，再确认尺码XL' });
  });

  it('answers fill missing context values too', () => {
    expect(renderTemplate('{{buyer}}您好', {}, { buyer: '阿花' }, zh)).toEqual({ ok: true, text: '阿花您好' });
  });

  it('treats an unknown name (a typo) as a question, never as text with braces', () => {
    const r = renderTemplate('您好{{buyre}}', ctx, {}, zh);
    expect(r).toEqual({ ok: false, missing: [{ key: 'fill:buyre', label: 'buyre', kind: 'fill' }] });
  });

  it('keeps escaped braces literally and plain text untouched', () => {
    expect(renderTemplate('代码 \\{{buyer}} 原样', ctx, {}, zh)).toEqual({ ok: true, text: '代码 {{buyer}} 原样' });
    expect(renderTemplate('没有变量\n第二行', {}, {}, zh)).toEqual({ ok: true, text: '没有变量\n第二行' });
  });
});

describe('parseTemplate', () => {
  it('lists the fields to ask for, in order of first use', () => {
    expect(parseTemplate('{{ask:size}} {{shop}} {{填写:颜色}} {{ask:size}}').fields).toEqual([
      { key: 'fill:size', label: 'size' },
      { key: 'fill:颜色', label: '颜色' },
    ]);
  });
});
