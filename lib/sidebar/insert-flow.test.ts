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
