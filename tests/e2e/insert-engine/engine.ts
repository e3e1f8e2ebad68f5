import { deepActiveElement } from '../../../lib/insert/editable';
import { createFocusTracker } from '../../../lib/insert/focus-tracker';
import { insertText, type InsertResult } from '../../../lib/insert/insert-text';
import { createShortcutWatcher, replaceBeforeCaret } from '../../../lib/insert/shortcut';

/**
 * The insertion engine as the content script runs it: this bundle is evaluated
 * in an isolated world (CDP Page.createIsolatedWorld), so it shares the DOM with
 * the page but none of its JS objects (no `__lexicalEditor`, no React fiber),
 * and the page's CSP does not apply to it, exactly like an extension's content
 * script. The tracker is created before the agent touches the page.
 */
const tracker = createFocusTracker(window);
/**
 * Two lines, so rich editors take it as a paste after the code was selected
 * with Selection.modify: the paste must see the editor's selection updated.
 */
const EXPANSION = '退款说明\n请查收';
/** Expansions the watcher performed, with how each insertion went. */
const expansions: InsertResult[] = [];
createShortcutWatcher(window, {
  triggerKey: 'Tab',
  isKnownCode: (code) => code === '/tk',
  onExpand: (target, _code, range) => {
    void replaceBeforeCaret(target, range.end - range.start, EXPANSION).then((r) => expansions.push(r));
  },
});

const api = {
  insert(text: string): Promise<InsertResult> {
    const target = tracker.lastEditable();
    if (!target) return Promise.resolve({ ok: false, reason: 'detached' });
    return insertText(target, text, { selection: tracker.lastSelection() });
  },
  expansions: () => expansions,
  /** Tag of the remembered chat box, for the assertion that the sidebar did not steal it. */
  lastEditableTag(): string | null {
    const el = tracker.lastEditable();
    return el ? `${el.tagName.toLowerCase()}${el.isContentEditable ? '[contenteditable]' : ''}` : null;
  },
  /** True when keyboard focus is in the remembered chat box (through shadow roots and frames). */
  focusInEditor(): boolean {
    const el = tracker.lastEditable();
    const active = deepActiveElement(document);
    return !!el && !!active && (active === el || el.contains(active));
  },
};

(globalThis as unknown as { __kefu: typeof api }).__kefu = api;
