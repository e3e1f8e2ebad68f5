import { extractFrom, findEditable, hostIn, pageContext, textOf } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * 京东咚咚 web workbench (商家客服). Readable class names; the editor is a pell
 * contenteditable div in the main document (the page also has an empty iframe,
 * which is not the editor).
 */
const SELECTORS = {
  // Chat foot: `.pell-editor-wrapper > .EditorContent[contenteditable=true]`.
  // Verified: public Playwright drivers of the workbench type into this.
  reply: ['.EditorContent[contenteditable="true"]'],
  // Chat head: buyer name in the first span. Verified (same drivers). JD shows
  // the buyer's account pin here, but public scripts do not confirm it is the
  // pin rather than a nickname, so it is reported as buyerName only.
  buyerName: ['.chat-head-name > span'],
  // Right plugin area (`.plugin-wrap`, verified container), "订单" tab: the order
  // the agent opened is marked `.cur`. ASSUMED; other order rows are decoys.
  activeOrderCard: ['.plugin-wrap .order-item.cur'],
  // Workbench header: the shop (vender) name. ASSUMED.
  shop: ['.header-wrap .vender-name'],
} as const;

/** JD order ids are 10–13 digits; guards keep longer numbers (waybills) out. */
const ORDER_ID = /(?<!\d)(\d{10,13})(?!\d)/;

export const adapter: SiteAdapter = {
  id: 'jd-dongdong',
  name: { zh: '京东咚咚', en: 'JD Dongdong' },
  canInsert: true,
  consoleUrl: 'https://dongdong.jd.com/',
  detect: (url) => hostIn(url, ['dongdong.jd.com']),
  readContext: (doc) =>
    pageContext('jd-dongdong', {
      shop: textOf(doc, SELECTORS.shop),
      buyerName: textOf(doc, SELECTORS.buyerName),
      orderId: extractFrom(doc, SELECTORS.activeOrderCard, ORDER_ID),
    }),
  findReplyField: (doc) => findEditable(doc, SELECTORS.reply),
};

// Written against:
// - https://dongdong.jd.com/ (咚咚 web workbench, 正在咨询 tab)
