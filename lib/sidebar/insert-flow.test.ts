import { describe, expect, it } from 'vitest';
import { contextValues, planInsertion } from './insert-flow';

const now = new Date(2026, 10, 22);
const settings = { agentName: '小王', shopName: '鹿鹿旗舰店' };

describe('planInsertion', () => {
  it('fills variables from the page and settings', () => {
    const plan = planInsertion('{{buyer}}您好，我是{{shop}}的{{agent}}', { platform: 'feige', buyerName: '阿花' }, settings, {}, { now, lang: 'zh' });
    expect(plan).toEqual({ kind: 'ready', text: '阿花您好，我是鹿鹿旗舰店的小王' });
  });

  it('asks for what the page and settings do not know', () => {
    const plan = planInsertion('订单{{order}}，尺码{{填写:尺码}}', { platform: 'generic' }, settings, {}, { now, lang: 'zh' });
    expect(plan).toEqual({
      kind: 'ask',
      missing: [
        { key: 'order', label: 'order', kind: 'context' },
        { key: 'fill:尺码', label: '尺码', kind: 'fill' },
      ],
    });
  });

  it('prefers the console’s shop over the settings, and the buyer name over the id', () => {
    expect(contextValues({ platform: 'x', shop: '页面店铺', buyerId: 'uid123', buyerName: '阿花' }, settings)).toEqual({ buyer: '阿花', order: undefined, shop: '页面店铺', agent: '小王' });
    expect(contextValues({ platform: 'x', buyerId: 'uid123' }, { agentName: '', shopName: '' })).toEqual({ buyer: 'uid123', order: undefined, shop: undefined, agent: undefined });
  });
});

describe('contextValues', () => {
  it.each([
    ['the buyer name', { platform: 'x', buyerName: '阿花', buyerId: 'uid1' }, '阿花'],
    ['the buyer id when the page shows no name', { platform: 'x', buyerId: 'uid1' }, 'uid1'],
    ['nothing when the page knows neither', { platform: 'x' }, undefined],
  ])('takes the buyer from %s', (_, page, buyer) => {
    expect(contextValues(page, settings).buyer).toBe(buyer);
  });

  it('takes the shop from the settings when the page has none, and the agent from the settings', () => {
    expect(contextValues({ platform: 'x', orderId: '123' }, settings)).toEqual({ buyer: undefined, order: '123', shop: '鹿鹿旗舰店', agent: '小王' });
    expect(contextValues(undefined, settings)).toEqual({ buyer: undefined, order: undefined, shop: '鹿鹿旗舰店', agent: '小王' });
  });

  it('leaves shop and agent to be asked when the settings are blank', () => {
    expect(contextValues(undefined, { agentName: '', shopName: '' })).toEqual({ buyer: undefined, order: undefined, shop: undefined, agent: undefined });
  });
});

describe('planInsertion with answers', () => {
  const zh = { now, lang: 'zh' as const };

  it('is ready once the answers fill what was missing', () => {
    const wording = '{{buyer}}您好，订单{{order}}的尺码{{填写:尺码}}已改好，{{客服}}';
    const asked = planInsertion(wording, { platform: 'x' }, { agentName: '', shopName: '' }, {}, zh);
    expect(asked.kind === 'ask' ? asked.missing.map((m) => m.key) : []).toEqual(['buyer', 'order', 'fill:尺码', 'agent']);
    const answers = { buyer: '阿花', order: '6912', 'fill:尺码': 'XL', agent: '小王' };
    expect(planInsertion(wording, { platform: 'x' }, { agentName: '', shopName: '' }, answers, zh)).toEqual({
      kind: 'ready',
      text: '阿花您好，订单6912的尺码XL已改好，小王',
    });
  });

  it('keeps asking for what the answers leave blank', () => {
    expect(planInsertion('{{order}}{{ask:颜色}}', { platform: 'x', orderId: '6912' }, settings, { 'fill:颜色': '  ' }, zh)).toEqual({
      kind: 'ask',
      missing: [{ key: 'fill:颜色', label: '颜色', kind: 'fill' }],
    });
  });

  it('uses the buyer id and the agent’s language for the date', () => {
    expect(planInsertion('{{buyer}} {{today}}', { platform: 'x', buyerId: 'uid1' }, settings, {}, { now, lang: 'en' })).toEqual({ kind: 'ready', text: 'uid1 Nov 22, 2026' });
    expect(planInsertion('{{日期}}', undefined, settings, {}, zh)).toEqual({ kind: 'ready', text: '2026年11月22日' });
  });
});
