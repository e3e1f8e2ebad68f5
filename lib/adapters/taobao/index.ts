import { extractFrom, extractFromQuery, hostIn, pageContext, textOf } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * Taobao/Tmall seller web pages. 千牛 chat itself is a desktop client a browser
 * extension cannot reach, so this adapter never inserts (canInsert false: the
 * sidebar falls back to copy-to-clipboard). It still reads the order on trade
 * pages so notes and complaint checklists attach to the right order.
 */
const HOSTS = [
  'myseller.taobao.com', // 千牛卖家中心 web
  'qn.taobao.com', // 千牛 web workbench pages
  'trade.taobao.com', // 交易详情 (trade detail)
  'trade.tmall.com', // Tmall trade detail
  'refund2.taobao.com', // 退款详情 (refund detail)
  'refund2.tmall.com',
];

const SELECTORS = {
  // Trade/refund detail: the order number row ("订单编号：1234…"). ASSUMED
  // `.order-number` / `[data-spm="order-number"]` hooks; the URL is tried first.
  order: ['[data-spm="order-number"]', '.order-number'],
  // Trade detail: the buyer's nickname row ("买家昵称：…"). ASSUMED.
  buyerName: ['.buyer-nick'],
} as const;

/** Taobao/Tmall order ids are 16–19 digits. */
const ORDER_ID = /(?<!\d)(\d{16,19})(?!\d)/;
/** Trade and refund pages name the order in the query (bizOrderId is the public one). */
const ORDER_PARAMS = ['bizOrderId', 'biz_order_id', 'orderId', 'order_id'];

export const adapter: SiteAdapter = {
  id: 'taobao',
  name: { zh: '淘宝/天猫 (千牛)', en: 'Taobao/Tmall (Qianniu)' },
  canInsert: false,
  consoleUrl: 'https://myseller.taobao.com/home.htm',
  detect: (url) => hostIn(url, HOSTS),
  readContext: (doc, url) =>
    pageContext('taobao', {
      buyerName: textOf(doc, SELECTORS.buyerName),
      orderId: extractFromQuery(url, ORDER_PARAMS, ORDER_ID) ?? extractFrom(doc, SELECTORS.order, ORDER_ID),
    }),
  // 千牛 chat is outside the browser; no web page here has the chat input.
  findReplyField: () => null,
};

// Written against:
// - https://trade.taobao.com/trade/detail/trade_order_detail.htm?bizOrderId=… (trade detail)
// - https://myseller.taobao.com/home.htm (千牛卖家中心)
// - https://trade.tmall.com/detail/orderDetail.htm?bizOrderId=… (Tmall trade detail)
