import { getDb } from '@/lib/db/database';
import { activeTab, onFirstInstall, onUpdate, registerBackgroundHandlers, toggleSidebarInTab } from '@/lib/background/handlers';
import { log } from '@/lib/log';
import { onTabUpdated, startAfterWorkerStart, startInOpenTabs } from '@/lib/background/console-injection';
import { registerSiteActions } from '@/lib/background/site-actions';
import { onSettingsChanged } from '@/lib/settings/settings';
import { registerFollowUpReminders } from '@/lib/background/follow-up-alarms';
import { registerCaseAlarms } from '@/lib/background/case-alarms';
import { registerNoteMenu } from '@/lib/background/note-menu';
import { registerBackupReminder } from '@/lib/background/backup-alarms';
import { registerSync } from '@/lib/background/sync';
import { registerNoteIndexer } from '@/lib/background/note-index';

export default defineBackground(() => {
  registerBackgroundHandlers(getDb);
  // Follow-up reminders: the alarm, notification clicks, the sidebar's
  // reschedule message, and a run at every worker start.
  registerFollowUpReminders(getDb);
  // Complaint deadlines: the same, for steps of open complaint cases.
  registerCaseAlarms(getDb);
  // The context menu's "save to customer notes" on text selected in a console.
  registerNoteMenu();
  // The weekly backup reminder: its alarm, the notification that opens the
  // workbench's data page, and a new alarm whenever a backup is made.
  registerBackupReminder();
  // The note search index a first sync leaves to be built: at start, after
  // each sync run, on the sync alarm, a chunk at a time.
  const noteIndexer = registerNoteIndexer(getDb);
  // Team sync (off until signed in): alarm, after each write, the server's change stream.
  registerSync(getDb, { afterRun: noteIndexer.kick });

  // The content script goes into console pages once they have loaded.
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    onTabUpdated(tabId, change, tab).catch((err: unknown) => log.warn('content script not injected', { err: String(err) }));
  });
  // Every start of the worker (install, update, browser start, or waking for
  // an event) sweeps the open consoles, now and twice in its first seconds: a
  // tab that finished loading while the worker was starting sent its
  // 'complete' before our listener existed.
  void startAfterWorkerStart((err: unknown) => log.warn('open consoles not started', { err: String(err) }));

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'update') onUpdate(getDb()).catch((err: unknown) => log.error('seeding the starter checklists failed', err));
    if (reason !== 'install') return;
    onFirstInstall(getDb()).catch((err: unknown) => log.error('seeding the starter library failed', err));
  });

  // The toolbar popup's buttons: open the sidebar, enable a site, open a
  // customer's console; and the workbench's "test on this page".
  registerSiteActions(getDb);
  // A site switched back on in settings gets the content script in its open
  // tabs at once (one switched off removes its sidebar by itself).
  onSettingsChanged(() => {
    startInOpenTabs().catch((err: unknown) => log.warn('open consoles not started', { err: String(err) }));
  });

  // The browser-level shortcut (which also works while focus is inside the
  // sidebar frame) toggles the sidebar on the current page. The toolbar
  // button opens the popup (entrypoints/popup).
  const fail = (err: unknown) => log.warn('toggle failed', { err: String(err) });
  browser.commands.onCommand.addListener((command) => {
    if (command === 'toggle-sidebar') activeTab().then((tab) => toggleSidebarInTab(tab), fail).catch(fail);
  });
});
