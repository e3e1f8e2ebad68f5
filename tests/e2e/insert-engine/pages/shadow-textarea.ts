import { app, exposeModel, ready } from '../harness';

// A web component composer (Amazon's kat-textarea): the textarea lives in an
// open shadow root, so document.activeElement is only the host.
const host = document.createElement('chat-box');
const shadow = host.attachShadow({ mode: 'open' });
const area = document.createElement('textarea');
area.id = 'chat';
area.rows = 4;
shadow.append(area);
app().append(host);
exposeModel(() => area.value);
ready();
