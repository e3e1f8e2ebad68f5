import { extractFrom, findEditable, hostIn, pageContext, textOf } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * Shopee Seller Centre webchat (React, hashed class names; `data-cy` test hooks
 * are stable across regions). One adapter for every regional seller host.
 */
const HOSTS = [
  'seller.shopee.cn', // 中国跨境卖家中心 (CNSC)
  'seller.shopee.com.my',
  'seller.shopee.co.id',
  'seller.shopee.co.th',
  'seller.shopee.ph',
  'seller.shopee.sg',
  'seller.shopee.vn',
  'banhang.shopee.vn', // Vietnam's local seller centre host
  'seller.shopee.tw',
  'seller.shopee.com.br',
  'seller.shopee.com.mx',
  'seller.shopee.com.co',
  'seller.shopee.cl',
];

const SELECTORS = {
  // Conversation detail, composer. Verified: public bots fill
  // `[data-cy="webchat-conversation-detail-input"] > #inputField > textarea`.
  // Some bots also try a contenteditable inside the same hook (a newer composer
  // in some regions): kept second so the textarea wins when both exist.
  reply: [
    '[data-cy="webchat-conversation-detail-input"] textarea',
    '[data-cy="webchat-conversation-detail-input"] [contenteditable="true"]',
  ],
  // Conversation list: the open conversation's cell is
  // `data-cy="webchat-conversation-cell-root-current"` (verified; other cells are
  // `webchat-conversation-cell-root`). The name element inside is ASSUMED
  // (`data-cy="webchat-conversation-cell-name"`). The name is the buyer's
  // username, which public scripts do not tie to an id, so buyerName only.
  buyerName: ['[data-cy="webchat-conversation-cell-root-current"] [data-cy="webchat-conversation-cell-name"]'],
  // Right panel "Orders" tab: the order card opened in chat. ASSUMED hook.
  activeOrderCard: ['[data-cy="webchat-order-card"][aria-selected="true"]'],
  // Seller Centre top bar: shop name. ASSUMED hook.
  shop: ['[data-cy="shop-name"]'],
} as const;

/** Shopee order SN: 6-digit date + 8 upper-case alphanumerics (e.g. 240312ABCD1234). */
const ORDER_SN = /(?<![0-9A-Z])(\d{6}[0-9A-Z]{8})(?![0-9A-Z])/;

export const adapter: SiteAdapter = {
  id: 'shopee',
  name: { zh: 'Shopee 虾皮', en: 'Shopee' },
  canInsert: true,
  detect: (url) => hostIn(url, HOSTS) && (url.pathname === '/webchat' || url.pathname.startsWith('/webchat/')),
  readContext: (doc) =>
    pageContext('shopee', {
      shop: textOf(doc, SELECTORS.shop),
      buyerName: textOf(doc, SELECTORS.buyerName),
      orderId: extractFrom(doc, SELECTORS.activeOrderCard, ORDER_SN),
    }),
  findReplyField: (doc) => findEditable(doc, SELECTORS.reply),
};

// Written against:
// - https://seller.shopee.cn/webchat/conversations (CNSC webchat)
// - https://seller.shopee.com.my/webchat/conversations (regional hosts share the app)
