import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createEditor, Node, type Descendant } from 'slate';
import { withHistory } from 'slate-history';
import { Editable, Slate, withReact } from 'slate-react';
import { app, exposeModel, ready } from '../harness';

// Slate with slate-react and slate-history, default elements: Ctrl+Z is
// Editable's own undo over the history plugin.
const editor = withHistory(withReact(createEditor()));
const initialValue: Descendant[] = [{ children: [{ text: '' }] }];
// One element per line: Slate's paste splits the text's lines into blocks.
exposeModel(() => editor.children.map((n) => Node.string(n)).join('\n'));
const box = createElement(Editable, { id: 'chat', style: { minHeight: '4em', border: '1px solid #999' } });
createRoot(app()).render(createElement(Slate, { editor, initialValue, children: box }));
requestAnimationFrame(() => setTimeout(ready, 0));
