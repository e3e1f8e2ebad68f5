import { useState, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { isSendKey } from './shell.ts';
import type { EditorBinding } from './types.ts';

/**
 * A React 19 controlled <textarea>, as 抖店飞鸽 and Shopee render theirs. The
 * model is React state: a script that only assigns `textarea.value` without an
 * input event React can see leaves the state (and so what Send sends) stale,
 * exactly like on the real consoles.
 */
export function reactTextarea(options: {
  textareaProps: Record<string, string>;
  wrappers?: Array<Record<string, string>>;
  placeholder: string;
}): EditorBinding {
  // Mirrors the state value set through `setDraft`; React owns it, this only lets the page API read it synchronously.
  let draft = '';
  let setDraft: (value: string) => void = () => {};
  let field: HTMLTextAreaElement | null = null;

  function ReplyBox({ submit }: { submit: () => void }) {
    const [value, setValue] = useState('');
    setDraft = (next) => {
      draft = next;
      setValue(next);
    };
    const textarea = (
      <textarea
        {...options.textareaProps}
        ref={(element) => {
          field = element;
        }}
        value={value}
        placeholder={options.placeholder}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (isSendKey(event.nativeEvent)) {
            event.preventDefault();
            submit();
          }
        }}
      />
    );
    // Wrappers nest outermost first, e.g. Shopee's [data-cy=...] > #inputField > textarea.
    return (options.wrappers ?? []).reduceRight<ReactElement>(
      (child, props) => (
        <div className="dc-editor-wrap" {...props}>
          {child}
        </div>
      ),
      textarea,
    );
  }

  return {
    mount(host, submit) {
      const root = createRoot(host);
      flushSync(() => root.render(<ReplyBox submit={submit} />));
    },
    getText: () => draft,
    // flushSync so the textarea is empty by the time Send's click handler returns.
    clear: () => flushSync(() => setDraft('')),
    focus: () => field?.focus(),
    getCaret: () => field?.selectionStart ?? null,
  };
}
