import { makeConversations } from '../../shared/data.ts';
import { h } from '../../shared/dom.ts';
import { reactTextarea } from '../../shared/react-textarea.tsx';
import { createConsole, orderPanel, tagList } from '../../shared/shell.ts';

// 抖店飞鸽 workspace: React everywhere, stable `data-qa-id` hooks (the console's own test ids).
// Hooks as in tests/fixtures/adapters/feige/with-order-card.html and lib/adapters/feige:
//   reply      textarea[data-qa-id="qa-send-message-textarea"]  (React controlled)
//   buyerName  #topbar-left-info > span:first-of-type
//   orderId    [data-qa-id="qa-order-card"][aria-selected="true"]  (19 digits)
//   shop       [data-qa-id="qa-shop-name"]
void createConsole({
  id: 'feige',
  lang: 'zh',
  title: '抖店 · 飞鸽客服（演示）',
  brand: '抖店 | 飞鸽',
  shop: { name: '山野小厨官方旗舰店', id: '88451207' },
  enterSends: true,
  conversations: makeConversations('zh', [
    { buyerName: '小鹿爱吃糖', buyerId: 'dy_xiaolu0612', orderIds: ['6923851234567890123', '6917742200195533018'] },
    { buyerName: '今天也要早睡', buyerId: 'dy_zaoshui_88', orderIds: ['6924107765432109876'] },
    { buyerName: '橘子汽水w', buyerId: 'dy_juzi_qishui', orderIds: ['6923990011223344556'] },
    { buyerName: '阿白不吃香菜', buyerId: 'dy_abai2024', orderIds: ['6921187766554433221', '6915503388776611224'] },
  ]),
  editor: reactTextarea({
    textareaProps: { 'data-qa-id': 'qa-send-message-textarea' },
    placeholder: '请输入消息，使用 Enter 发送消息',
  }),
  renderShop: (shop) => h('div', { class: 'dc-shop' }, h('span', { class: 'dc-shop-label' }, '店铺'), h('span', { 'data-qa-id': 'qa-shop-name' }, shop.name)),
  itemAttrs: () => ({ 'data-qa-id': 'qa-conversation-chat-item', 'data-kora': 'conversation' }),
  messageAttrs: () => ({ 'data-qa-id': 'qa-message-warpper' }),
  sendAttrs: { 'data-qa-id': 'qa-send-message-button' },
  renderChatHead: (c) =>
    h(
      'div',
      { class: 'dc-chat-head-inner' },
      // The nickname is the first span; the second is the bar's "添加备注" entry, as on 飞鸽.
      h('div', { id: 'topbar-left-info', class: 'dc-chat-head-inner' }, h('span', { class: 'dc-buyer-name' }, c.buyerName), h('span', { class: 'dc-buyer-sub dc-link' }, '添加备注')),
      h('span', { class: 'dc-buyer-sub' }, `抖音号：${c.buyerId}`),
      tagList(c.tags),
    ),
  renderSide: (c) =>
    orderPanel(c, 'zh', {
      title: '订单信息',
      idLabel: '订单编号：',
      card: (active) => ({ 'data-qa-id': 'qa-order-card', 'aria-selected': String(active) }),
    }),
});
