import { extractFrom, findEditable, hostIn, pageContext, textOf } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * 抖店飞鸽 (Douyin shop customer service), React app. `data-qa-id` hooks are the
 * console's own test ids and survive its frequent restyles; class names are hashed.
 */
const SELECTORS = {
  // Workspace, any conversation: the send box. Verified: public userscripts and
  // Playwright bots all fill `textarea[data-qa-id="qa-send-message-textarea"]`.
  reply: ['textarea[data-qa-id="qa-send-message-textarea"]'],
  // Workspace top bar: first span is the buyer nickname, the next one is the
  // "添加备注" (add note) button. Verified in a public test fixture of the bar.
  // The nickname is not a stable id, so 飞鸽 yields buyerName only. No fallback
  // to the whole bar: its text would include "添加备注".
  buyerName: ['#topbar-left-info > span:first-of-type'],
  // Right panel, variant "with order card": the buyer's orders as cards; the one
  // the agent opened is marked selected. ASSUMED hook (not in public scripts):
  // `data-qa-id="qa-order-card"` with `aria-selected="true"`. Earlier cards of the
  // same buyer carry the same hook without the flag and must not be read.
  // Variant "no order card" (pre-sale chat): nothing matches, orderId is omitted.
  activeOrderCard: ['[data-qa-id="qa-order-card"][aria-selected="true"]'],
  // Header of the console: shop name next to the shop avatar. ASSUMED hook.
  shop: ['[data-qa-id="qa-shop-name"]'],
} as const;

/** Douyin order ids are 19 digits; the guards keep longer numbers (logistics ids) out. */
const ORDER_ID = /(?<!\d)(\d{19})(?!\d)/;

export const adapter: SiteAdapter = {
  id: 'feige',
  name: { zh: '抖店飞鸽', en: 'Douyin Feige' },
  canInsert: true,
  consoleUrl: 'https://im.jinritemai.com/pc_seller_v2/main/workspace',
  detect: (url) => hostIn(url, ['im.jinritemai.com']) && url.pathname.startsWith('/pc_seller_v2/'),
  readContext: (doc) =>
    pageContext('feige', {
      shop: textOf(doc, SELECTORS.shop),
      buyerName: textOf(doc, SELECTORS.buyerName),
      orderId: extractFrom(doc, SELECTORS.activeOrderCard, ORDER_ID),
    }),
  findReplyField: (doc) => findEditable(doc, SELECTORS.reply),
};

// Written against:
// - https://im.jinritemai.com/pc_seller_v2/main/workspace (飞鸽 PC workspace)
