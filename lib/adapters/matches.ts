/**
 * Where the content script runs and what the extension asks host permission
 * for: the hosts the site adapters detect (matches.test.ts checks every
 * adapter's "Written against" URL is covered). Other sites are added by the
 * agent at runtime (optional permission), never up front.
 */
const https = (hosts: readonly string[]) => hosts.map((h) => `https://${h}/*`);

const AMAZON_DOMAINS = ['com', 'ca', 'com.mx', 'com.br', 'co.uk', 'de', 'fr', 'it', 'es', 'nl', 'se', 'pl', 'com.be', 'com.tr', 'ae', 'sa', 'eg', 'in', 'co.jp', 'sg', 'com.au'];
const SHOPEE = ['cn', 'com.my', 'co.id', 'co.th', 'ph', 'sg', 'vn', 'tw', 'com.br', 'com.mx', 'com.co', 'cl'];
const LAZADA = ['com.my', 'sg', 'co.th', 'com.ph', 'vn', 'co.id'];
const TIKTOK_REGIONS = ['us', 'uk', 'id', 'my', 'ph', 'sg', 'th', 'vn', 'es', 'de', 'fr', 'it', 'mx', 'br', 'jp'];

export const CONSOLE_MATCHES: readonly string[] = [
  ...https(['im.jinritemai.com', 'mms.pinduoduo.com', 'dongdong.jd.com', 'im.kwaixiaodian.com']),
  ...https(['myseller.taobao.com', 'qn.taobao.com', 'trade.taobao.com', 'trade.tmall.com', 'refund2.taobao.com', 'refund2.tmall.com']),
  ...https(['ark.xiaohongshu.com']),
  ...https([...SHOPEE.map((d) => `seller.shopee.${d}`), 'banhang.shopee.vn']),
  ...https(LAZADA.map((d) => `sellercenter.lazada.${d}`)),
  ...https(['seller.tiktokglobalshop.com', ...TIKTOK_REGIONS.map((r) => `seller-${r}.tiktok.com`)]),
  ...https([...AMAZON_DOMAINS.map((d) => `sellercentral.amazon.${d}`), 'sellercentral-europe.amazon.com', 'sellercentral-japan.amazon.com']),
  ...https(['www.etsy.com', 'admin.shopify.com', 'inbox.shopify.com']),
];

/** Loopback pages (the demo console, e2e pages): only in the e2e build. */
export const E2E_MATCHES: readonly string[] = ['http://localhost/*', 'http://127.0.0.1/*'];
