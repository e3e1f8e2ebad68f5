import { extractFrom, findEditable, hostIn, pageContext, textOf } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * Etsy Messages for sellers. Two URL families serve the same conversation UI:
 * the older `/your/conversations/<id>` and the newer `/messages/<id>`.
 */
const SELECTORS = {
  // Conversation view, composer. Public scripts only say "a textarea"; the
  // `name="message"` / `data-id="message-composer"` hooks are ASSUMED. No bare
  // `textarea` fallback: the page also has a search box and a private-note textarea.
  reply: ['[data-id="message-composer"] textarea', 'textarea[name="message"]'],
  // Conversation header: the buyer's display name. ASSUMED hook. The @username
  // beside it would be a stable id but is not confirmed, so buyerName only.
  buyerName: ['[data-id="conversation-header"] [data-id="buyer-name"]'],
  // Order context card in the side panel ("Order #1234567890"). ASSUMED hook.
  order: ['[data-id="conversation-order-card"]'],
} as const;

/** Etsy receipt (order) numbers are 10 digits. */
const ORDER_ID = /(?<!\d)(\d{10})(?!\d)/;

export const adapter: SiteAdapter = {
  id: 'etsy',
  name: { zh: 'Etsy', en: 'Etsy' },
  canInsert: true,
  consoleUrl: 'https://www.etsy.com/messages',
  detect: (url) =>
    hostIn(url, ['www.etsy.com']) &&
    (url.pathname === '/messages' ||
      url.pathname.startsWith('/messages/') ||
      url.pathname.startsWith('/your/conversations')),
  readContext: (doc) =>
    pageContext('etsy', {
      buyerName: textOf(doc, SELECTORS.buyerName),
      orderId: extractFrom(doc, SELECTORS.order, ORDER_ID),
    }),
  findReplyField: (doc) => findEditable(doc, SELECTORS.reply),
};

// Written against:
// - https://www.etsy.com/messages/1234567890 (current Messages)
// - https://www.etsy.com/your/conversations/1234567890 (older URL, still redirects into the same UI)
