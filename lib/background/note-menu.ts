import { browser, type Browser } from 'wxt/browser';
import { CONSOLE_MATCHES, E2E_MATCHES } from '../adapters/matches';
import { t } from '../i18n/messages';
import { log } from '../log';
import { MessageError, sendToTab } from '../messaging/bus';
import { loadSettings, onSettingsChanged, resolveLanguage } from '../settings/settings';
import { ensureConsoleScript, mayHostSidebar } from './console-injection';
import { createOneAtATime } from './one-at-a-time';
import { ENABLED_SITES_KEY, listEnabledSites } from './sites';

/**
 * The context menu's "save to customer notes" (保存到客户备注): the agent
 * selects words in the console's chat, right-clicks, and the sidebar opens
 * and saves them to the record of the buyer on screen, with the order on
 * screen attached. The background only relays: the content script opens the
 * sidebar and hands it the text (extension messaging, never the page's DOM),
 * and the sidebar, which knows which customer it shows, writes the note.
 *
 * The item shows only on text selections in the consoles and the sites the
 * agent enabled (documentUrlPatterns), titled in the sidebar's language; it
 * is rebuilt when that language or the enabled sites change.
 */
export const NOTE_MENU_ID = 'save-to-customer-notes';
const ICON = '/notification-icon.png';
const FAILED_NOTIFICATION_ID = 'note-capture-failed';

const E2E = import.meta.env.MODE === 'e2e';

/** Where the item shows: the pages the sidebar may be on. */
export function noteMenuPatterns(enabled: readonly string[], e2e: boolean): string[] {
  return [...CONSOLE_MATCHES, ...enabled, ...(e2e ? E2E_MATCHES : [])];
}

// Rebuilds run one after another: two overlapping removeAll+create pairs
// would create the same id twice, which Chrome refuses.
const oneAtATime = createOneAtATime();

/** (Re)creates the menu item with the current language and sites. */
export function installNoteMenu(): Promise<void> {
  return oneAtATime(async () => {
    const settings = await loadSettings();
    const lang = resolveLanguage(settings.language, navigator.language);
    const patterns = noteMenuPatterns(await listEnabledSites(), E2E);
    await browser.contextMenus.removeAll();
    await new Promise<void>((resolve, reject) => {
      browser.contextMenus.create({ id: NOTE_MENU_ID, title: t(lang, 'record.notes.menu'), contexts: ['selection'], documentUrlPatterns: patterns }, () => {
        const error = browser.runtime.lastError;
        if (error) reject(new Error(error.message));
        else resolve();
      });
    });
  }).catch((err: unknown) => log.warn('note menu not installed', { err: String(err) }));
}

/**
 * The menu was clicked: the tab's content script (started now if it is not
 * running) opens the sidebar with the text. If the sidebar cannot be reached,
 * a notification says so (nothing can be shown in the page itself).
 */
export async function onNoteMenuClicked(info: Pick<Browser.contextMenus.OnClickData, 'menuItemId' | 'selectionText'>, tab: { id?: number; url?: string } | undefined): Promise<boolean> {
  if (info.menuItemId !== NOTE_MENU_ID || tab?.id === undefined) return false;
  if (!(await mayHostSidebar(tab.url))) return false;
  const text = info.selectionText ?? '';
  let delivered = false;
  try {
    delivered = (await sendToTab(tab.id, 'captureToNotes', { text })).delivered;
  } catch (err) {
    if (!(err instanceof MessageError && err.code === 'no-content-script')) throw err;
    // A console opened before the extension was installed or updated.
    await ensureConsoleScript(tab.id);
    for (let i = 0; i < 20 && !delivered; i++) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        delivered = (await sendToTab(tab.id, 'captureToNotes', { text })).delivered;
        break;
      } catch {
        /* not listening yet */
      }
    }
  }
  if (!delivered) {
    const settings = await loadSettings();
    const lang = resolveLanguage(settings.language, navigator.language);
    await browser.notifications.create(FAILED_NOTIFICATION_ID, {
      type: 'basic',
      iconUrl: browser.runtime.getURL(ICON),
      title: t(lang, 'record.notes.menu'),
      message: t(lang, 'record.notes.captureMenuFailed'),
    });
  }
  return delivered;
}

/** Wires the menu: built now (every worker start), rebuilt on changes, clicks handled. */
export function registerNoteMenu(): () => void {
  void installNoteMenu();
  const onClicked = (info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab) => {
    onNoteMenuClicked(info, tab).catch((err: unknown) => log.warn('save to customer notes failed', { err: String(err) }));
  };
  browser.contextMenus.onClicked.addListener(onClicked);
  const stopSettings = onSettingsChanged(() => void installNoteMenu());
  const onStorage = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && ENABLED_SITES_KEY in changes) void installNoteMenu();
  };
  browser.storage.onChanged.addListener(onStorage);
  return () => {
    browser.contextMenus.onClicked.removeListener(onClicked);
    browser.storage.onChanged.removeListener(onStorage);
    stopSettings();
  };
}
