import { makeConversations } from '../../shared/data.ts';
import { h } from '../../shared/dom.ts';
import { reactTextarea } from '../../shared/react-textarea.tsx';
import { createConsole, orderPanel, tagList } from '../../shared/shell.ts';

// Shopee Seller Centre webchat: a React controlled textarea; the parts carry Shopee's own data-cy test ids.
// Hooks as in tests/fixtures/adapters/shopee/webchat.html and lib/adapters/shopee:
//   reply      [data-cy="webchat-conversation-detail-input"] > #inputField > textarea
//   buyerName  [data-cy="webchat-conversation-cell-root-current"] [data-cy="webchat-conversation-cell-name"]
//   orderId    [data-cy="webchat-order-card"][aria-selected="true"]  (240612ABCD1234)
//   shop       [data-cy="shop-name"]
void createConsole({
  id: 'shopee',
  lang: 'en',
  title: 'Shopee Seller Centre · Chat (demo)',
  brand: 'Shopee Seller Centre',
  shop: { name: 'Kopi & Co. Official Store', id: '381902774' },
  enterSends: true,
  conversations: makeConversations('en', [
    { buyerName: 'aisyah.rahman', buyerId: '1048835721', orderIds: ['240612ABCD7K9Q'] },
    { buyerName: 'marcus_tan88', buyerId: '1090022417', orderIds: ['240611QW8RT2XM', '240420HJ5NB3PL'] },
    { buyerName: 'jenny.lim.my', buyerId: '1077310064', orderIds: ['240610ZX4CV6BN'] },
  ]),
  editor: reactTextarea({
    wrappers: [{ 'data-cy': 'webchat-conversation-detail-input' }, { id: 'inputField' }],
    textareaProps: {},
    placeholder: 'Type a message here',
  }),
  renderShop: (shop) => h('div', { class: 'dc-shop' }, h('span', { class: 'dc-shop-label' }, 'Shop'), h('span', { 'data-cy': 'shop-name', 'data-shop-id': shop.id }, shop.name)),
  itemAttrs: (_c, active) => ({ 'data-cy': active ? 'webchat-conversation-cell-root-current' : 'webchat-conversation-cell-root' }),
  itemNameAttrs: () => ({ 'data-cy': 'webchat-conversation-cell-name' }),
  historyAttrs: { 'data-cy': 'webchat-conversation-detail-message-container', id: 'message-virtualized-list' },
  messageAttrs: (_c, m) => ({ 'data-cy': m.from === 'buyer' ? 'webchat-message-receive' : 'webchat-message-send' }),
  renderChatHead: (c) =>
    h('div', { class: 'dc-chat-head-inner' }, h('span', { class: 'dc-buyer-name' }, c.buyerName), h('span', { class: 'dc-buyer-sub' }, `User ID ${c.buyerId}`), tagList(c.tags)),
  renderSide: (c) =>
    orderPanel(c, 'en', {
      title: 'Orders',
      idLabel: 'Order SN: ',
      card: (active) => ({ 'data-cy': 'webchat-order-card', 'aria-selected': String(active) }),
    }),
});
