import Quill from 'quill';
import { app, exposeModel, ready } from '../harness';

// Quill 2 with its default modules (clipboard, history, keyboard: Ctrl+Z).
const host = document.createElement('div');
host.id = 'chat';
app().append(host);
const quill = new Quill(host, {});
// getText() always ends with the document's final newline.
exposeModel(() => quill.getText().replace(/\n$/, ''));
ready();
