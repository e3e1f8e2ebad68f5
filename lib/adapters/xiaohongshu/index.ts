import { extractFrom, findEditable, hostIn, pageContext, textOf } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * 小红书千帆 (ark) merchant customer service. ASSUMED throughout: the host is
 * public (ark.xiaohongshu.com is the merchant backend), the chat path and DOM are
 * not confirmed by any public script.
 */
const SELECTORS = {
  // Chat composer. ASSUMED: a textarea, or a contenteditable editor.
  reply: ['.im-editor textarea', '.im-editor [contenteditable="true"]'],
  // Chat header: buyer nickname. ASSUMED.
  buyerName: ['.im-chat-header .nickname'],
  // Side panel: the order card the agent opened. ASSUMED.
  activeOrderCard: ['.im-order-list .order-card.active'],
} as const;

/** Xiaohongshu order ids: "P" followed by 18 digits. */
const ORDER_ID = /(?<![0-9A-Za-z])(P\d{18})(?!\d)/;

export const adapter: SiteAdapter = {
  id: 'xiaohongshu',
  name: { zh: '小红书', en: 'Xiaohongshu' },
  canInsert: true,
  consoleUrl: 'https://ark.xiaohongshu.com/app-im/chat',
  // Only the IM pages of ark: the rest of the merchant backend has many
  // textareas (product descriptions) a reply must never land in.
  detect: (url) => hostIn(url, ['ark.xiaohongshu.com']) && /^\/(?:app-)?im(?:\/|$)/.test(url.pathname),
  readContext: (doc) =>
    pageContext('xiaohongshu', {
      buyerName: textOf(doc, SELECTORS.buyerName),
      orderId: extractFrom(doc, SELECTORS.activeOrderCard, ORDER_ID),
    }),
  findReplyField: (doc) => findEditable(doc, SELECTORS.reply),
};

// Written against (assumed, not verified on a live console):
// - https://ark.xiaohongshu.com/app-im/chat
