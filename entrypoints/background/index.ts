import { getDb } from '@/lib/db/database';
import { activeTab, onFirstInstall, onUpdate, registerBackgroundHandlers, toggleSidebarInTab } from '@/lib/background/handlers';
import { log } from '@/lib/log';
import { onTabUpdated, startInOpenTabs } from '@/lib/background/console-injection';
import { askSitePermission } from '@/lib/background/sites';
import { registerFollowUpReminders } from '@/lib/background/follow-up-alarms';
import { registerCaseAlarms } from '@/lib/background/case-alarms';
import { registerNoteMenu } from '@/lib/background/note-menu';
import { registerSync } from '@/lib/background/sync';

export default defineBackground(() => {
  registerBackgroundHandlers(getDb);
  // Follow-up reminders: the alarm, notification clicks, the sidebar's
  // reschedule message, and a run at every worker start.
  registerFollowUpReminders(getDb);
  // Complaint deadlines: the same, for steps of open complaint cases.
  registerCaseAlarms(getDb);
  // The context menu's "save to customer notes" on text selected in a console.
  registerNoteMenu();
  // Team sync (off until signed in): alarm, after each write, the server's change stream.
  registerSync(getDb);

  // The content script goes into console pages once they have loaded.
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    onTabUpdated(tabId, change, tab).catch((err: unknown) => log.warn('content script not injected', { err: String(err) }));
  });
  // Every start of the worker (install, update, browser start, or waking for
  // an event) sweeps the open consoles: a tab that finished loading while the
  // worker was starting sent its 'complete' before our listener existed.
  startInOpenTabs().catch((err: unknown) => log.warn('open consoles not started', { err: String(err) }));

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'update') onUpdate(getDb()).catch((err: unknown) => log.error('seeding the starter checklists failed', err));
    if (reason !== 'install') return;
    onFirstInstall(getDb()).catch((err: unknown) => log.error('seeding the starter library failed', err));
  });

  // The toolbar button and the browser-level shortcut (which also works while
  // focus is inside the sidebar frame) toggle the sidebar on the current page.
  const fail = (err: unknown) => log.warn('toggle failed', { err: String(err) });
  // The toolbar click is a user gesture, so it may ask for a site permission,
  // synchronously: the gesture does not survive an await.
  browser.action.onClicked.addListener((tab) => {
    const permission = askSitePermission(tab);
    toggleSidebarInTab(tab, { permission }).catch(fail);
  });
  browser.commands.onCommand.addListener((command) => {
    if (command === 'toggle-sidebar') activeTab().then((tab) => toggleSidebarInTab(tab, {}), fail).catch(fail);
  });
});
