import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Test helper: loads `tests/fixtures/adapters/<id>/<variant>.html` into the
 * global happy-dom document and returns it.
 *
 * Fixtures write open shadow roots declaratively (`<template shadowrootmode="open">`),
 * which is what a browser does with the demo console's static pages. happy-dom
 * does not attach declarative shadow roots when parsing, so this attaches them
 * the way the browser's parser would.
 */
export function loadFixture(id: string, variant: string): Document {
  const html = readFileSync(join(process.cwd(), 'tests/fixtures/adapters', id, `${variant}.html`), 'utf8');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.head.innerHTML = parsed.head.innerHTML;
  document.body.innerHTML = parsed.body.innerHTML;
  attachDeclarativeShadowRoots(document);
  return document;
}

function attachDeclarativeShadowRoots(root: ParentNode): void {
  for (const template of [...root.querySelectorAll('template[shadowrootmode]')]) {
    const host = template.parentElement;
    if (!host || host.shadowRoot) continue;
    const mode = template.getAttribute('shadowrootmode') === 'closed' ? 'closed' : 'open';
    const shadow = host.attachShadow({ mode });
    shadow.innerHTML = template.innerHTML;
    template.remove();
    attachDeclarativeShadowRoots(shadow);
  }
}

/** Parses each string as a URL, for detect tables. */
export function urls(list: readonly string[]): URL[] {
  return list.map((href) => new URL(href));
}
