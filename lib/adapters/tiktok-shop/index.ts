import { extractFrom, findEditable, pageContext, textOf } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * TikTok Shop Seller Center customer-service chat. ASSUMED throughout: no public
 * script confirmed the DOM, and the hosts/paths come from public help pages
 * (regional `seller-<region>.tiktok.com`, and `seller.tiktokglobalshop.com` for
 * cross-border sellers; chat under `/chat` or the IM workbench `/im`).
 */
const REGIONAL_HOST = /^seller-[a-z]{2,3}\.tiktok\.com$/;
const GLOBAL_HOSTS = ['seller.tiktokglobalshop.com'];

const SELECTORS = {
  // Chat composer. ASSUMED hooks: a textarea, or a contenteditable in newer builds.
  reply: ['[data-e2e="im-chat-input"] textarea', '[data-e2e="im-chat-input"] [contenteditable="true"]'],
  // Chat header: buyer nickname. ASSUMED.
  buyerName: ['[data-e2e="im-chat-header-name"]'],
  // Order card pinned in the side panel. ASSUMED.
  activeOrderCard: ['[data-e2e="im-order-card"][data-selected="true"]'],
} as const;

/** TikTok Shop order ids are 18 digits starting with 5 (e.g. 576…). */
const ORDER_ID = /(?<!\d)(5\d{17})(?!\d)/;

function isChatPath(pathname: string): boolean {
  return /^\/(?:chat|im)(?:\/|$)/.test(pathname);
}

export const adapter: SiteAdapter = {
  id: 'tiktok-shop',
  name: { zh: 'TikTok Shop', en: 'TikTok Shop' },
  canInsert: true,
  detect: (url) =>
    url.protocol === 'https:' &&
    (REGIONAL_HOST.test(url.hostname) || GLOBAL_HOSTS.includes(url.hostname)) &&
    isChatPath(url.pathname),
  readContext: (doc) =>
    pageContext('tiktok-shop', {
      buyerName: textOf(doc, SELECTORS.buyerName),
      orderId: extractFrom(doc, SELECTORS.activeOrderCard, ORDER_ID),
    }),
  findReplyField: (doc) => findEditable(doc, SELECTORS.reply),
};

// Written against (assumed, not verified on a live console):
// - https://seller-us.tiktok.com/chat
// - https://seller.tiktokglobalshop.com/im/workbench
