import { editableRoot, isEditable } from '../dom';
import type { SiteAdapter } from '../types';

/**
 * The element that has focus, following focus into open shadow roots and
 * same-origin iframes. A cross-origin iframe's document is unreadable
 * (contentDocument is null), so focus inside one ends the walk at the iframe.
 */
function deepActiveElement(doc: Document): Element | null {
  let active: Element | null = doc.activeElement;
  for (;;) {
    if (active?.shadowRoot?.activeElement) {
      active = active.shadowRoot.activeElement;
    } else if (active?.tagName === 'IFRAME') {
      // tagName, not instanceof: elements of another frame come from another realm.
      const inner = (active as HTMLIFrameElement).contentDocument;
      if (!inner?.activeElement || inner.activeElement === inner.body) return active;
      active = inner.activeElement;
    } else {
      return active;
    }
  }
}

/**
 * Fallback for every page no site adapter claims. It knows nothing about the
 * page, so it reads no context and uses whatever editable element the agent
 * focused last. The registry picks it; detect is false so it never shadows a
 * real adapter.
 */
export const adapter: SiteAdapter = {
  id: 'generic',
  name: { zh: '通用网页', en: 'Any page' },
  canInsert: true,
  detect: () => false,
  readContext: () => ({ platform: 'generic' }),
  findReplyField: (doc) => {
    const active = deepActiveElement(doc);
    if (!isEditable(active)) return null;
    return active.isContentEditable ? editableRoot(active) : active;
  },
};

// Written against: any page (the fallback). Exercised on the fixtures' generic
// shapes: a textarea, a contenteditable editor, an open shadow root, a srcdoc iframe.
