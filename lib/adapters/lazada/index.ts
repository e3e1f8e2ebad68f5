import { extractFrom, findEditable, hostIn, pageContext, textOf } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * Lazada Seller Center IM ("Chat"). Verified from a public userscript: the chat
 * lives under `/apps/im/` on each country's sellercenter host. Everything about
 * the DOM below is ASSUMED from public screenshots, not verified selectors.
 */
const HOSTS = [
  'sellercenter.lazada.sg',
  'sellercenter.lazada.com.my',
  'sellercenter.lazada.co.id',
  'sellercenter.lazada.co.th',
  'sellercenter.lazada.com.ph',
  'sellercenter.lazada.vn',
];

const SELECTORS = {
  // Chat window, composer textarea. ASSUMED hook; the search box in the
  // conversation list is an input, and there is no other textarea in the window.
  reply: ['.im-chat-input textarea', '.message-input textarea'],
  // Chat window header: buyer name. ASSUMED.
  buyerName: ['.im-chat-header .buyer-name'],
  // Right panel "Orders": the order card currently shown. ASSUMED.
  activeOrderCard: ['.im-order-panel .order-card.active'],
} as const;

/** Lazada order numbers are 15 digits (older ones 9); the guards reject longer numbers. */
const ORDER_ID = /(?<!\d)(\d{15}|\d{9})(?!\d)/;

export const adapter: SiteAdapter = {
  id: 'lazada',
  name: { zh: 'Lazada 来赞达', en: 'Lazada' },
  canInsert: true,
  detect: (url) => hostIn(url, HOSTS) && url.pathname.startsWith('/apps/im/'),
  readContext: (doc) =>
    pageContext('lazada', {
      buyerName: textOf(doc, SELECTORS.buyerName),
      orderId: extractFrom(doc, SELECTORS.activeOrderCard, ORDER_ID),
    }),
  findReplyField: (doc) => findEditable(doc, SELECTORS.reply),
};

// Written against (URL verified, DOM assumed):
// - https://sellercenter.lazada.sg/apps/im/chat
// - https://sellercenter.lazada.com.my/apps/im/window
