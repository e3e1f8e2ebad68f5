import { ClassicEditor, Essentials, Paragraph } from 'ckeditor5';
import { app, exposeModel, ready } from '../harness';

// CKEditor 5 classic editor with Essentials (clipboard, enter, shift+enter,
// typing, undo) and no stylesheet: the page needs the editing, not the looks.
const host = document.createElement('div');
host.id = 'chat';
app().append(host);
void ClassicEditor.create(host, { licenseKey: 'GPL', plugins: [Essentials, Paragraph], toolbar: [] }).then((editor) => {
  // Paragraphs and soft breaks (<br>, what a pasted single line break becomes) both read as one line break.
  exposeModel(() =>
    Array.from(editor.model.document.getRoot()!.getChildren())
      .map((block) =>
        block.is('element')
          ? Array.from(block.getChildren())
              .map((n) => (n.is('$text') ? n.data : n.is('element', 'softBreak') ? '\n' : ''))
              .join('')
          : '',
      )
      .join('\n'),
  );
  ready();
});
