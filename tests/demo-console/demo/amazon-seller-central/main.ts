import { makeConversations } from '../../shared/data.ts';
import { h } from '../../shared/dom.ts';
import { createConsole, orderPanel, sendOnEnter, tagList } from '../../shared/shell.ts';
import type { EditorBinding } from '../../shared/types.ts';
import './kat-textarea.ts';

// Amazon Seller Central, Buyer-Seller Messaging: the reply field is <kat-textarea> whose real
// <textarea> sits in an open shadow root; the order id is in the URL (?orderId=) and on the page.
// Hooks as in tests/fixtures/adapters/amazon-seller-central/thread.html and lib/adapters/amazon-seller-central:
//   reply      [data-test-id="reply-composer"] kat-textarea  (shadowRoot textarea)
//   buyerName  [data-test-id="thread-header-buyer-name"]
//   orderId    ?orderId= in the URL, else [data-test-id="thread-header-order-id"]
//   shop       .partner-dropdown-button .dropdown-account-switcher-header-label-global
const katField = h('kat-textarea', { placeholder: 'Write your reply to the buyer' });

const katTextarea: EditorBinding = {
  mount(host, submit) {
    host.append(h('div', { class: 'dc-editor-wrap', 'data-test-id': 'reply-composer' }, katField));
    // keydown is composed, so it leaves the shadow root retargeted to the host.
    sendOnEnter(katField, submit);
  },
  getText: () => katField.value,
  clear: () => {
    katField.value = '';
  },
  focus: () => katField.focus(),
  getCaret: () => katField.field.selectionStart,
};

void createConsole({
  id: 'amazon-seller-central',
  lang: 'en',
  title: 'Amazon Seller Central · Buyer-Seller Messaging (demo)',
  brand: 'amazon seller central',
  shop: { name: 'Lumen Home Goods', id: 'A2LUMEN7HOME3X' },
  enterSends: true,
  conversations: makeConversations(
    'en',
    [
      { buyerName: 'Sarah Johnson', buyerId: 'sarah.j.buyer', orderIds: ['113-1234567-1234567'] },
      { buyerName: 'David Miller', buyerId: 'dmiller.buyer', orderIds: ['114-7654321-7654321', '112-2468013-5791357'] },
      { buyerName: 'Emily Chen', buyerId: 'emily.c.buyer', orderIds: ['111-3141592-6535897'] },
    ],
    1,
  ),
  editor: katTextarea,
  renderShop: (shop) =>
    h('div', { class: 'partner-dropdown-button dc-shop' }, h('span', { class: 'dropdown-account-switcher-header-label-global', 'data-merchant-id': shop.id }, `${shop.name} | United States`)),
  urlParams: (c) => ({ orderId: c.orders[0]!.id }),
  renderChatHead: (c) =>
    h(
      'div',
      { class: 'dc-chat-head-inner', 'data-test-id': 'thread-header' },
      h('span', { class: 'dc-buyer-name', 'data-test-id': 'thread-header-buyer-name' }, c.buyerName),
      h('span', { class: 'dc-buyer-sub', 'data-test-id': 'thread-header-order-id' }, `Order ID: ${c.orders[0]!.id}`),
      tagList(c.tags),
    ),
  renderSide: (c) =>
    orderPanel(c, 'en', {
      title: 'Order details',
      idLabel: 'Order # ',
      card: (_active, order) => ({ 'data-order-id': order.id }),
    }),
});
