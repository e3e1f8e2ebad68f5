import { extract, extractFrom, extractFromQuery, hostIn, isEditable, pageContext, queryDeep, textOf } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * Amazon Seller Central, Buyer-Seller Messaging. Built from Katal web components
 * (`kat-*`): the real `<textarea>` of a `kat-textarea` sits in its open shadow root.
 */
const HOSTS = [
  'sellercentral.amazon.com',
  'sellercentral.amazon.ca',
  'sellercentral.amazon.com.mx',
  'sellercentral.amazon.com.br',
  'sellercentral.amazon.co.uk',
  'sellercentral.amazon.de',
  'sellercentral.amazon.fr',
  'sellercentral.amazon.it',
  'sellercentral.amazon.es',
  'sellercentral.amazon.nl',
  'sellercentral.amazon.se',
  'sellercentral.amazon.pl',
  'sellercentral.amazon.com.be',
  'sellercentral.amazon.com.tr',
  'sellercentral.amazon.ae',
  'sellercentral.amazon.sa',
  'sellercentral.amazon.eg',
  'sellercentral.amazon.in',
  'sellercentral.amazon.co.jp',
  'sellercentral.amazon.sg',
  'sellercentral.amazon.com.au',
  'sellercentral-europe.amazon.com', // unified EU login host
  'sellercentral-japan.amazon.com',
];

const SELECTORS = {
  // Reply composer, in preference order. Thread view: a `kat-textarea` inside a
  // `[data-test-id="reply-composer"]` wrapper (ASSUMED hook). Contact-buyer form:
  // `.contact-buyer-text-area kat-textarea` (verified from public scripts). No
  // bare `kat-textarea` fallback: the page can also hold one for private notes,
  // and a reply landing there is worse than none (the sidebar then copies instead).
  replyHosts: ['[data-test-id="reply-composer"] kat-textarea', '.contact-buyer-text-area kat-textarea'],
  // Plain textareas, for pages or locales still rendered without Katal.
  replyPlain: ['[data-test-id="reply-composer"] textarea'],
  // Thread header: buyer name as shown to the seller (Amazon anonymises buyers,
  // no stable id is exposed). ASSUMED hook.
  buyerName: ['[data-test-id="thread-header-buyer-name"]'],
  // Thread header: "Order ID: 123-1234567-1234567". ASSUMED hook; the URL is tried first.
  order: ['[data-test-id="thread-header-order-id"]'],
  // Account switcher in the top bar: the selected merchant/marketplace. ASSUMED.
  shop: ['.partner-dropdown-button .dropdown-account-switcher-header-label-global'],
} as const;

/** Amazon order ids: 3-7-7 digits. */
const ORDER_ID = /(?<!\d)(\d{3}-\d{7}-\d{7})(?!\d)/;
/** Query parameters Seller Central uses for the order on messaging and order pages. */
const ORDER_PARAMS = ['orderId', 'orderID', 'order_id', 'orderIdentifier'];

/** The editable textarea inside a kat-textarea's open shadow root. */
function katInner(host: Element): HTMLElement | null {
  const inner = host.shadowRoot ? queryDeep(host.shadowRoot, 'textarea') : null;
  return isEditable(inner) ? inner : null;
}

export const adapter: SiteAdapter = {
  id: 'amazon-seller-central',
  name: { zh: '亚马逊卖家中心', en: 'Amazon Seller Central' },
  canInsert: true,
  detect: (url) => hostIn(url, HOSTS) && url.pathname.startsWith('/messaging/'),
  readContext: (doc, url) =>
    pageContext('amazon-seller-central', {
      shop: textOf(doc, SELECTORS.shop),
      buyerName: textOf(doc, SELECTORS.buyerName),
      // URL first (thread links carry the order), then the hash of single-page
      // routes (digits and dashes need no decoding), then the thread header.
      orderId:
        extractFromQuery(url, ORDER_PARAMS, ORDER_ID) ??
        extract(url.hash, ORDER_ID) ??
        extractFrom(doc, SELECTORS.order, ORDER_ID),
    }),
  findReplyField: (doc) => {
    for (const selector of SELECTORS.replyHosts) {
      for (const host of doc.querySelectorAll(selector)) {
        const inner = katInner(host);
        if (inner) return inner;
      }
    }
    for (const selector of SELECTORS.replyPlain) {
      const el = doc.querySelector(selector);
      if (isEditable(el)) return el;
    }
    return null;
  },
};

// Written against:
// - https://sellercentral.amazon.com/messaging/inbox
// - https://sellercentral.amazon.com/messaging/reply?orderId=123-1234567-1234567 (thread view)
// - https://sellercentral-europe.amazon.com/messaging/inbox, https://sellercentral.amazon.co.jp/messaging/inbox
