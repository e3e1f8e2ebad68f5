/**
 * Plain text of a contenteditable as the agent sees it, the way a console that
 * reads its own DOM would: <br> and block elements are line breaks. The <br> a
 * browser leaves as the last child of a line is only a placeholder and adds nothing.
 * With `until`, stops there: the caret offset is the length of the text before it.
 */
export function contenteditableText(root: HTMLElement, until?: { node: Node; offset: number }): string {
  let out = '';
  let emitted = false;
  let done = false;
  const visit = (node: Node): void => {
    if (done) return;
    if (until && node === until.node && node.nodeType !== Node.TEXT_NODE) {
      for (const child of [...node.childNodes].slice(0, until.offset)) visit(child);
      done = true;
      return;
    }
    if (node.nodeType === Node.TEXT_NODE) {
      const data = (node as Text).data;
      out += until && node === until.node ? data.slice(0, until.offset) : data;
      emitted = true;
      if (until && node === until.node) done = true;
      return;
    }
    if (node.nodeName === 'BR') {
      if (node.nextSibling !== null) out += '\n';
      emitted = true;
      return;
    }
    if (node !== root && /^(DIV|P|LI|H[1-6]|BLOCKQUOTE)$/.test(node.nodeName)) {
      if (emitted) out += '\n';
      emitted = true;
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return out;
}
