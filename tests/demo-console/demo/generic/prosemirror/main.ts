import { baseKeymap } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import type { Node as PMNode } from 'prosemirror-model';
import { schema } from 'prosemirror-schema-basic';
import { EditorState, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import 'prosemirror-view/style/prosemirror.css';
import { h } from '../../../shared/dom.ts';
import { createGenericConsole, placeholder } from '../../../shared/generic.ts';
import type { EditorBinding } from '../../../shared/types.ts';

// A ProseMirror editor (schema-basic, history, baseKeymap): Enter makes a new paragraph and
// Shift+Enter a hard_break (as prosemirror-example-setup binds it); the message text is the
// paragraphs joined by '\n', hard breaks counting as '\n' too.
const insertHardBreak: Command = (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(schema.nodes.hard_break.create()).scrollIntoView());
  return true;
};
const plugins = [
  history(),
  keymap({ 'Mod-z': undo, 'Mod-y': redo, 'Shift-Mod-z': redo, 'Shift-Enter': insertHardBreak }),
  keymap(baseKeymap),
];
let view: EditorView | undefined;

function blockText(block: PMNode): string {
  return block.textBetween(0, block.content.size, '\n', '\n');
}

const proseMirrorEditor: EditorBinding = {
  mount(host) {
    const setEmpty = placeholder(host, '请输入消息…');
    // A block (not flex) parent: Chrome misplaces focus for contenteditables inside flex boxes.
    const mount = h('div', { class: 'dc-rich-wrap' });
    host.append(mount);
    view = new EditorView(mount, {
      state: EditorState.create({ schema, plugins }),
      attributes: { class: 'dc-rich', role: 'textbox', 'aria-multiline': 'true', 'aria-label': '输入消息' },
      dispatchTransaction(transaction) {
        const next = view!.state.apply(transaction);
        view!.updateState(next);
        setEmpty(next.doc.textContent === '' && next.doc.childCount === 1);
      },
    });
    setEmpty(true);
  },
  getText: () => (view ? view.state.doc.children.map(blockText).join('\n') : ''),
  // A fresh state also drops the undo history, so a sent message cannot come back with Ctrl+Z.
  clear: () => {
    view?.updateState(EditorState.create({ schema, plugins }));
    view?.dom.closest('.dc-editor-host')?.classList.add('dc-empty');
  },
  focus: () => view?.focus(),
  getCaret: () => {
    if (!view) return null;
    const head = view.state.selection.head;
    let total = 0;
    let found: number | null = null;
    view.state.doc.forEach((block, offset, index) => {
      if (found !== null) return;
      if (index > 0) total += 1;
      if (head <= offset + block.nodeSize) {
        const inner = Math.max(0, Math.min(head - offset - 1, block.content.size));
        found = total + block.textBetween(0, inner, '\n', '\n').length;
      } else {
        total += blockText(block).length;
      }
    });
    return found ?? total;
  },
};

void createGenericConsole('ProseMirror', proseMirrorEditor, false);
