import { app, exposeModel, ready } from '../harness';

// A bare contenteditable div (京东咚咚-style): the DOM is the model.
const box = document.createElement('div');
box.id = 'chat';
box.contentEditable = 'true';
box.style.cssText = 'min-height:4em;border:1px solid #999;white-space:pre-wrap';
app().append(box);
exposeModel(() => box.innerText.replace(/\n$/, ''));
ready();
