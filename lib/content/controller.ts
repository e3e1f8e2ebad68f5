import { adapterById, demoAdapterId, genericAdapter, pickAdapter, type CustomSite } from '../adapters';
import { createCustomAdapter } from '../adapters/custom';
import { loadCustomSites, onCustomSitesChanged } from '../settings/custom-sites';
import type { PageContext, SiteAdapter } from '../adapters/types';
import { isInsideSidebar } from '../insert/editable';
import { createFocusTracker } from '../insert/focus-tracker';
import { insertText } from '../insert/insert-text';
import { createShortcutWatcher } from '../insert/shortcut';
import { log } from '../log';
import { isOwnExtensionPage, listen, sendToBackground, sendToSidebar, type Sender } from '../messaging/bus';
import type { PageState, SidebarLayout } from '../messaging/protocol';
import { DEFAULT_SETTINGS, loadLayout, loadSettings, matchesShortcut, onSettingsChanged, resolveLanguage, saveLayout, type Settings } from '../settings/settings';
import { draftCheckEn, draftCheckZh } from '../i18n/draft-check';
import { createBoxMarker } from './box-marker';
import { createLazyDraftCheck } from './draft-check-loader';
import { isSiteDisabled, siteKeys } from '../settings/site-switches';
import { createSidebarFrame, type SidebarFrame } from './sidebar-frame';

/**
 * The content script's whole job, as one object with a lifecycle: pick the
 * site adapter, track the last focused chat box, insert what the sidebar asks
 * for, expand shortcut codes, and host the sidebar iframe. The entrypoint only
 * wires this to WXT's `ctx`.
 */

export interface ControllerOptions {
  win: Window;
  /** e2e builds map /demo/<adapter-id>/ on loopback to that adapter. */
  allowDemoPaths: boolean;
  sidebarUrl: string;
  /** Registers cleanup with the content script context. */
  onInvalidated(cb: () => void): void;
}

export interface Controller {
  readonly adapter: SiteAdapter;
  pageState(): PageState;
  /** Call after an SPA navigation: re-reads the context and tells the sidebar. */
  refresh(): void;
}

const LAUNCHER_TITLE = { zh: '客服话术侧边栏 (Alt+K)', en: 'Reply sidebar (Alt+K)' };

function chooseAdapter(url: URL, allowDemoPaths: boolean, customSites: readonly CustomSite[]): SiteAdapter {
  // The agent's own definitions win, even over a built-in console that a
  // redesign broke.
  const custom = customSites.map(createCustomAdapter).find((a) => a.detect(url));
  if (custom) return custom;
  if (allowDemoPaths) {
    const id = demoAdapterId(url);
    const demo = id ? adapterById(id) : undefined;
    if (demo) return demo;
  }
  return pickAdapter(url);
}

export async function startController(opts: ControllerOptions): Promise<Controller> {
  const { win } = opts;
  const doc = win.document;
  let customSites: CustomSite[] = [];
  try {
    customSites = await loadCustomSites();
  } catch (err) {
    log.error('custom sites unreadable', err);
  }
  let adapter = chooseAdapter(new URL(win.location.href), opts.allowDemoPaths, customSites);
  const tracker = createFocusTracker(win);
  let settings: Settings = DEFAULT_SETTINGS;
  try {
    settings = await loadSettings();
  } catch (err) {
    log.error('settings unreadable, using defaults', err, { adapter: adapter.id });
  }
  const site = win.location.hostname;
  const savedLayout = await loadLayout(site, settings.defaultLayout);
  const lang = resolveLanguage(settings.language, navigator.language);
  /** The notes by the chat box (fixed wording, lib/i18n/draft-check.ts). */
  const texts = lang === 'zh' ? draftCheckZh : draftCheckEn;

  // The frame starts collapsed so the page's load is never held up by our
  // iframe; it opens after load if the agent left it open on this site.
  const makeFrame = (layout: SidebarLayout, title: string): SidebarFrame =>
    createSidebarFrame({
      doc,
      src: opts.sidebarUrl,
      layout: { ...layout, collapsed: true },
      launcherTitle: title,
      // The sidebar focuses its search box on load; when already loaded, ask it.
      onOpen: () => void sendToSidebar('focusSearch', {}).catch(() => undefined),
      onLayoutChange: (next: SidebarLayout) => {
        if (!next.collapsed) {
          observeConversation();
          blockedNote.hide();
        }
        saveLayout(site, next).catch((err: unknown) => log.error('saving layout failed', err, { adapter: adapter.id }));
      },
    });
  let frame = makeFrame(savedLayout, LAUNCHER_TITLE[lang]);
  // The agent switched this site off in settings (site-switches.ts) while the
  // page was open: the sidebar, its shortcut and shortcut codes stop here, and
  // come back when it is switched on again.
  let switchedOff = false;
  const siteIsOff = (s: Settings) => isSiteDisabled(siteKeys(adapter.id === genericAdapter.id ? undefined : adapter.id, win.location.href), s.disabledSites);
  if (!savedLayout.collapsed) {
    const openLater = () => {
      // Called on the window (an unbound requestIdleCallback throws "Illegal invocation").
      const open = () => {
        if (!switchedOff) frame.open(false);
      };
      if (typeof win.requestIdleCallback === 'function') win.requestIdleCallback(open, { timeout: 1500 });
      else win.setTimeout(open, 200);
    };
    if (doc.readyState === 'complete') openLater();
    else win.addEventListener('load', openLater, { once: true });
  }

  function replyTarget(): HTMLElement | null {
    const last = tracker.lastEditable();
    if (last && last.isConnected) return last;
    return adapter.findReplyField(doc);
  }

  function readContext(): PageContext {
    try {
      return adapter.readContext(doc, new URL(win.location.href));
    } catch (err) {
      log.error('readContext failed', err, { adapter: adapter.id });
      return { platform: adapter.id };
    }
  }

  function pageState(): PageState {
    return {
      adapterId: adapter.id,
      adapterName: adapter.name,
      context: readContext(),
      canInsert: adapter.canInsert,
      hasReplyField: adapter.canInsert && replyTarget() !== null,
      layout: frame.layout,
    };
  }

  // Only our own extension pages (the sidebar) may drive this page.
  const accept = (sender: Sender) => isOwnExtensionPage(sender);
  const stopListening = listen(
    'content',
    {
      getPageState: () => pageState(),
      insertText: async ({ text, deleteBefore }) => {
        if (!adapter.canInsert) throw Object.assign(new Error('This console cannot be typed into from a web page'), { code: 'no-reply-field' });
        const target = replyTarget();
        if (!target) throw Object.assign(new Error('No chat box is known on this page'), { code: 'no-reply-field' });
        const selection = target === tracker.lastEditable() ? tracker.lastSelection() : null;
        const result = await insertText(target, text, { selection, deleteBefore });
        if (!result.ok) throw Object.assign(new Error(`Insertion failed: ${result.reason}`), { code: 'insert-rejected' });
        return { method: result.method };
      },
      // Only when the agent asks (the sidebar's capture button): the page's selection, never its DOM.
      readSelection: () => ({ text: (win.getSelection()?.toString() ?? '').trim().slice(0, 5000) }),
      focusReplyField: () => {
        const target = replyTarget();
        if (!target) return { focused: false };
        target.focus();
        return { focused: true };
      },
      // The context menu's "save to customer notes": the sidebar saves it to
      // the record on screen. Our own reading of the selection keeps the
      // line breaks the menu's selectionText flattens; the menu's text covers
      // a chat inside a frame, where the top window has no selection.
      captureToNotes: async ({ text }) => {
        const own = (win.getSelection()?.toString() ?? '').trim();
        const note = (own || text.trim()).slice(0, 5000);
        if (!note) return { delivered: false };
        return { delivered: await deliverToSidebar(() => sendToSidebar('captureNote', { text: note })) };
      },
      setSidebarLayout: (patch) => {
        if (switchedOff) throw Object.assign(new Error('The sidebar is switched off on this site'), { code: 'not-enabled' });
        return frame.setLayout(patch);
      },
      toggleSidebar: () => ({ open: toggle() }),
      testSelectors: (req) => {
        const invalid = (['replySelector', 'buyerSelector', 'orderSelector', 'shopSelector'] as const).filter((key) => {
          const selector = req[key]?.trim();
          if (!selector) return false;
          try {
            doc.createDocumentFragment().querySelector(selector);
            return false;
          } catch {
            return true;
          }
        });
        const trial = createCustomAdapter({ id: 'custom-trial', name: 'trial', matches: ['<all_urls>'], ...req });
        const ctx = trial.readContext(doc, new URL(win.location.href));
        return { invalid, replyFound: trial.findReplyField(doc) !== null, buyer: ctx.buyerName, order: ctx.orderId, shop: ctx.shop };
      },
    },
    accept,
  );

  /**
   * Opens the sidebar and sends it something to do. A freshly opened sidebar
   * is still loading, so the message is retried briefly until it answers.
   */
  async function deliverToSidebar(send: () => Promise<boolean>): Promise<boolean> {
    if (switchedOff) return false;
    frame.open(true);
    for (let i = 0; i < 20; i++) {
      if (await send()) return true;
      await new Promise((r) => win.setTimeout(r, 150));
    }
    return false;
  }

  function toggle(): boolean {
    if (switchedOff) return false;
    const open = frame.toggle();
    if (!open) replyTarget()?.focus();
    return open;
  }

  // The sidebar shortcut, handled in the page so it works wherever the page has
  // focus. Capture phase, and never during IME composition.
  const onKeydown = (e: KeyboardEvent) => {
    if (e.isComposing || e.keyCode === 229) return;
    if (switchedOff || !matchesShortcut(settings.toggleShortcut, e)) return;
    e.preventDefault();
    e.stopPropagation();
    toggle();
  };
  win.addEventListener('keydown', onKeydown, true);
  // The optional live check of the agent's draft: rules come here, the draft
  // goes nowhere. Its code is injected only once it is on (draft-check-loader.ts).
  const draftCheckOn = () => !switchedOff && adapter.canInsert && settings.draftCheck;
  const draftCheck = createLazyDraftCheck({
    win,
    load: () => sendToBackground('loadDraftCheck', {}),
    platform: () => adapter.id,
    fetchRules: (platform) => sendToBackground('getDraftRules', { platform }),
    texts: {
      block: texts['draftCheck.marker.block'],
      warn: texts['draftCheck.marker.warn'],
      hint: texts['draftCheck.marker.hint'],
      title: texts['draftCheck.markerTitle'],
    },
  });
  draftCheck.setEnabled(draftCheckOn());
  const applySwitch = () => {
    const off = siteIsOff(settings);
    if (off === switchedOff) return;
    switchedOff = off;
    if (off) frame.destroy();
    else frame = makeFrame(frame.layout, LAUNCHER_TITLE[resolveLanguage(settings.language, navigator.language)]);
    draftCheck.setEnabled(draftCheckOn());
  };
  const stopSettings = onSettingsChanged((s) => {
    settings = s;
    applySwitch();
    draftCheck.setEnabled(draftCheckOn());
  });
  applySwitch();
  // A custom site saved in the sidebar applies at once, without a reload.
  const stopCustomSites = onCustomSitesChanged((sites) => {
    customSites = sites;
    adapter = chooseAdapter(new URL(win.location.href), opts.allowDemoPaths, customSites);
    applySwitch();
    notify();
  });

  // A shortcut code whose reply a compliance rule blocks is not expanded. An
  // open sidebar shows which rule and why; a closed one is not forced open
  // over the agent's chat: a note by the chat box (fixed wording, no reply
  // text) offers to open it. The code stays typed, so nothing is deleted later
  // from a chat box the agent may have changed since (deleteBefore 0).
  const blockedNote = createBoxMarker(doc, 'blocked-shortcut');
  let blockedNoteTimer: number | undefined;
  function explainBlocked(target: HTMLElement, replyId: string, deleteBefore: number): Promise<boolean> | void {
    if (!frame.layout.collapsed && frame.iframe) {
      return deliverToSidebar(() => sendToSidebar('expandInSidebar', { replyId, deleteBefore, blocked: true }));
    }
    win.clearTimeout(blockedNoteTimer);
    blockedNote.show(target, {
      kind: 'blocked',
      text: texts['draftCheck.blockedNote'],
      onClick: () => {
        blockedNote.hide();
        void deliverToSidebar(() => sendToSidebar('expandInSidebar', { replyId, deleteBefore: 0, blocked: true }));
      },
    });
    blockedNoteTimer = win.setTimeout(() => blockedNote.hide(), 15_000);
  }

  // Shortcut codes typed in the chat box. The code list is cached here and
  // refreshed when the agent comes back to a chat box (after editing replies),
  // at most every 2 s; an empty list is asked for again at once, as right
  // after install the first page may load while the starter library is being
  // seeded (a Tab in the chat box then did nothing until the next focus).
  let codes = new Set<string>();
  let codesFetchedAt = 0;
  const refreshCodes = () => {
    if (codes.size > 0 && Date.now() - codesFetchedAt < 2000) return;
    codesFetchedAt = Date.now();
    sendToBackground('listShortcutCodes', {})
      .then((r) => {
        codes = new Set(r.codes);
      })
      .catch((err: unknown) => log.warn('shortcut codes unavailable', { adapter: adapter.id, err: String(err) }));
  };
  refreshCodes();
  const onFocusIn = (e: FocusEvent) => {
    if (!isInsideSidebar(e.composedPath())) refreshCodes();
  };
  doc.addEventListener('focusin', onFocusIn, true);

  const watcher = adapter.canInsert
    ? createShortcutWatcher(win, {
        triggerKey: () => settings.triggerKey,
        isKnownCode: (code: string) => !switchedOff && codes.has(code.toLowerCase()),
        onExpand: (target, code, range) => {
          // The code's characters before the caret, replaced by the reply.
          const deleteBefore = range.end - range.start;
          sendToBackground('expandShortcut', { code, context: readContext() })
            .then(async (res) => {
              if (res.kind === 'text') {
                const result = await insertText(target, res.text, { deleteBefore });
                if (!result.ok) log.warn('shortcut insertion failed', { adapter: adapter.id, reason: result.reason });
              } else if (res.kind === 'needs-input') {
                await deliverToSidebar(() => sendToSidebar('expandInSidebar', { replyId: res.replyId, deleteBefore }));
              } else if (res.kind === 'blocked') {
                await explainBlocked(target, res.replyId, deleteBefore);
              }
            })
            .catch((err: unknown) => log.error('shortcut expansion failed', err, { adapter: adapter.id }));
        },
      })
    : null;

  // Tell the sidebar when the conversation on screen changes (SPA consoles
  // re-render in place). Debounced, and only while the sidebar exists.
  let last = '';
  let timer: number | undefined;
  const notify = () => {
    if (switchedOff || !frame.iframe) return;
    const state = pageState();
    const key = JSON.stringify(state);
    if (key === last) return;
    last = key;
    void sendToSidebar('pageStateChanged', state).catch(() => undefined);
  };
  const observer = new MutationObserver(() => {
    win.clearTimeout(timer);
    timer = win.setTimeout(notify, 250);
  });
  // Observing a busy console costs on every re-render: start only once the
  // agent has opened the sidebar.
  let observing = false;
  function observeConversation(): void {
    if (observing) return;
    observing = true;
    observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  }
  if (!frame.layout.collapsed) observeConversation();
  doc.addEventListener('focusin', notify);

  opts.onInvalidated(() => {
    observer.disconnect();
    win.clearTimeout(timer);
    win.removeEventListener('keydown', onKeydown, true);
    doc.removeEventListener('focusin', onFocusIn, true);
    doc.removeEventListener('focusin', notify);
    stopListening();
    stopSettings();
    stopCustomSites();
    watcher?.dispose();
    win.clearTimeout(blockedNoteTimer);
    blockedNote.dispose();
    draftCheck.dispose();
    tracker.dispose();
    frame.destroy();
  });

  return {
    get adapter() {
      return adapter;
    },
    pageState,
    refresh: notify,
  };
}

