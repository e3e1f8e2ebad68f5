/**
 * "Open a customer's record", query + render, for the customer benchmark:
 * the sidebar's real Customer tab (CustomerPanel, which opens CustomerRecord)
 * rendered by React in the bench page on the filled IndexedDB, and switched
 * from one conversation to the next the way the sidebar does when the console
 * reports a new page context (SidebarApp passes the new PageState down).
 *
 * Timed: from the `root.render` call that hands the panel the next
 * conversation's PageState, to the first DOM mutation after which the record
 * shows that customer's name ([data-testid=customer-id]) and its timeline: at
 * least one [data-testid=note-item], or the "no notes yet" line for a customer
 * without notes. The MutationObserver that checks runs as a microtask after
 * each DOM change, so the time is when React committed that DOM, before style,
 * layout and paint. "To next frame" adds those: a task posted from the next
 * requestAnimationFrame runs once the frame with the record is produced.
 * The notes of the timeline appear in one commit, so "at least one" is all.
 */
import { createElement, StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { CustomerPanel } from '../../components/sidebar/CustomerPanel';
import { LangProvider } from '../../components/sidebar/i18n';
import { adapterById } from '../../lib/adapters';
import type { KefuDatabase } from '../../lib/db/database';
import { t } from '../../lib/i18n/messages';
import type { PageState } from '../../lib/messaging/protocol';
import type { BenchCustomer } from './generate-customers';

export interface PanelOpen {
  /** Request to committed DOM with the name and the first notes. */
  commit: number;
  /** Request to the end of the next frame after that commit. */
  frame: number;
  /** Notes the timeline shows. */
  notes: number;
}

/** The PageState the content script reports for a buyer's conversation. */
function stateOf(c: BenchCustomer): PageState {
  const name = adapterById(c.context.platform)?.name ?? { zh: c.context.platform, en: c.context.platform };
  return {
    adapterId: c.context.platform,
    adapterName: name,
    context: c.context,
    canInsert: true,
    hasReplyField: true,
    layout: { width: 360, mode: 'push', collapsed: false },
  };
}

const noop = () => {};

/** The Customer tab mounted in the bench page, following one conversation after another. */
export class CustomerTab {
  private readonly container: HTMLElement;
  private readonly root: Root;
  private readonly emptyNotes = t('zh', 'record.notes.empty');

  constructor(
    private readonly db: KefuDatabase,
    private readonly author: string,
  ) {
    this.container = document.createElement('div');
    this.container.className = 'sidebar';
    document.body.append(this.container);
    this.root = createRoot(this.container);
  }

  private show(state: PageState | undefined): void {
    // As entrypoints/sidebar/main.tsx and SidebarApp mount it (StrictMode is a no-op in a production build).
    this.root.render(
      createElement(
        StrictMode,
        null,
        createElement(LangProvider, {
          lang: 'zh',
          children: createElement(CustomerPanel, {
            db: this.db,
            state,
            platformName: state?.adapterName.zh ?? '',
            author: this.author,
            notify: noop,
          }),
        }),
      ),
    );
  }

  /** The record element on screen before the switch: the next one is a new element (CustomerRecord is keyed by customer). */
  private previous: Element | null = null;

  /** Notes shown when the record of `c` is on screen with its timeline; null until then. */
  private shown(c: BenchCustomer): number | null {
    const record = this.container.querySelector('article.record');
    if (!record || record === this.previous) return null;
    const name = record.querySelector('[data-testid="customer-id"]');
    if (name?.textContent !== c.displayName || name.getAttribute('title') !== c.buyerId) return null;
    const notes = record.querySelectorAll('[data-testid="note-item"]').length;
    if (notes > 0) return notes;
    return [...record.querySelectorAll('p.empty')].some((p) => p.textContent === this.emptyNotes) ? 0 : null;
  }

  /** Switches the tab to `c`'s conversation (not the one on screen) and times it (see the file's comment). */
  open(c: BenchCustomer, timeoutMs = 30_000): Promise<PanelOpen> {
    return new Promise((resolve, reject) => {
      let committedAt = 0;
      let notes = 0;
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`the record of ${c.displayName} did not show within ${timeoutMs} ms`));
      }, timeoutMs);
      const observer = new MutationObserver(() => {
        const n = this.shown(c);
        if (n === null) return;
        this.previous = this.container.querySelector('article.record');
        committedAt = performance.now();
        notes = n;
        observer.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() =>
          setTimeout(() => resolve({ commit: committedAt - start, frame: performance.now() - start, notes }), 0),
        );
      });
      observer.observe(this.container, { childList: true, subtree: true, characterData: true });
      const start = performance.now();
      this.show(stateOf(c));
    });
  }

  /**
   * Lets what the last switch started settle before the next one (an agent
   * reads a record before switching): the lastSeenAt write, the live queries
   * it wakes (the "today" list), and the page's idle time.
   */
  async settle(ms = 50): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 500 }));
  }

  unmount(): void {
    this.root.unmount();
    this.container.remove();
  }
}
