import type { PageContext } from './types';

/**
 * Helpers every adapter repeats: reading text and attributes from the first
 * matching selector, querying through open shadow roots, extracting order ids,
 * and building a PageContext without empty fields. Plain DOM code, no
 * dependencies: the content script has a 30 KB gzip budget.
 */

/** Whitespace as consoles render it: NBSP and the CJK full-width space included. */
const SPACES = /[\s\u00a0\u3000]+/g;

/** Collapses runs of whitespace to one ASCII space and trims. */
export function normalizeText(text: string | null | undefined): string {
  return (text ?? '').replace(SPACES, ' ').trim();
}

/**
 * Leading labels consoles print before a value ("订单编号：123", "Order ID: 123",
 * "买家: 小王"). Only these known words are stripped, never "anything before a
 * colon", because buyer nicknames may contain colons themselves.
 */
const LABEL =
  /^(?:订单编号|订单号|订单|子订单号|主订单号|买家昵称|买家|顾客|客户|用户|店铺名称|店铺|order\s*(?:id|no\.?|number|sn)?|buyer|customer|shop|store)\s*(?:[:：#]\s*)+/i;

/** Removes one known leading label such as "订单编号：" and trims. */
export function stripLabel(text: string): string {
  return normalizeText(normalizeText(text).replace(LABEL, ''));
}

/** First element matching any selector, tried in order (earlier = preferred hook). */
export function first(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const el = root.querySelector(selector);
    if (el) return el;
  }
  return null;
}

/** Trimmed, label-stripped text of the first non-empty match, or undefined. */
export function textOf(root: ParentNode, selectors: readonly string[]): string | undefined {
  for (const selector of selectors) {
    for (const el of root.querySelectorAll(selector)) {
      const text = stripLabel(el.textContent ?? '');
      if (text) return text;
    }
  }
  return undefined;
}

/** Trimmed value of `name` on the first match that carries a non-empty one. */
export function attrOf(root: ParentNode, selectors: readonly string[], name: string): string | undefined {
  for (const selector of selectors) {
    for (const el of root.querySelectorAll(selector)) {
      const value = normalizeText(el.getAttribute(name));
      if (value) return value;
    }
  }
  return undefined;
}

/**
 * querySelector that also looks inside open shadow roots (web components such
 * as Amazon's `kat-textarea` keep their real input there). Light DOM first, then
 * each shadow root in document order, depth first.
 */
export function queryDeep(root: ParentNode, selector: string): Element | null {
  const direct = root.querySelector(selector);
  if (direct) return direct;
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) {
      const inner = queryDeep(el.shadowRoot, selector);
      if (inner) return inner;
    }
  }
  return null;
}

/**
 * First match of `pattern` in `text`: capture group 1 when the pattern has one,
 * else the whole match. Patterns should guard their edges (e.g. `(?<!\d)`) so a
 * 19-digit order id is not read out of a 25-digit tracking number.
 */
export function extract(text: string | null | undefined, pattern: RegExp): string | undefined {
  if (!text) return undefined;
  const match = pattern.exec(text);
  if (!match) return undefined;
  return match[1] ?? match[0];
}

/** First match of `pattern` in the text of the first element (by selector order) that contains one. */
export function extractFrom(root: ParentNode, selectors: readonly string[], pattern: RegExp): string | undefined {
  for (const selector of selectors) {
    for (const el of root.querySelectorAll(selector)) {
      const found = extract(normalizeText(el.textContent), pattern);
      if (found) return found;
    }
  }
  return undefined;
}

/** First query-parameter value (by `names` order) that matches `pattern`. */
export function extractFromQuery(url: URL, names: readonly string[], pattern: RegExp): string | undefined {
  for (const name of names) {
    const found = extract(url.searchParams.get(name), pattern);
    if (found) return found;
  }
  return undefined;
}

type ContextFields = Omit<PageContext, 'platform'>;

/** Builds a PageContext, dropping fields that are undefined or blank after trimming. */
export function pageContext(platform: string, fields: { [K in keyof ContextFields]?: string | undefined }): PageContext {
  const context: PageContext = { platform };
  for (const key of ['shop', 'buyerId', 'buyerName', 'orderId'] as const) {
    const value = normalizeText(fields[key]);
    if (value) context[key] = value;
  }
  return context;
}

/** Input types an agent can type a reply into. */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', '']);

/**
 * True for elements that accept typed text: textarea, text-like input (not
 * disabled or read-only), or anything contenteditable.
 */
export function isEditable(el: Element | null | undefined): el is HTMLElement {
  if (!el) return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea') {
    const area = el as HTMLTextAreaElement;
    return !area.disabled && !area.readOnly;
  }
  if (tag === 'input') {
    const input = el as HTMLInputElement;
    return TEXT_INPUT_TYPES.has((input.getAttribute('type') ?? '').toLowerCase()) && !input.disabled && !input.readOnly;
  }
  return (el as HTMLElement).isContentEditable === true;
}

/**
 * The outermost element of a contenteditable region: rich editors (Quill,
 * pell, Lexical) focus an inner paragraph, but insertion must target the root
 * the editor listens on.
 */
export function editableRoot(el: HTMLElement): HTMLElement {
  let root = el;
  let parent = el.parentElement;
  while (parent && parent.isContentEditable) {
    root = parent;
    parent = parent.parentElement;
  }
  return root;
}

/**
 * The first editable match of the selectors (by order), descending into open
 * shadow roots. Non-editable matches (a disabled textarea, a read-only preview)
 * are skipped so a decoy never wins over the real input.
 */
export function findEditable(root: ParentNode, selectors: readonly string[]): HTMLElement | null {
  for (const selector of selectors) {
    for (const el of root.querySelectorAll(selector)) {
      if (isEditable(el)) return (el).isContentEditable ? editableRoot(el) : el;
    }
  }
  return null;
}

/** Exact hostname match against a list: look-alikes such as `host.evil.example` never pass. */
export function hostIn(url: URL, hosts: readonly string[]): boolean {
  return url.protocol === 'https:' && hosts.includes(url.hostname);
}
