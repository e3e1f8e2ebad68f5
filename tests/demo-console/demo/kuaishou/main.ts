import Quill from 'quill';
import 'quill/dist/quill.snow.css';
import { makeConversations } from '../../shared/data.ts';
import { h } from '../../shared/dom.ts';
import { createConsole, orderPanel, tagList } from '../../shared/shell.ts';
import type { EditorBinding } from '../../shared/types.ts';

// 快手小店 客服工作台: the reply box is a Quill 2 editor (div.ql-editor) with the history
// module on, so Ctrl+Z undoes an insertion. The model is Quill's delta, read with getText().
// Hooks as in tests/fixtures/adapters/kuaishou/workbench.html and lib/adapters/kuaishou:
//   reply      div.ql-editor[contenteditable="true"]
//   buyerName  .session-header .buyer-name
//   orderId    .order-list .order-card.is-active  (16 digits)
//   shop       .shop-info .shop-name
let quill: Quill | undefined;

const quillEditor: EditorBinding = {
  mount(host) {
    const container = h('div');
    host.append(h('div', { class: 'input-area dc-editor-wrap' }, container));
    quill = new Quill(container, {
      theme: 'snow',
      placeholder: '请输入消息…',
      modules: { toolbar: false, history: { delay: 1000, maxStack: 100, userOnly: true } },
    });
  },
  // Quill's text always ends with the document's final '\n'; the message does not.
  getText: () => quill?.getText().replace(/\n$/, '') ?? '',
  clear: () => {
    quill?.setText('');
    // A sent message should not come back with Ctrl+Z, as on the real console.
    quill?.history.clear();
  },
  focus: () => quill?.focus(),
  getCaret: () => quill?.getSelection()?.index ?? null,
};

void createConsole({
  id: 'kuaishou',
  lang: 'zh',
  title: '快手小店 · 客服工作台（演示）',
  brand: '快手小店 客服',
  shop: { name: '阿婆手作零食铺', id: '2200418753' },
  enterSends: false,
  conversations: makeConversations(
    'zh',
    [
      { buyerName: '奶茶续命中', buyerId: '3312870945', orderIds: ['2418200112345678'] },
      { buyerName: '山有木兮', buyerId: '3390016527', orderIds: ['2418177260014452', '2415530098876123'] },
      { buyerName: '不吃早饭会饿', buyerId: '3356124780', orderIds: ['2418093347712209'] },
    ],
    3,
  ),
  editor: quillEditor,
  renderShop: (shop) => h('div', { class: 'shop-info dc-shop' }, h('span', { class: 'dc-shop-label' }, '店铺'), h('span', { class: 'shop-name', 'data-shop-id': shop.id }, shop.name)),
  itemAttrs: () => ({ class: 'session-item' }),
  renderChatHead: (c) =>
    h(
      'div',
      { class: 'session-header dc-chat-head-inner' },
      h('span', { class: 'buyer-name dc-buyer-name' }, c.buyerName),
      h('span', { class: 'dc-buyer-sub' }, `快手号：${c.buyerId}`),
      tagList(c.tags),
    ),
  renderSide: (c) =>
    orderPanel(c, 'zh', {
      title: '订单信息',
      idLabel: '订单号 ',
      panelAttrs: { class: 'order-list' },
      card: (active) => ({ class: active ? 'order-card is-active' : 'order-card' }),
    }),
});
