import { app, exposeModel, ready } from '../harness';

// A contenteditable inside an open shadow root: Chromium keeps the selection
// of shadow content apart (shadowRoot.getSelection), a classic trap.
const host = document.createElement('chat-box');
const shadow = host.attachShadow({ mode: 'open' });
const box = document.createElement('div');
box.id = 'chat';
box.contentEditable = 'true';
box.style.cssText = 'min-height:4em;border:1px solid #999;white-space:pre-wrap';
shadow.append(box);
app().append(host);
exposeModel(() => box.innerText.replace(/\n$/, ''));
ready();
