import { editableRoot, isEditable } from '../adapters/dom';

/**
 * Where typing goes: a textarea / text input, or the root of a contenteditable
 * region (rich editors listen on their root, not on the paragraph the caret
 * is in).
 */
export type TextControl = HTMLTextAreaElement | HTMLInputElement;

export const SIDEBAR_ATTR = 'data-kefu-sidebar';

/**
 * Element check that works across realms: nodes of a same-origin iframe are
 * not `instanceof Element` of the top window.
 */
export function isElement(node: unknown): node is Element {
  return typeof node === 'object' && node !== null && (node as Node).nodeType === 1;
}

export function isTextControl(el: Element): el is TextControl {
  const tag = el.tagName.toLowerCase();
  return tag === 'textarea' || tag === 'input';
}

/** The editable element `el` belongs to, or null. */
export function editableFor(el: Element | null | undefined): HTMLElement | null {
  if (!el || !isEditable(el)) return null;
  return isTextControl(el) ? el : editableRoot(el);
}

/** True when the event path crosses our own sidebar host or iframe. */
export function isInsideSidebar(path: readonly EventTarget[]): boolean {
  return path.some((node) => isElement(node) && node.hasAttribute(SIDEBAR_ATTR));
}

/** The deepest focused element, through open shadow roots and same-origin iframes. */
export function deepActiveElement(doc: Document): Element | null {
  let active: Element | null = doc.activeElement;
  for (;;) {
    if (!active) return null;
    if (active.shadowRoot?.activeElement) {
      active = active.shadowRoot.activeElement;
      continue;
    }
    if (active.tagName === 'IFRAME') {
      try {
        const inner = (active as HTMLIFrameElement).contentDocument?.activeElement;
        if (inner && inner !== (active as HTMLIFrameElement).contentDocument?.body) {
          active = inner;
          continue;
        }
      } catch {
        // Cross-origin frame: its content is out of our reach by design.
      }
    }
    return active;
  }
}

/** The Selection that covers `el`: Chromium gives shadow roots their own. */
export function selectionFor(el: Node): Selection | null {
  const root = el.getRootNode() as Node & { host?: Element; getSelection?: () => Selection | null };
  if (root.nodeType === 11 && root.host && typeof root.getSelection === 'function') {
    const own = root.getSelection();
    if (own) return own;
  }
  return el.ownerDocument?.getSelection() ?? null;
}
