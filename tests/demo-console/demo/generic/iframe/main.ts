import { h } from '../../../shared/dom.ts';
import { createGenericConsole } from '../../../shared/generic.ts';
import { nativeTextarea, sendOnEnter } from '../../../shared/shell.ts';
import type { EditorBinding } from '../../../shared/types.ts';

// Some helpdesks put the composer in a same-origin <iframe>; the content script has to look
// inside it. The parent page reads the frame's textarea when sending.
const frame = h('iframe', { class: 'dc-input-frame', src: '/demo/generic/iframe/input.html', title: '消息输入框', 'data-testid': 'demo-input-frame' });
const field = (): HTMLTextAreaElement | null => frame.contentDocument?.querySelector('textarea') ?? null;

const iframeTextarea: EditorBinding = {
  ...nativeTextarea(field),
  mount(host, submit) {
    return new Promise<void>((resolve) => {
      // Chromium may fire a load for the initial about:blank; wait for the frame that has the textarea.
      const onLoad = () => {
        const textarea = field();
        if (!textarea) return;
        frame.removeEventListener('load', onLoad);
        sendOnEnter(textarea, submit);
        resolve();
      };
      frame.addEventListener('load', onLoad);
      host.append(frame);
    });
  },
};

void createGenericConsole('iframe 输入框', iframeTextarea, true);
