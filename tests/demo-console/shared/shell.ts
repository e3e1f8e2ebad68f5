import './base.css';
import { clock } from './data.ts';
import { h, type Attrs } from './dom.ts';
import type { Conversation, EditorBinding, Lang, Message, Order } from './types.ts';

/**
 * The chat screen every demo console shares: top bar, conversation list, history
 * with the composer, and an order/buyer panel. Each console passes the parts
 * whose DOM hooks its site adapter reads (shop, buyer header, order panel,
 * conversation item attributes), so the hooks live beside the console they imitate.
 */
export interface ConsoleSpec {
  /** Site adapter id; the page is served under /demo/<id>/. */
  id: string;
  lang: Lang;
  title: string;
  brand: string;
  shop: { name: string; id: string };
  conversations: Conversation[];
  editor: EditorBinding;
  /** Whether Enter sends (textarea consoles); only changes the hint under the input. */
  enterSends: boolean;
  renderShop(shop: ConsoleSpec['shop']): Node;
  renderChatHead(conversation: Conversation): Node;
  renderSide(conversation: Conversation): Node;
  /** Hooks on the conversation list, each item, the name in an item (拼多多's uid, Shopee's data-cy...). */
  listAttrs?: Attrs;
  itemAttrs?(conversation: Conversation, active: boolean): Attrs;
  itemNameAttrs?(conversation: Conversation): Attrs;
  /** Hooks on the message list and on each message row. */
  historyAttrs?: Attrs;
  messageAttrs?(conversation: Conversation, message: Message): Attrs;
  sendAttrs?: Attrs;
  /** Extra query parameters kept in the URL for the active conversation (Amazon's orderId). */
  urlParams?(conversation: Conversation): Record<string, string>;
}

const LABELS = {
  zh: {
    demo: '演示数据',
    search: '搜索买家昵称 / 订单号',
    agent: '客服小满',
    agentInitial: '满',
    online: '在线',
    send: '发送',
    enterHint: 'Enter 发送，Shift+Enter 换行',
    clickHint: '点击“发送”发出消息',
    toolbar: ['表情', '图片', '快捷短语', '商品', '订单'],
    today: '今天',
    inbox: '当前会话',
  },
  en: {
    demo: 'Demo data',
    search: 'Search buyer or order',
    agent: 'Agent Lily',
    agentInitial: 'L',
    online: 'Online',
    send: 'Send',
    enterHint: 'Enter to send, Shift+Enter for a new line',
    clickHint: 'Click Send to send',
    toolbar: ['Emoji', 'Image', 'Quick replies', 'Products', 'Orders'],
    today: 'Today',
    inbox: 'Active chats',
  },
} satisfies Record<Lang, unknown>;

export function labels(lang: Lang) {
  return LABELS[lang];
}

/** Mounts the console into #app and installs window.__demo once the editor is ready. */
export async function createConsole(spec: ConsoleSpec): Promise<void> {
  const t = LABELS[spec.lang];
  document.documentElement.lang = spec.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = spec.title;
  const conversations = new Map(spec.conversations.map((c) => [c.id, c]));
  const sent: string[] = [];
  let active = pickFromUrl(spec.conversations);
  let arrivalTimer: ReturnType<typeof setTimeout> | undefined;

  const list = h('ul', withClass('dc-conv-list', spec.listAttrs));
  const chatHead = h('div', { class: 'dc-chat-head' });
  const historyBox = h('div', withClass('dc-history', { ...spec.historyAttrs, 'data-testid': 'demo-history' }));
  const editorHost = h('div', { class: 'dc-editor-host' });
  const side = h('aside', { class: 'dc-side' });
  const sendButton = h('button', withClass('dc-send', { ...spec.sendAttrs, type: 'button', 'data-testid': 'demo-send', onclick: () => submit() }), t.send);

  const app = h(
    'div',
    { class: 'dc-app', 'data-console': spec.id },
    h(
      'header',
      { class: 'dc-topbar' },
      h('span', { class: 'dc-brand' }, spec.brand),
      spec.renderShop(spec.shop),
      h('span', { class: 'dc-demo-tag' }, t.demo),
      h('span', { class: 'dc-agent' }, h('span', { class: 'dc-dot' }), `${t.agent} · ${t.online}`),
    ),
    h(
      'div',
      { class: 'dc-main' },
      h(
        'nav',
        { class: 'dc-convs' },
        h('div', { class: 'dc-convs-title' }, t.inbox),
        h('input', { class: 'dc-search', type: 'search', placeholder: t.search, 'aria-label': t.search, oninput: filterList }),
        list,
      ),
      h(
        'section',
        { class: 'dc-chat' },
        chatHead,
        historyBox,
        h(
          'div',
          { class: 'dc-composer' },
          h('div', { class: 'dc-toolbar', 'aria-hidden': 'true' }, t.toolbar.map((name) => h('span', { class: 'dc-tool' }, name))),
          editorHost,
          h('div', { class: 'dc-composer-foot' }, h('span', { class: 'dc-hint' }, spec.enterSends ? t.enterHint : t.clickHint), sendButton),
        ),
      ),
      side,
    ),
  );
  document.getElementById('app')!.replaceChildren(app);

  function current(): Conversation {
    return conversations.get(active)!;
  }

  function renderList(): void {
    list.replaceChildren(
      ...spec.conversations.map((c) => {
        const isActive = c.id === active;
        const last = c.messages[c.messages.length - 1];
        return h(
          'li',
          withClass(isActive ? 'dc-conv active' : 'dc-conv', {
            ...spec.itemAttrs?.(c, isActive),
            'data-testid': 'demo-conversation',
            'data-conversation-id': c.id,
            'aria-current': isActive ? 'true' : null,
            tabindex: 0,
            role: 'button',
            onclick: () => select(c.id, true),
            onkeydown: (event: Event) => {
              if ((event as KeyboardEvent).key === 'Enter') select(c.id, true);
            },
          }),
          h('span', { class: 'dc-avatar' }, [...c.buyerName][0] ?? '?'),
          h(
            'div',
            { class: 'dc-conv-body' },
            h('div', { class: 'dc-conv-top' }, h('span', withClass('dc-conv-name', spec.itemNameAttrs?.(c)), c.buyerName), h('span', { class: 'dc-conv-time' }, last?.time ?? '')),
            h('div', { class: 'dc-conv-preview' }, last?.text.split('\n')[0] ?? ''),
          ),
          c.unread > 0 && !isActive ? h('span', { class: 'dc-badge' }, c.unread) : null,
        );
      }),
    );
  }

  function renderHistory(): void {
    const c = current();
    historyBox.replaceChildren(
      h('div', { class: 'dc-day' }, t.today),
      ...c.messages.map((m) =>
        h(
          'div',
          withClass(`dc-msg dc-msg-${m.from}`, spec.messageAttrs?.(c, m)),
          h('span', { class: 'dc-avatar dc-avatar-sm' }, m.from === 'agent' ? t.agentInitial : [...c.buyerName][0]),
          h(
            'div',
            { class: 'dc-msg-body' },
            h('div', { class: 'dc-msg-meta' }, `${m.from === 'agent' ? t.agent : c.buyerName}  ${m.time}`),
            h('div', { class: 'dc-bubble', 'data-testid': m.sent ? 'demo-sent' : null }, m.text),
          ),
        ),
      ),
    );
    historyBox.scrollTop = historyBox.scrollHeight;
  }

  function render(): void {
    const c = current();
    renderList();
    chatHead.replaceChildren(spec.renderChatHead(c));
    side.replaceChildren(spec.renderSide(c));
    renderHistory();
  }

  function filterList(event: Event): void {
    const query = (event.target as HTMLInputElement).value.trim().toLowerCase();
    for (const item of list.children) {
      const c = conversations.get(item.getAttribute('data-conversation-id') ?? '');
      const hit = !query || !c || c.buyerName.toLowerCase().includes(query) || c.orders.some((o) => o.id.includes(query));
      item.classList.toggle('dc-hidden', !hit);
    }
  }

  function urlFor(c: Conversation): string {
    const params = new URLSearchParams(location.search);
    params.set('c', c.id);
    for (const [key, value] of Object.entries(spec.urlParams?.(c) ?? {})) params.set(key, value);
    return `${location.pathname}?${params}`;
  }

  function select(id: string, push: boolean): void {
    if (!conversations.has(id)) return;
    if (id !== active) spec.editor.clear();
    active = id;
    current().unread = 0;
    if (push) history.pushState({ c: id }, '', urlFor(current()));
    render();
    scheduleArrival();
  }

  // Like the real consoles, a buyer message or two trickle in after the chat is opened.
  function scheduleArrival(): void {
    clearTimeout(arrivalTimer);
    const c = current();
    if (c.incoming.length === 0) return;
    arrivalTimer = setTimeout(() => {
      const text = c.incoming.shift();
      if (text === undefined) return;
      c.messages.push({ from: 'buyer', text, time: clock() });
      if (c.id === active) {
        renderHistory();
        renderList();
        scheduleArrival();
      } else {
        c.unread += 1;
        renderList();
      }
    }, 2500 + Math.floor(Math.random() * 2000));
  }

  function submit(): void {
    const text = spec.editor.getText();
    if (text.trim() === '') return;
    current().messages.push({ from: 'agent', text, time: clock(), sent: true });
    sent.push(text);
    spec.editor.clear();
    renderHistory();
    renderList();
    spec.editor.focus();
  }

  window.addEventListener('popstate', () => select(pickFromUrl(spec.conversations), false));
  history.replaceState({ c: active }, '', urlFor(current()));
  render();
  await spec.editor.mount(editorHost, submit);
  scheduleArrival();
  window.__demo = {
    getModelText: () => spec.editor.getText(),
    getSent: () => [...sent],
    getCaret: () => spec.editor.getCaret(),
    getConversationId: () => active,
  };
  document.documentElement.setAttribute('data-demo-ready', '');
}

/** `?c=` wins; else a conversation whose order matches `?orderId=` (Amazon deep links); else the first. */
function pickFromUrl(list: Conversation[]): string {
  const params = new URLSearchParams(location.search);
  const byId = list.find((c) => c.id === params.get('c'));
  const orderId = params.get('orderId');
  const byOrder = orderId ? list.find((c) => c.orders.some((o) => o.id === orderId)) : undefined;
  return (byId ?? byOrder ?? list[0]!).id;
}

/** Attributes with `base` prepended to their class, so console hooks add to the shared look. */
export function withClass(base: string, attrs: Attrs = {}): Attrs {
  const extra = typeof attrs.class === 'string' ? attrs.class : '';
  return { ...attrs, class: extra ? `${base} ${extra}` : base };
}

/**
 * The order panel: one card per order of the buyer, the first being the one the
 * agent opened. `card` returns the console's hooks for a card (its "selected"
 * marker differs per console: aria-selected, .selected, .cur, .is-active).
 */
export function orderPanel(
  c: Conversation,
  lang: Lang,
  options: { title: string; idLabel: string; panelAttrs?: Attrs; card(active: boolean, order: Order): Attrs },
): HTMLElement {
  return h(
    'div',
    withClass('dc-order-panel', options.panelAttrs),
    h('div', { class: 'dc-panel-title' }, lang === 'zh' ? '买家信息' : 'Buyer'),
    h(
      'dl',
      { class: 'dc-kv dc-buyer-card' },
      h('dt', null, lang === 'zh' ? '昵称' : 'Name'),
      h('dd', null, c.buyerName),
      h('dt', null, 'ID'),
      h('dd', null, c.buyerId),
      h('dt', null, lang === 'zh' ? '标签' : 'Tags'),
      h('dd', null, tagList(c.tags)),
    ),
    h('div', { class: 'dc-panel-title' }, options.title),
    c.orders.map((order, index) =>
      h(
        'div',
        withClass(index === 0 ? 'dc-card dc-card-active' : 'dc-card', { ...options.card(index === 0, order), 'data-testid': 'demo-order-card' }),
        h(
          'div',
          { class: 'dc-card-head' },
          h('span', null, options.idLabel, h('span', { class: 'dc-order-id' }, order.id)),
          // A space keeps the id apart from the status in textContent ("240612ABCD1234 Unshipped"), as on the consoles.
          ' ',
          h('span', { class: 'dc-status' }, order.status),
        ),
        orderDetails(order, lang),
      ),
    ),
  );
}

/** Order card body shared by the order panels. */
export function orderDetails(order: Order, lang: Lang): HTMLElement {
  const zh = lang === 'zh';
  return h(
    'div',
    { class: 'dc-order-body' },
    h('div', { class: 'dc-order-title' }, order.title),
    h('div', { class: 'dc-order-row' }, h('span', null, zh ? '规格' : 'Variant'), h('span', null, order.sku)),
    h('div', { class: 'dc-order-row' }, h('span', null, zh ? '数量' : 'Qty'), h('span', null, `×${order.qty}`)),
    h('div', { class: 'dc-order-row' }, h('span', null, zh ? '实付' : 'Total'), h('span', { class: 'dc-price' }, order.price)),
    h('div', { class: 'dc-order-row' }, h('span', null, zh ? '下单时间' : 'Placed'), h('span', null, order.placedAt)),
  );
}

/** A small tag list (VIP, 复购...) used in the buyer panels. */
export function tagList(tags: string[]): HTMLElement {
  return h('div', { class: 'dc-tags' }, tags.map((tag) => h('span', { class: 'dc-tag' }, tag)));
}

/** Enter without Shift (and not while an IME is composing Chinese) sends, as in the real consoles. */
export function isSendKey(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey && !event.isComposing;
}

/** Binding for a plain <textarea> whose DOM value is the model (no framework state). */
export function nativeTextarea(getField: () => HTMLTextAreaElement | null): Omit<EditorBinding, 'mount'> {
  return {
    getText: () => getField()?.value ?? '',
    clear: () => {
      const field = getField();
      if (field) field.value = '';
    },
    focus: () => getField()?.focus(),
    getCaret: () => getField()?.selectionStart ?? null,
  };
}

/** Wires Enter-to-send on a textarea. */
export function sendOnEnter(field: HTMLElement, submit: () => void): void {
  field.addEventListener('keydown', (event) => {
    if (isSendKey(event)) {
      event.preventDefault();
      submit();
    }
  });
}
