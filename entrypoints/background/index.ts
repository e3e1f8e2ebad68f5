import { getDb } from '@/lib/db/database';
import { activeTab, onFirstInstall, registerBackgroundHandlers, toggleSidebarInTab } from '@/lib/background/handlers';
import { log } from '@/lib/log';

export default defineBackground(() => {
  registerBackgroundHandlers(getDb);

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install') return;
    onFirstInstall(getDb()).catch((err: unknown) => log.error('seeding the starter library failed', err));
  });

  // The toolbar button and the browser-level shortcut (which also works while
  // focus is inside the sidebar frame) toggle the sidebar on the current page.
  const fail = (err: unknown) => log.warn('toggle failed', { err: String(err) });
  // The toolbar click is a user gesture, so it may ask for a site permission.
  browser.action.onClicked.addListener((tab) => {
    toggleSidebarInTab(tab, { mayEnable: true }).catch(fail);
  });
  browser.commands.onCommand.addListener((command) => {
    if (command === 'toggle-sidebar') activeTab().then((tab) => toggleSidebarInTab(tab, { mayEnable: false }), fail).catch(fail);
  });
});
