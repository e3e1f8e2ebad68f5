import { defineConfig } from 'wxt';

// The consoles our adapters are written for. The e2e build adds localhost so the
// demo console and Playwright pages get the content script too.
const CONSOLE_MATCHES = [
  'https://im.jinritemai.com/*',
  'https://mms.pinduoduo.com/*',
  'https://dongdong.jd.com/*',
  'https://im.kwaixiaodian.com/*',
  'https://seller.shopee.cn/*',
  'https://seller.shopee.com.my/*',
  'https://sellercentral.amazon.com/*',
  'https://www.etsy.com/*',
];

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: ({ mode }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    permissions: ['storage'],
    host_permissions: mode === 'e2e' ? [...CONSOLE_MATCHES, 'http://localhost/*', 'http://127.0.0.1/*'] : CONSOLE_MATCHES,
  }),
});
