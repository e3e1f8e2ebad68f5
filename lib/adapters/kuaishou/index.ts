import { extractFrom, findEditable, hostIn, pageContext, textOf } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * 快手小店 customer-service workbench (im.kwaixiaodian.com/workbench). The input
 * is a Quill editor; Quill's own class names (`ql-editor`) are stable because
 * they come from the library, not from a CSS-module build.
 */
const SELECTORS = {
  // Chat foot: Quill root `div.ql-editor[contenteditable=true]`. The URL is
  // verified (public bots open /workbench); `ql-editor` comes from public
  // userscripts, not re-verified here. A read-only Quill (`contenteditable=false`,
  // e.g. a quoted message preview) is skipped by findEditable.
  reply: ['div.ql-editor[contenteditable="true"]'],
  // Session header: buyer nickname. ASSUMED class name.
  buyerName: ['.session-header .buyer-name'],
  // Right panel "订单" list: the order card the agent selected. ASSUMED.
  activeOrderCard: ['.order-list .order-card.is-active'],
  // Workbench top bar: shop name. ASSUMED.
  shop: ['.shop-info .shop-name'],
} as const;

/** Kuaishou order ids are 16 digits. */
const ORDER_ID = /(?<!\d)(\d{16})(?!\d)/;

export const adapter: SiteAdapter = {
  id: 'kuaishou',
  name: { zh: '快手小店', en: 'Kuaishou Shop' },
  canInsert: true,
  consoleUrl: 'https://im.kwaixiaodian.com/workbench',
  detect: (url) => hostIn(url, ['im.kwaixiaodian.com']) && url.pathname.startsWith('/workbench'),
  readContext: (doc) =>
    pageContext('kuaishou', {
      shop: textOf(doc, SELECTORS.shop),
      buyerName: textOf(doc, SELECTORS.buyerName),
      orderId: extractFrom(doc, SELECTORS.activeOrderCard, ORDER_ID),
    }),
  findReplyField: (doc) => findEditable(doc, SELECTORS.reply),
};

// Written against:
// - https://im.kwaixiaodian.com/workbench (快手小店客服工作台)
