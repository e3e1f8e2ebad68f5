import { extractFrom, findEditable, hostIn, pageContext, textOf } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * Shopify Inbox. The app runs at inbox.shopify.com; inside the admin
 * (admin.shopify.com/store/<handle>/apps/inbox) the same app is embedded in a
 * cross-origin iframe, which a top-frame content script cannot reach: there
 * findReplyField returns null and insertion needs the content script to also
 * run in the inbox.shopify.com frame (all_frames). DOM hooks are ASSUMED.
 */
const SELECTORS = {
  // Conversation composer. ASSUMED hooks (Polaris apps use plain textareas).
  reply: ['[data-testid="composer"] textarea', 'textarea[name="message"]'],
  // Conversation header: customer name. ASSUMED.
  buyerName: ['[data-testid="conversation-header-customer-name"]'],
  // Customer side panel: the order shown ("Order #1001"). ASSUMED.
  order: ['[data-testid="customer-details-order-name"]'],
} as const;

/** Shopify order names: "#" and digits (shops may add a prefix/suffix; the number part is kept). */
const ORDER_NAME = /#\s?(\d{3,10})(?!\d)/;
/** Admin URL: /store/<handle>/apps/inbox… — the store handle is the shop. */
const ADMIN_INBOX = /^\/store\/([a-z0-9][a-z0-9-]*)\/apps\/inbox(?:\/|$)/;

export const adapter: SiteAdapter = {
  id: 'shopify-inbox',
  name: { zh: 'Shopify Inbox', en: 'Shopify Inbox' },
  canInsert: true,
  consoleUrl: 'https://inbox.shopify.com/',
  detect: (url) => hostIn(url, ['inbox.shopify.com']) || (hostIn(url, ['admin.shopify.com']) && ADMIN_INBOX.test(url.pathname)),
  readContext: (doc, url) =>
    pageContext('shopify-inbox', {
      shop: hostIn(url, ['admin.shopify.com']) ? ADMIN_INBOX.exec(url.pathname)?.[1] : undefined,
      buyerName: textOf(doc, SELECTORS.buyerName),
      orderId: extractFrom(doc, SELECTORS.order, ORDER_NAME),
    }),
  findReplyField: (doc) => findEditable(doc, SELECTORS.reply),
};

// Written against (URLs public, DOM assumed):
// - https://inbox.shopify.com/ (standalone Inbox web app)
// - https://admin.shopify.com/store/example-shop/apps/inbox (admin-embedded)
