import { describe, expect, it } from 'vitest';
import type { CustomSite } from './custom';
import { adapterById, adapters, demoAdapterId, pickAdapter } from './index';

const OVERRIDE: CustomSite = {
  id: 'custom-feige-beta',
  name: '飞鸽 beta',
  matches: ['https://im.jinritemai.com/pc_seller_v2/beta/*'],
  replySelector: 'textarea',
};

describe('pickAdapter', () => {
  it.each([
    ['https://im.jinritemai.com/pc_seller_v2/main/workspace', 'feige'],
    ['https://mms.pinduoduo.com/chat-merchant/index.html', 'pinduoduo'],
    ['https://dongdong.jd.com/', 'jd-dongdong'],
    ['https://im.kwaixiaodian.com/workbench', 'kuaishou'],
    ['https://seller.shopee.com.my/webchat/conversations', 'shopee'],
    ['https://sellercentral.amazon.co.uk/messaging/inbox', 'amazon-seller-central'],
    ['https://www.etsy.com/your/conversations/1', 'etsy'],
    ['https://trade.taobao.com/trade/detail/trade_order_detail.htm', 'taobao'],
    ['https://example.com/helpdesk', 'generic'],
    ['http://127.0.0.1:5173/demo/feige/', 'generic'],
  ])('%s → %s', (href, id) => {
    expect(pickAdapter(new URL(href)).id).toBe(id);
  });

  it('tries custom sites before built-ins', () => {
    expect(pickAdapter(new URL('https://im.jinritemai.com/pc_seller_v2/beta/x'), [OVERRIDE]).id).toBe('custom-feige-beta');
    // Outside its patterns the built-in still wins.
    expect(pickAdapter(new URL('https://im.jinritemai.com/pc_seller_v2/main/workspace'), [OVERRIDE]).id).toBe('feige');
  });

  it('uses a custom site on a page no built-in claims, before generic', () => {
    const site: CustomSite = { ...OVERRIDE, id: 'custom-acme', matches: ['https://desk.acme.example/*'] };
    expect(pickAdapter(new URL('https://desk.acme.example/chat'), [site]).id).toBe('custom-acme');
  });

  it('never lets two built-ins claim the same console URL', () => {
    for (const href of ['https://im.jinritemai.com/pc_seller_v2/main/workspace', 'https://seller.shopee.cn/webchat/conversations']) {
      expect(adapters.filter((adapter) => adapter.detect(new URL(href))).map((adapter) => adapter.id)).toHaveLength(1);
    }
  });
});

describe('adapterById', () => {
  it('finds built-ins, generic and custom sites; undefined otherwise', () => {
    expect(adapterById('shopee')?.id).toBe('shopee');
    expect(adapterById('generic')?.id).toBe('generic');
    expect(adapterById('custom-feige-beta', [OVERRIDE])?.name.zh).toBe('飞鸽 beta');
    expect(adapterById('custom-feige-beta')).toBeUndefined();
    expect(adapterById('nope')).toBeUndefined();
  });
});

describe('demoAdapterId', () => {
  it.each([
    ['http://127.0.0.1:5173/demo/feige/', 'feige'],
    ['http://127.0.0.1:5173/demo/feige', 'feige'],
    ['http://localhost:4173/demo/amazon-seller-central/messaging/reply?orderId=1', 'amazon-seller-central'],
    ['http://localhost/demo/jd-dongdong/index.html', 'jd-dongdong'],
  ])('%s → %s', (href, id) => expect(demoAdapterId(new URL(href))).toBe(id));

  it.each([
    'https://127.0.0.1:5173/demo/feige/',
    'http://example.com/demo/feige/',
    'http://127.0.0.2/demo/feige/',
    'http://localhost.evil.example/demo/feige/',
    'http://127.0.0.1:5173/demo/unknown/',
    'http://127.0.0.1:5173/demo/generic/',
    'http://127.0.0.1:5173/demos/feige/',
    'http://127.0.0.1:5173/x/demo/feige/',
    'http://127.0.0.1:5173/demo/feigex/',
    'http://127.0.0.1:5173/demo/',
  ])('%s → undefined', (href) => expect(demoAdapterId(new URL(href))).toBeUndefined());
});
