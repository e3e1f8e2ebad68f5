import { beforeEach, describe, expect, it } from 'vitest';
import { CustomSite, createCustomAdapter } from './index';

const SITE: CustomSite = {
  id: 'custom-acme-desk',
  name: 'Acme 客服台',
  matches: ['https://desk.acme.example/chat/*', 'https://*.acme-help.example/*'],
  replySelector: '#reply',
  buyerSelector: '.buyer',
  orderSelector: '.order',
  shopSelector: '.shop',
};

describe('CustomSite schema', () => {
  it('accepts a complete site and one without optional selectors', () => {
    expect(CustomSite.safeParse(SITE).success).toBe(true);
    const { buyerSelector: _b, orderSelector: _o, shopSelector: _s, ...minimal } = SITE;
    expect(CustomSite.safeParse(minimal).success).toBe(true);
  });

  it.each([
    ['id without prefix', { id: 'acme' }],
    ['id not kebab-case', { id: 'custom-Acme_Desk' }],
    ['id with only the prefix', { id: 'custom-' }],
    ['empty name', { name: '  ' }],
    ['no match patterns', { matches: [] }],
    ['an invalid match pattern', { matches: ['desk.acme.example/chat'] }],
    ['empty reply selector', { replySelector: '' }],
  ])('rejects %s', (_label, change) => {
    expect(CustomSite.safeParse({ ...SITE, ...change }).success).toBe(false);
  });
});

describe('createCustomAdapter', () => {
  beforeEach(() => {
    document.body.innerHTML = `
      <span class="shop">店铺： Acme 旗舰店</span>
      <div class="buyer"> 小明 </div>
      <div class="order">订单号：A-1001</div>
      <textarea id="notes"></textarea>
      <textarea id="reply"></textarea>`;
  });

  it('detects by match pattern', () => {
    const adapter = createCustomAdapter(SITE);
    expect(adapter.id).toBe('custom-acme-desk');
    expect(adapter.detect(new URL('https://desk.acme.example/chat/42'))).toBe(true);
    expect(adapter.detect(new URL('https://eu.acme-help.example/inbox'))).toBe(true);
    expect(adapter.detect(new URL('https://desk.acme.example/settings'))).toBe(false);
    expect(adapter.detect(new URL('https://desk.acme.example.evil.example/chat/42'))).toBe(false);
  });

  it('reads context with labels stripped and finds the reply field', () => {
    const adapter = createCustomAdapter(SITE);
    expect(adapter.readContext(document, new URL('https://desk.acme.example/chat/1'))).toEqual({
      platform: 'custom-acme-desk',
      shop: 'Acme 旗舰店',
      buyerName: '小明',
      orderId: 'A-1001',
    });
    expect(adapter.findReplyField(document)?.id).toBe('reply');
  });

  it('yields nothing for invalid selectors instead of throwing', () => {
    const adapter = createCustomAdapter({ ...SITE, replySelector: '##', buyerSelector: 'div[', orderSelector: ':nope(', shopSelector: '>>' });
    expect(adapter.readContext(document, new URL('https://desk.acme.example/chat/1'))).toEqual({ platform: 'custom-acme-desk' });
    expect(adapter.findReplyField(document)).toBeNull();
  });

  it('returns null when the reply selector matches something not editable', () => {
    const adapter = createCustomAdapter({ ...SITE, replySelector: '.buyer' });
    expect(adapter.findReplyField(document)).toBeNull();
  });
});
