/**
 * A small marker beside the console's chat box: the note that a shortcut code
 * was blocked by a compliance rule, and the live draft check's marker. Only
 * fixed wording of ours goes into the page: never customer data, never the
 * reply's or the draft's text. The page's own text is never touched.
 *
 * The marker lives in a closed shadow root, so the page's scripts and CSS see
 * only an empty host element; the host's `data-kefu-marker` attribute names
 * what is shown (`blocked`, `block`, `warn`, `hint`) for tests and styling
 * hooks, nothing more. Styles are set through the CSSOM (element.style),
 * which a page's strict CSP does not block.
 */

export const MARKER_ATTR = 'data-kefu-marker';
const Z_TOP = '2147483645';

const COLORS: Record<string, { bg: string; fg: string }> = {
  blocked: { bg: '#cf222e', fg: '#fff' },
  block: { bg: '#cf222e', fg: '#fff' },
  warn: { bg: '#9a6700', fg: '#fff' },
  hint: { bg: '#0969da', fg: '#fff' },
};

export interface MarkerContent {
  /** What is shown: `blocked` (a shortcut code), or a draft's severity. */
  kind: 'blocked' | 'block' | 'warn' | 'hint';
  text: string;
  title?: string;
  /** Makes the marker a button; without it the marker ignores the pointer. */
  onClick?: () => void;
}

export interface BoxMarker {
  /** Shows (or updates) the marker next to `target`. */
  show(target: HTMLElement, content: MarkerContent): void;
  hide(): void;
  readonly shown: boolean;
  dispose(): void;
}

function css(el: HTMLElement, styles: Record<string, string>): void {
  for (const [k, v] of Object.entries(styles)) el.style.setProperty(k, v, 'important');
}

export function createBoxMarker(doc: Document, name: string): BoxMarker {
  const win = doc.defaultView!;
  let host: HTMLElement | null = null;
  let button: HTMLButtonElement | null = null;
  let target: HTMLElement | null = null;
  let onClick: (() => void) | undefined;

  function ensure(): { host: HTMLElement; button: HTMLButtonElement } {
    if (host && button) return { host, button };
    host = doc.createElement('kefu-box-marker');
    host.setAttribute('data-kefu-marker-name', name);
    css(host, { all: 'initial', position: 'fixed', display: 'block', 'z-index': Z_TOP, 'pointer-events': 'none' });
    const root = host.attachShadow({ mode: 'closed' });
    button = doc.createElement('button');
    button.type = 'button';
    css(button, {
      display: 'block',
      margin: '0',
      padding: '2px 8px',
      border: 'none',
      'border-radius': '10px',
      font: '12px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif',
      'white-space': 'nowrap',
      'box-shadow': '0 1px 4px rgba(0,0,0,.2)',
      'max-width': '420px',
      overflow: 'hidden',
      'text-overflow': 'ellipsis',
    });
    button.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      onClick?.();
    });
    // A click on the marker must not take the caret out of the chat box.
    button.addEventListener('mousedown', (e) => e.preventDefault());
    root.append(button);
    (doc.body ?? doc.documentElement).append(host);
    win.addEventListener('scroll', place, { capture: true, passive: true });
    win.addEventListener('resize', place, { passive: true });
    return { host, button };
  }

  /** Just above the chat box's top right corner; inside its top edge when there is no room above. */
  function place(): void {
    if (!host || !target) return;
    if (!target.isConnected) {
      hide();
      return;
    }
    const rect = target.getBoundingClientRect();
    const height = host.getBoundingClientRect().height || 22;
    const top = rect.top - height - 4 >= 0 ? rect.top - height - 4 : rect.top + 4;
    const right = Math.max(0, doc.documentElement.clientWidth - rect.right);
    css(host, { top: `${Math.round(top)}px`, right: `${Math.round(right)}px` });
  }

  function show(to: HTMLElement, content: MarkerContent): void {
    const el = ensure();
    target = to;
    onClick = content.onClick;
    const color = COLORS[content.kind]!;
    el.host.setAttribute(MARKER_ATTR, content.kind);
    el.button.textContent = `⚠ ${content.text}`;
    el.button.title = content.title ?? content.text;
    el.button.setAttribute('aria-label', content.title ?? content.text);
    css(el.button, { background: color.bg, color: color.fg, cursor: onClick ? 'pointer' : 'default' });
    css(el.host, { display: 'block', 'pointer-events': onClick ? 'auto' : 'none' });
    place();
  }

  function hide(): void {
    if (!host) return;
    host.removeAttribute(MARKER_ATTR);
    css(host, { display: 'none' });
    target = null;
    onClick = undefined;
  }

  return {
    show,
    hide,
    get shown() {
      return target !== null;
    },
    dispose() {
      win.removeEventListener('scroll', place, { capture: true });
      win.removeEventListener('resize', place);
      host?.remove();
      host = null;
      button = null;
      target = null;
    },
  };
}
