import { browser } from 'wxt/browser';
import { MessageError, sendToBackground, sendToTab, listen, type Sender } from '../messaging/bus';
import type { PageState, RequestOf, ResponseOf } from '../messaging/protocol';

/**
 * The sidebar's link to the console page it is docked on: its tab id (asked
 * of the background, since a framed extension page cannot ask for its own tab),
 * requests to that tab's content script, and the content script's events —
 * accepted only from the top frame of the same tab.
 */
export interface PageLink {
  tabId: number;
  getPageState(): Promise<PageState>;
  insertText(req: RequestOf<'insertText'>): Promise<{ method: string }>;
  focusReplyField(): Promise<boolean>;
  /** The text selected on the page ('' when none). */
  readSelection(): Promise<string>;
  setLayout(patch: RequestOf<'setSidebarLayout'>): Promise<void>;
  testSelectors(req: RequestOf<'testSelectors'>): Promise<ResponseOf<'testSelectors'>>;
  /** The page's URL when the sidebar connected. */
  url?: string;
}

export interface PageEvents {
  onPageState(state: PageState): void;
  onFocusSearch(): void;
  onExpandInSidebar(req: RequestOf<'expandInSidebar'>): void;
  /** The context menu's "save to customer notes", with the selected text. */
  onCaptureNote(text: string): void;
}

export async function connectToPage(): Promise<PageLink> {
  const { tabId, url } = await sendToBackground('whoAmI', {});
  return {
    tabId,
    url,
    testSelectors: (req) => sendToTab(tabId, 'testSelectors', req),
    getPageState: () => sendToTab(tabId, 'getPageState', {}),
    insertText: (req) => sendToTab(tabId, 'insertText', req),
    focusReplyField: async () => (await sendToTab(tabId, 'focusReplyField', {})).focused,
    readSelection: async () => (await sendToTab(tabId, 'readSelection', {})).text,
    setLayout: async (patch) => {
      await sendToTab(tabId, 'setSidebarLayout', patch);
    },
  };
}

export function listenToPage(tabId: number, events: PageEvents): () => void {
  const fromMyPage = (sender: Sender) => sender.id === browser.runtime.id && sender.tab?.id === tabId && sender.frameId === 0;
  return listen(
    'sidebar',
    {
      pageStateChanged: (state) => {
        events.onPageState(state);
        return {};
      },
      focusSearch: () => {
        events.onFocusSearch();
        return {};
      },
      expandInSidebar: (req) => {
        events.onExpandInSidebar(req);
        return {};
      },
      captureNote: ({ text }) => {
        events.onCaptureNote(text);
        return {};
      },
    },
    fromMyPage,
  );
}

export { MessageError };
