import { defineConfig } from 'wxt';
import { CONSOLE_MATCHES, E2E_MATCHES } from './lib/adapters/matches';

// `wxt build --mode e2e` (npm run build:e2e) builds into .output/chrome-mv3-e2e/
// an extension whose content script also runs on loopback pages, for the demo
// console and the Playwright tests. Normal builds only ask for the consoles.
// The script sets NODE_ENV=production: WXT otherwise sets it to the mode, and
// the e2e build then bundled React's development build (several times slower
// to render), so tests and benchmarks ran what agents never run.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  outDirTemplate: '{{browser}}-mv{{manifestVersion}}{{modeSuffix}}',
  manifest: ({ mode, manifestVersion }) => {
    const matches = mode === 'e2e' ? [...CONSOLE_MATCHES, ...E2E_MATCHES] : [...CONSOLE_MATCHES];
    return {
      name: '__MSG_extName__',
      description: '__MSG_extDescription__',
      default_locale: 'zh_CN',
      // activeTab: the toolbar click sees the tab's URL, to ask for that site.
      // alarms + notifications: a follow-up (回访) reminds the agent at its due
      // time, even with no console open (one alarm at the next due time, no polling).
      permissions: ['storage', 'clipboardWrite', 'scripting', 'activeTab', 'alarms', 'notifications', 'contextMenus'],
      host_permissions: matches,
      // Other sites are enabled one by one from the toolbar, asking then
      // (MV2, the Firefox build, lists them among optional_permissions).
      ...(manifestVersion === 2
        ? { optional_permissions: ['https://*/*', 'http://*/*'] }
        : { optional_host_permissions: ['https://*/*', 'http://*/*'] }),
      action: { default_title: '__MSG_actionTitle__' },
      commands: {
        'toggle-sidebar': {
          suggested_key: { default: 'Alt+K' },
          description: '__MSG_commandToggle__',
        },
      },
      // The sidebar page is framed by the consoles and by the sites the agent
      // enables at runtime, which a static list cannot name; the background
      // refuses a working sidebar to any other page that frames it (whoAmI).
      web_accessible_resources: [{ resources: ['sidebar.html'], matches: ['<all_urls>'] }],
    };
  },
});
