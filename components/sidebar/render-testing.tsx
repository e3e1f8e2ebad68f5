import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Lang } from '@/lib/i18n/messages';
import { LangProvider } from './i18n';

/**
 * Rendering sidebar components in happy-dom for their unit tests: a real
 * React root, real events, and polling (vi.waitFor) for what useLiveQuery
 * brings in asynchronously.
 */
export interface Rendered {
  container: HTMLElement;
  unmount(): void;
  /** Elements by data-testid. */
  all(testid: string, within?: ParentNode): HTMLElement[];
  one(testid: string, within?: ParentNode): HTMLElement;
}

export function render(ui: ReactNode, lang: Lang = 'zh'): Rendered {
  const container = document.createElement('div');
  document.body.append(container);
  const root: Root = createRoot(container);
  root.render(<LangProvider lang={lang}>{ui}</LangProvider>);
  const all = (testid: string, within: ParentNode = container) => [...within.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`)];
  return {
    container,
    unmount: () => {
      root.unmount();
      container.remove();
    },
    all,
    one: (testid, within) => {
      const found = all(testid, within);
      if (found.length !== 1) throw new Error(`expected one [data-testid="${testid}"], found ${found.length}`);
      return found[0]!;
    },
  };
}

/** Types into a controlled input the way a user does (React listens for input events). */
export function typeInto(input: HTMLElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Records the messages the sidebar sends to the background (answered with an empty success). */
export function recordBackgroundMessages(): string[] {
  const types: string[] = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    types.push((message as { type?: string }).type ?? '');
    return Promise.resolve({ ok: true, data: {} });
  });
  return types;
}
