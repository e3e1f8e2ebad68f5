import { attrOf, extractFrom, findEditable, hostIn, pageContext, textOf } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * 拼多多商家后台 chat (chat-merchant), a Vue 2 app with readable, unhashed class
 * names and a few ids.
 */
const SELECTORS = {
  // Chat panel: the reply box. Verified: `textarea#replyTextarea` is what public
  // PDD helper extensions fill (native value setter + input event).
  reply: ['textarea#replyTextarea'],
  // Buyer uid. Conversation list: the active item carries the uid in
  // `data-random` (public extension notes: same value as the message
  // containers' `currentuid`); the `.chat-item.active` wrapper is ASSUMED.
  // Message list: every message container `[currentuid]` inside
  // `#msgListContainer` holds the buyer uid (verified), the fallback when the
  // list item is scrolled out of the virtualised list.
  buyerIdItems: ['.chat-list .chat-item.active[data-random]'],
  buyerIdMessages: ['#msgListContainer [currentuid]'],
  // Active conversation item: buyer nickname. ASSUMED class names.
  buyerName: ['.chat-list .chat-item.active .chat-nickname'],
  // Right panel "订单" tab: the order card the agent expanded. ASSUMED
  // (`.order-panel .order-item.selected`); other cards of the buyer are decoys.
  activeOrderCard: ['.order-panel .order-item.selected'],
  // Top bar of the merchant backend: shop name. ASSUMED.
  shop: ['.mall-info .mall-name'],
} as const;

/** PDD order ids: 6-digit date, dash, 15 digits (e.g. 240312-123456789012345). */
const ORDER_ID = /(?<![\d-])(\d{6}-\d{15})(?!\d)/;

export const adapter: SiteAdapter = {
  id: 'pinduoduo',
  name: { zh: '拼多多', en: 'Pinduoduo' },
  canInsert: true,
  consoleUrl: 'https://mms.pinduoduo.com/chat-merchant/index.html#/',
  detect: (url) => hostIn(url, ['mms.pinduoduo.com']) && url.pathname.startsWith('/chat-merchant/'),
  readContext: (doc) =>
    pageContext('pinduoduo', {
      shop: textOf(doc, SELECTORS.shop),
      buyerId: attrOf(doc, SELECTORS.buyerIdItems, 'data-random') ?? attrOf(doc, SELECTORS.buyerIdMessages, 'currentuid'),
      buyerName: textOf(doc, SELECTORS.buyerName),
      orderId: extractFrom(doc, SELECTORS.activeOrderCard, ORDER_ID),
    }),
  findReplyField: (doc) => findEditable(doc, SELECTORS.reply),
};

// Written against:
// - https://mms.pinduoduo.com/chat-merchant/index.html#/ (商家聊天工作台)
