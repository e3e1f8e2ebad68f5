import { contenteditableText } from '../../shared/contenteditable-text.ts';
import { makeConversations } from '../../shared/data.ts';
import { h } from '../../shared/dom.ts';
import { createConsole, orderPanel, tagList } from '../../shared/shell.ts';
import type { EditorBinding } from '../../shared/types.ts';

// 京东咚咚 (商家版 web): a bare contenteditable div.EditorContent; the DOM is the model,
// Send reads the div's text. Enter inserts a line break here; Send is a click.
// Hooks as in tests/fixtures/adapters/jd-dongdong/workbench.html and lib/adapters/jd-dongdong:
//   reply      .pell-editor-wrapper > .EditorContent[contenteditable="true"]
//   buyerName  .chat-head-name > span
//   orderId    .plugin-wrap .order-item.cur  (10-13 digits)
//   shop       .header-wrap .vender-name
const editorField = h('div', { class: 'EditorContent dc-rich', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true', 'aria-label': '输入消息' });

const contenteditable: EditorBinding = {
  mount(host) {
    host.append(h('div', { class: 'pell-editor-wrapper dc-rich-wrap' }, editorField));
  },
  getText: () => contenteditableText(editorField),
  clear: () => editorField.replaceChildren(),
  focus: () => editorField.focus(),
  getCaret: () => {
    const selection = getSelection();
    if (!selection || selection.rangeCount === 0 || !selection.focusNode || !editorField.contains(selection.focusNode)) return null;
    return contenteditableText(editorField, { node: selection.focusNode, offset: selection.focusOffset }).length;
  },
};

void createConsole({
  id: 'jd-dongdong',
  lang: 'zh',
  title: '京东咚咚商家版（演示）',
  brand: '京东咚咚 · 商家版',
  shop: { name: '暖居家纺京东自营旗舰店', id: '1000187452' },
  enterSends: false,
  conversations: makeConversations(
    'zh',
    [
      { buyerName: '慢慢来比较快', buyerId: 'jd_5f3a2b1c9d', orderIds: ['289475610387'] },
      { buyerName: '小熊软糖', buyerId: 'jd_7e21c04a88', orderIds: ['290118734552', '281005377219'] },
      { buyerName: '晚风与月', buyerId: 'jd_b9d03e6f12', orderIds: ['289920051736'] },
    ],
    2,
  ),
  editor: contenteditable,
  renderShop: (shop) => h('div', { class: 'header-wrap dc-shop' }, h('span', { class: 'dc-shop-label' }, '店铺'), h('span', { class: 'vender-name', 'data-venderid': shop.id }, shop.name)),
  itemAttrs: (_c, active) => ({ class: active ? 'alluser-item-w cur' : 'alluser-item-w' }),
  renderChatHead: (c) =>
    h(
      'div',
      { class: 'chat-head dc-chat-head-inner' },
      h('div', { class: 'chat-head-name dc-buyer-name' }, h('span', null, c.buyerName), h('i', { class: 'level dc-tag' }, 'PLUS')),
      h('span', { class: 'dc-buyer-sub' }, `用户名：${c.buyerId}`),
      tagList(c.tags),
    ),
  renderSide: (c) =>
    orderPanel(c, 'zh', {
      title: '订单',
      idLabel: '订单号：',
      panelAttrs: { class: 'plugin-wrap' },
      card: (active) => ({ class: active ? 'order-item cur' : 'order-item' }),
    }),
});
