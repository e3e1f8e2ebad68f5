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

  it('reads a variable with a broken closing brace, and asks for stray or empty braces, so no braces reach the buyer', () => {
    expect(renderTemplate('{{buyer}您好', ctx, {}, zh)).toEqual({ ok: true, text: '小鹿爱吃糖您好' });
    expect(renderTemplate('您好{{ buyer\n第二行', ctx, {}, zh)).toEqual({ ok: true, text: '您好小鹿爱吃糖\n第二行' });
    expect(renderTemplate('尺码{{}}', ctx, {}, zh)).toEqual({ ok: false, missing: [{ key: 'fill:{{}}', label: '{{}}', kind: 'fill' }] });
    const typo = renderTemplate('您好{{买家 欢迎', ctx, {}, zh);
    expect(typo).toEqual({ ok: false, missing: [{ key: 'fill:买家 欢迎', label: '买家 欢迎', kind: 'fill' }] });
  });

  it('formats English dates the same everywhere, single-digit days included', () => {
    expect(formatToday(new Date(2027, 0, 5), 'en')).toBe('Jan 5, 2027');
    expect(formatToday(new Date(2027, 0, 5), 'zh')).toBe('2027年1月5日');
    expect(renderTemplate('{{today}}', {}, {}, { now, locale: 'en' })).toEqual({ ok: true, text: 'Nov 22, 2026' });
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

describe('renderTemplate: every name and alias', () => {
  const en = { now, locale: 'en' as const };
  it.each([
    ['date', '2026年11月22日'],
    ['买家昵称', '小鹿爱吃糖'],
    ['订单', '6912345678901234567'],
    ['店铺名', '鹿鹿旗舰店'],
    ['今天', '2026年11月22日'],
    ['Agent', '小王'],
    ['  订单号  ', '6912345678901234567'],
    ['\u3000买家\u3000', '小鹿爱吃糖'], // full-width spaces from a Chinese IME
    ['\tshop\n', '鹿鹿旗舰店'],
  ])('fills {{%s}}', (name, expected) => {
    expect(renderTemplate(`亲{{${name}}}好`, ctx, {}, zh)).toEqual({ ok: true, text: `亲${expected}好` });
  });

  it.each([['{{today}}'], ['{{date}}'], ['{{日期}}'], ['{{今天}}']])('writes %s in English for an English-speaking agent', (body) => {
    expect(renderTemplate(body, {}, {}, en)).toEqual({ ok: true, text: 'Nov 22, 2026' });
  });

  it('numbers months from 1, at both ends of the year', () => {
    expect(formatToday(new Date(2027, 0, 1, 0, 0), 'zh')).toBe('2027年1月1日');
    expect(formatToday(new Date(2026, 11, 31, 23, 59), 'zh')).toBe('2026年12月31日');
    expect(formatToday(new Date(2027, 0, 1, 0, 0), 'en')).toBe('Jan 1, 2027');
  });

  it('never reports today as missing, even with no context at all', () => {
    expect(renderTemplate('{{today}}', {}, {}, zh)).toEqual({ ok: true, text: '2026年11月22日' });
  });

  it('trims context values and answers', () => {
    expect(renderTemplate('[{{buyer}}][{{ask:尺码}}]', { buyer: ' 阿花\n' }, { 'fill:尺码': '  XL ' }, zh)).toEqual({ ok: true, text: '[阿花][XL]' });
  });
});

describe('renderTemplate: fill-in fields', () => {
  it.each([['{{填写:尺码}}'], ['{{填写：尺码}}'], ['{{ask:尺码}}'], ['{{ASK : 尺码}}'], ['{{ 填写 ： 尺码 }}']])('%s asks for 尺码', (body) => {
    expect(renderTemplate(body, ctx, {}, zh)).toEqual({ ok: false, missing: [{ key: 'fill:尺码', label: '尺码', kind: 'fill' }] });
    expect(renderTemplate(body, ctx, { 'fill:尺码': 'L' }, zh)).toEqual({ ok: true, text: 'L' });
  });

  it('asks once for a label used twice, whichever prefix, and fills both places', () => {
    const body = '{{ask:size}}/{{填写:size}}/{{ask: size }}';
    const asked = renderTemplate(body, {}, {}, zh);
    expect(asked).toEqual({ ok: false, missing: [{ key: 'fill:size', label: 'size', kind: 'fill' }] });
    expect(renderTemplate(body, {}, { 'fill:size': 'M' }, zh)).toEqual({ ok: true, text: 'M/M/M' });
  });

  it('asks once for a context value used twice under different aliases', () => {
    expect(renderTemplate('{{order}} {{订单号}} {{订单}}', {}, {}, zh)).toEqual({ ok: false, missing: [{ key: 'order', label: 'order', kind: 'context' }] });
  });

  it('lists missing values in order of first use, context and fill mixed', () => {
    const r = renderTemplate('{{ask:颜色}}{{buyer}}{{填写:尺码}}{{order}}{{ask:颜色}}', {}, {}, zh);
    expect(r.ok ? [] : r.missing.map((m) => m.key)).toEqual(['fill:颜色', 'buyer', 'fill:尺码', 'order']);
  });

  it('does not fill a fill-in field from a context value of the same name', () => {
    // {{ask:buyer}} asks the agent; it must not silently take the page's buyer.
    expect(renderTemplate('{{ask:buyer}}', ctx, {}, zh)).toEqual({ ok: false, missing: [{ key: 'fill:buyer', label: 'buyer', kind: 'fill' }] });
  });
});

describe('renderTemplate: never raw braces', () => {
  it.each([['{{buyre}}'], ['{{ 顾客 }}'], ['{{ask}}'], ['{{foo bar}}']])('asks for the unknown %s and fills the answer in', (body) => {
    const asked = renderTemplate(`您好${body}！`, ctx, {}, zh);
    expect(asked.ok).toBe(false);
    if (asked.ok) return;
    expect(asked.missing).toHaveLength(1);
    expect(asked.missing[0]!.kind).toBe('fill');
    const answered = renderTemplate(`您好${body}！`, ctx, { [asked.missing[0]!.key]: '阿花' }, zh);
    expect(answered).toEqual({ ok: true, text: '您好阿花！' });
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['full-width blank', '\u3000'],
    ['undefined', undefined],
  ])('reports a %s context value as missing', (_, value) => {
    expect(renderTemplate('{{shop}}', { shop: value }, {}, zh)).toEqual({ ok: false, missing: [{ key: 'shop', label: 'shop', kind: 'context' }] });
  });

  it('reports a blank answer to a fill-in field as still missing', () => {
    expect(renderTemplate('{{ask:尺码}}', {}, { 'fill:尺码': ' ' }, zh)).toEqual({ ok: false, missing: [{ key: 'fill:尺码', label: '尺码', kind: 'fill' }] });
  });

  it('lets answers override values read from the page', () => {
    expect(renderTemplate('{{buyer}}/{{order}}', ctx, { buyer: '阿花', order: '123' }, zh)).toEqual({ ok: true, text: '阿花/123' });
  });

  it('writes \\{{ as literal braces without asking for anything', () => {
    expect(parseTemplate('\\{{ask:尺码}}').fields).toEqual([]);
    expect(renderTemplate('\\{{ask:尺码}} {{buyer}}', ctx, {}, zh)).toEqual({ ok: true, text: '{{ask:尺码}} 小鹿爱吃糖' });
    expect(renderTemplate('\\{{', {}, {}, zh)).toEqual({ ok: true, text: '{{' });
  });

  it('leaves single braces alone', () => {
    expect(renderTemplate('{buyer} {{buyer}}}', ctx, {}, zh)).toEqual({ ok: true, text: '{buyer} 小鹿爱吃糖}' });
  });
});
