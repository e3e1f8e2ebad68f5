import { baseKeymap } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { schema } from 'prosemirror-schema-basic';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { app, exposeModel, ready } from '../harness';

// ProseMirror (what TipTap wraps) with history and the usual undo keys.
const view = new EditorView(app(), {
  state: EditorState.create({ schema, plugins: [history(), keymap({ 'Mod-z': undo, 'Mod-y': redo, 'Mod-Shift-z': redo }), keymap(baseKeymap)] }),
});
view.dom.id = 'chat';
// Paragraphs and hard breaks both read as one line break.
exposeModel(() => view.state.doc.textBetween(0, view.state.doc.content.size, '\n', '\n'));
ready();
