import type { SidebarLayout } from '../messaging/protocol';
import { SIDEBAR_FOCUS_HASH } from '../sidebar/focus';

/**
 * The sidebar's host in the console page: an edge tab (launcher) and, once
 * opened, an iframe showing our extension page. Only our own UI chrome lives in
 * the page's DOM — no customer data: everything the agent sees is inside the
 * iframe, on the extension's origin, out of the page's reach.
 *
 * Styles are set through the CSSOM (element.style), which a page's strict CSP
 * does not block, unlike injected <style> elements.
 */

export const SIDEBAR_ATTR = 'data-kefu-sidebar';
const Z_TOP = '2147483646';
const LAUNCHER_WIDTH = 18;

export interface SidebarFrameOptions {
  doc: Document;
  src: string;
  layout: SidebarLayout;
  /** Launcher label, in the agent's language. */
  launcherTitle: string;
  onLayoutChange(layout: SidebarLayout): void;
  /** Called when the agent opens the sidebar (edge tab, shortcut, toolbar). */
  onOpen?(): void;
}

export interface SidebarFrame {
  readonly layout: SidebarLayout;
  readonly iframe: HTMLIFrameElement | null;
  open(focus?: boolean): void;
  collapse(): void;
  toggle(): boolean;
  setLayout(patch: Partial<SidebarLayout>): SidebarLayout;
  destroy(): void;
}

function css(el: HTMLElement, styles: Record<string, string>): void {
  for (const [k, v] of Object.entries(styles)) el.style.setProperty(k, v, 'important');
}

export function createSidebarFrame(opts: SidebarFrameOptions): SidebarFrame {
  const { doc } = opts;
  let layout = { ...opts.layout };
  let iframe: HTMLIFrameElement | null = null;

  // Host element with an open shadow root: keeps the page's CSS off our edge
  // tab, while tests and automation can still reach data-testid hooks.
  const host = doc.createElement('kefu-sidebar-host');
  host.setAttribute(SIDEBAR_ATTR, '');
  css(host, { all: 'initial', position: 'fixed', top: '0', right: '0', width: '0', height: '0', 'z-index': Z_TOP });
  const root = host.attachShadow({ mode: 'open' });

  const launcher = doc.createElement('button');
  launcher.type = 'button';
  launcher.setAttribute('data-testid', 'sidebar-launcher');
  launcher.setAttribute('aria-label', opts.launcherTitle);
  launcher.title = opts.launcherTitle;
  launcher.textContent = '话';
  css(launcher, {
    position: 'fixed',
    top: '40%',
    right: '0',
    width: `${LAUNCHER_WIDTH}px`,
    height: '64px',
    padding: '0',
    margin: '0',
    border: 'none',
    'border-radius': '8px 0 0 8px',
    background: '#1f6feb',
    color: '#fff',
    font: '12px/1.2 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif',
    cursor: 'pointer',
    'box-shadow': '0 2px 8px rgba(0,0,0,.25)',
    'z-index': Z_TOP,
  });
  launcher.addEventListener('click', () => open(true));
  root.append(launcher);

  // Resize grip on the sidebar's left edge.
  const grip = doc.createElement('div');
  grip.setAttribute('data-testid', 'sidebar-resize');
  css(grip, { position: 'fixed', top: '0', width: '6px', height: '100vh', cursor: 'ew-resize', 'z-index': Z_TOP, display: 'none' });
  grip.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    grip.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      const width = Math.round(Math.min(720, Math.max(280, doc.documentElement.clientWidth - ev.clientX)));
      applyLayout({ ...layout, width }, false);
    };
    const up = () => {
      grip.removeEventListener('pointermove', move);
      grip.removeEventListener('pointerup', up);
      opts.onLayoutChange(layout);
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up);
  });
  root.append(grip);

  (doc.body ?? doc.documentElement).append(host);

  // Push mode shrinks the page so the sidebar never covers the chat box. We keep
  // the page's own inline values to restore them exactly.
  const html = doc.documentElement;
  const saved = { marginRight: html.style.getPropertyValue('margin-right'), priority: html.style.getPropertyPriority('margin-right') };
  let pushed = false;
  function applyPush(): void {
    const shouldPush = !layout.collapsed && layout.mode === 'push';
    if (shouldPush) {
      html.style.setProperty('margin-right', `${layout.width}px`, 'important');
      pushed = true;
    } else if (pushed) {
      html.style.setProperty('margin-right', saved.marginRight, saved.priority);
      pushed = false;
    }
  }

  /**
   * `byAgent`: the agent opens the sidebar (edge tab, shortcut), so it takes
   * the focus into its search box; one that opens by itself leaves it in the
   * page. The frame's first render cannot get that by message (it is not
   * listening yet), so the URL says it.
   */
  function ensureIframe(byAgent = false): HTMLIFrameElement {
    if (iframe) return iframe;
    iframe = doc.createElement('iframe');
    iframe.src = byAgent ? `${opts.src}#${SIDEBAR_FOCUS_HASH}` : opts.src;
    iframe.setAttribute(SIDEBAR_ATTR, '');
    iframe.setAttribute('data-testid', 'sidebar-frame');
    iframe.setAttribute('allow', 'clipboard-write');
    iframe.title = opts.launcherTitle;
    css(iframe, {
      position: 'fixed',
      top: '0',
      right: '0',
      height: '100vh',
      border: 'none',
      'border-left': '1px solid #d0d7de',
      background: '#fff',
      'box-shadow': '-2px 0 12px rgba(0,0,0,.12)',
      'z-index': Z_TOP,
      'color-scheme': 'light',
    });
    root.append(iframe);
    return iframe;
  }

  function applyLayout(next: SidebarLayout, persist = true): void {
    layout = next;
    if (!layout.collapsed) {
      const frame = ensureIframe();
      css(frame, { width: `${layout.width}px`, display: 'block' });
      css(grip, { right: `${layout.width - 3}px`, display: 'block' });
      css(launcher, { display: 'none' });
    } else {
      if (iframe) css(iframe, { display: 'none' });
      css(grip, { display: 'none' });
      css(launcher, { display: 'block' });
    }
    applyPush();
    if (persist) opts.onLayoutChange(layout);
  }

  function open(focus = false): void {
    if (focus) ensureIframe(true);
    applyLayout({ ...layout, collapsed: false });
    if (focus) {
      iframe?.focus();
      opts.onOpen?.();
    }
  }

  function collapse(): void {
    applyLayout({ ...layout, collapsed: true });
  }

  applyLayout(layout, false);

  return {
    get layout() {
      return layout;
    },
    get iframe() {
      return iframe;
    },
    open,
    collapse,
    toggle() {
      if (layout.collapsed) open(true);
      else collapse();
      return !layout.collapsed;
    },
    setLayout(patch) {
      applyLayout({ ...layout, ...patch });
      return layout;
    },
    destroy() {
      if (pushed) html.style.setProperty('margin-right', saved.marginRight, saved.priority);
      host.remove();
    },
  };
}
