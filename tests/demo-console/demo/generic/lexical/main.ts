import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import { registerPlainText } from '@lexical/plain-text';
import { mergeRegister } from '@lexical/utils';
import { $createParagraphNode, $getRoot, $getSelection, $isElementNode, $isRangeSelection, CLEAR_HISTORY_COMMAND, createEditor } from 'lexical';
import { h } from '../../../shared/dom.ts';
import { createGenericConsole, placeholder } from '../../../shared/generic.ts';
import type { EditorBinding } from '../../../shared/types.ts';

// A Lexical plain-text editor with history, as Lexical-based helpdesks mount it without React.
// The model is Lexical's EditorState: one paragraph whose line breaks are LineBreakNodes.
const editor = createEditor({
  namespace: 'demo-console',
  onError: (error) => {
    throw error;
  },
});
const contentEditable = h('div', { class: 'lexical-editor dc-rich', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true', 'aria-label': '输入消息' });

const lexicalEditor: EditorBinding = {
  mount(host) {
    // A block (not flex) parent: Chrome misplaces focus for contenteditables inside flex boxes.
    host.append(h('div', { class: 'dc-rich-wrap' }, contentEditable));
    const setEmpty = placeholder(host, '请输入消息…');
    editor.setRootElement(contentEditable);
    mergeRegister(
      registerPlainText(editor),
      registerHistory(editor, createEmptyHistoryState(), 300),
      editor.registerUpdateListener(({ editorState }) => setEmpty(editorState.read(() => $getRoot().getTextContentSize() === 0))),
    );
    setEmpty(true);
  },
  getText: () => editor.getEditorState().read(() => $getRoot().getChildren().map((block) => block.getTextContent()).join('\n')),
  clear: () => {
    editor.update(
      () => {
        const root = $getRoot();
        root.clear();
        root.append($createParagraphNode());
      },
      { discrete: true },
    );
    editor.dispatchCommand(CLEAR_HISTORY_COMMAND, undefined);
  },
  focus: () => editor.focus(),
  // Walks the top-level blocks (joined by '\n', like getText) up to the selection's focus point.
  getCaret: () =>
    editor.getEditorState().read(() => {
      const selection = $getSelection();
      if (!$isRangeSelection(selection)) return null;
      const point = selection.focus;
      let total = 0;
      for (const [index, block] of $getRoot().getChildren().entries()) {
        if (index > 0) total += 1;
        if (!$isElementNode(block)) {
          total += block.getTextContentSize();
          continue;
        }
        const children = block.getChildren();
        if (point.type === 'element' && point.key === block.getKey()) {
          return total + children.slice(0, point.offset).reduce((sum, child) => sum + child.getTextContentSize(), 0);
        }
        for (const child of children) {
          if (child.getKey() === point.key) return total + point.offset;
          total += child.getTextContentSize();
        }
      }
      return total;
    }),
};

void createGenericConsole('Lexical', lexicalEditor, false);
