/**
 * A stand-in for Amazon's Katal <kat-textarea>: a custom element with an OPEN
 * shadow root around the real <textarea>. Like Katal, the host's `value` is the
 * model; it follows the inner textarea's input events, so a script that sets the
 * inner value without an input event leaves `value` (what Send sends) stale.
 */
const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  :host { display: flex; flex-direction: column; }
  .kat-textarea-container { display: flex; flex: 1; }
  textarea {
    flex: 1; width: 100%; min-height: 96px; box-sizing: border-box; resize: vertical;
    padding: 8px 10px; border: 1px solid #8d9096; border-radius: 3px; font: inherit; line-height: 1.5;
  }
  textarea:focus { outline: none; border-color: #007185; box-shadow: 0 0 0 3px #c8f3fa; }
`);

let katalIds = 0;

export class KatTextarea extends HTMLElement {
  static observedAttributes = ['placeholder'];
  readonly field: HTMLTextAreaElement;
  #value = '';

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];
    this.field = document.createElement('textarea');
    this.field.setAttribute('part', 'textarea');
    this.field.id = `katal-id-${++katalIds}`;
    this.field.addEventListener('input', () => {
      this.#value = this.field.value;
    });
    const container = document.createElement('div');
    container.className = 'kat-textarea-container';
    container.append(this.field);
    root.append(container);
  }

  attributeChangedCallback(name: string, _old: string | null, next: string | null): void {
    if (name === 'placeholder') this.field.placeholder = next ?? '';
  }

  get value(): string {
    return this.#value;
  }

  set value(next: string) {
    this.#value = next;
    this.field.value = next;
  }

  focus(): void {
    this.field.focus();
  }
}

if (!customElements.get('kat-textarea')) customElements.define('kat-textarea', KatTextarea);

declare global {
  interface HTMLElementTagNameMap {
    'kat-textarea': KatTextarea;
  }
}
