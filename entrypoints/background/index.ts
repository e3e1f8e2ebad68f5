import { getDb } from '@/lib/db/database';
import { onFirstInstall, registerBackgroundHandlers, toggleSidebarInActiveTab } from '@/lib/background/handlers';
import { log } from '@/lib/log';

export default defineBackground(() => {
  registerBackgroundHandlers(getDb);

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install') return;
    onFirstInstall(getDb()).catch((err: unknown) => log.error('seeding the starter library failed', err));
  });

  // The toolbar button and the browser-level shortcut (which also works while
  // focus is inside the sidebar frame) toggle the sidebar on the current page.
  const toggle = () => {
    toggleSidebarInActiveTab().catch((err: unknown) => log.warn('toggle failed', { err: String(err) }));
  };
  browser.action.onClicked.addListener(toggle);
  browser.commands.onCommand.addListener((command) => {
    if (command === 'toggle-sidebar') toggle();
  });
});
