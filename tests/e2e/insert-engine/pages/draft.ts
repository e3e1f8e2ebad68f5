import { Editor, EditorState } from 'draft-js';
import { createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { app, exposeModel, ready } from '../harness';

// Draft.js 0.11, as older React consoles use it, with its built-in
// keys: Ctrl+Z is its own undo over EditorState, not the browser's.
let model = '';
function Chat() {
  const [state, setState] = useState(() => EditorState.createEmpty());
  // One block per line: Draft turns pasted line breaks into blocks.
  model = state.getCurrentContent().getPlainText('\n');
  return createElement('div', { id: 'chat', style: { minHeight: '4em', border: '1px solid #999' } }, createElement(Editor, { editorState: state, onChange: setState }));
}
exposeModel(() => model);
createRoot(app()).render(createElement(Chat));
requestAnimationFrame(() => setTimeout(ready, 0));
