import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import { registerPlainText } from '@lexical/plain-text';
import { $getRoot, createEditor } from 'lexical';
import { app, exposeModel, ready } from '../harness';

// Lexical plain text with history, as in newer consoles' chat boxes.
const root = document.createElement('div');
root.id = 'chat';
root.contentEditable = 'true';
root.style.cssText = 'min-height:4em;border:1px solid #999';
app().append(root);
const editor = createEditor({ namespace: 'chat', onError: (e) => console.error(e) });
editor.setRootElement(root);
registerPlainText(editor);
registerHistory(editor, createEmptyHistoryState(), 1000);
exposeModel(() => editor.getEditorState().read(() => $getRoot().getTextContent()));
// The strict-CSP variant of this page checks that inline script is blocked.
const probe = document.createElement('script');
probe.textContent = 'window.__inlineRan = true';
document.head.append(probe);
ready();
