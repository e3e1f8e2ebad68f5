import { h } from '../../../shared/dom.ts';
import { createGenericConsole } from '../../../shared/generic.ts';
import { nativeTextarea, sendOnEnter } from '../../../shared/shell.ts';
import type { EditorBinding } from '../../../shared/types.ts';

// Served with a strict Content-Security-Policy (see server.ts): no inline script or style is
// allowed, which is what breaks extensions that inject <style> or inline handlers into the page.
const textarea = h('textarea', { id: 'chat-input', class: 'chat-input', placeholder: '请输入消息，Enter 发送', 'aria-label': '输入消息' });

const plainTextarea: EditorBinding = {
  ...nativeTextarea(() => textarea),
  mount(host, submit) {
    host.append(textarea);
    sendOnEnter(textarea, submit);
  },
};

void createGenericConsole('严格 CSP', plainTextarea, true);
