/**
 * Shared by every editor page of the insert-engine e2e test: the page exposes
 * `window.__model()` (the editor's own model as text, never the DOM), and gets
 * a stand-in for our sidebar: an iframe carrying `data-kefu-sidebar` that the
 * test clicks into before each insertion, as an agent clicks a reply.
 */
declare global {
  interface Window {
    __model?: () => string;
    /** Set when an inline script ran: the strict-CSP page must leave it unset. */
    __inlineRan?: boolean;
  }
}

export function exposeModel(read: () => string): void {
  window.__model = read;
}

export function mountSidebar(): void {
  const frame = document.createElement('iframe');
  frame.setAttribute('data-kefu-sidebar', '');
  frame.srcdoc = '<!doctype html><input id="search" placeholder="搜索话术">';
  frame.style.cssText = 'position:fixed;right:0;top:0;width:240px;height:120px;border:1px solid #ccc';
  document.body.append(frame);
}

/** The test waits for this before driving the page. */
export function ready(): void {
  // A buyer message to click on: moves the page's selection out of the chat box.
  const message = document.createElement('p');
  message.id = 'buyer-message';
  message.textContent = '买家：在吗？这件有L码吗？';
  document.body.prepend(message);
  mountSidebar();
  document.documentElement.dataset.ready = '1';
}

export function app(): HTMLElement {
  const el = document.getElementById('app');
  if (!el) throw new Error('harness page without #app');
  return el;
}
