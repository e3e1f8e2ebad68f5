import { makeConversations } from './data.ts';
import { h } from './dom.ts';
import { createConsole, orderPanel, tagList } from './shell.ts';
import type { EditorBinding } from './types.ts';

/**
 * The "generic" console: an unbranded helpdesk used to exercise one editor kind
 * per page (Lexical, ProseMirror, an input in an iframe, a strict-CSP page).
 * All variants share this screen so only the editor differs between them.
 */
export function createGenericConsole(variant: string, editor: EditorBinding, enterSends: boolean): Promise<void> {
  return createConsole({
    id: 'generic',
    lang: 'zh',
    title: `通用客服台 · ${variant}（演示）`,
    brand: `通用客服台 · ${variant}`,
    shop: { name: '青禾生活馆', id: 'qinghe-001' },
    enterSends,
    conversations: makeConversations('zh', [
      { buyerName: '小鹿爱吃糖', buyerId: 'u_10086', orderIds: ['SO20240612000123'] },
      { buyerName: '云朵收集者', buyerId: 'u_20417', orderIds: ['SO20240611000877', 'SO20240503000412'] },
      { buyerName: '周末去看海', buyerId: 'u_31552', orderIds: ['SO20240610000459'] },
    ]),
    editor,
    renderShop: (shop) =>
      h('div', { class: 'dc-shop' }, h('span', { class: 'dc-shop-label' }, '店铺'), h('span', { class: 'shop-name', 'data-shop-id': shop.id }, shop.name)),
    // The generic adapter reads no context (it only follows focus); these hooks are for people reading the page.
    itemAttrs: (c) => ({ 'data-buyer-id': c.buyerId }),
    renderChatHead: (c) =>
      h(
        'div',
        { class: 'dc-chat-head-inner' },
        h('span', { class: 'buyer-name dc-buyer-name', 'data-buyer-id': c.buyerId }, c.buyerName),
        h('span', { class: 'dc-buyer-sub' }, `买家ID：${c.buyerId}`),
        tagList(c.tags),
      ),
    renderSide: (c) =>
      orderPanel(c, 'zh', {
        title: '订单信息',
        idLabel: '订单号 ',
        card: (_active, order) => ({ 'data-order-id': order.id }),
      }),
  });
}

/** Rich editors have no placeholder of their own; this one is toggled by the page from the editor model. */
export function placeholder(host: HTMLElement, text: string): (empty: boolean) => void {
  host.classList.add('dc-has-placeholder');
  host.append(h('div', { class: 'dc-placeholder', 'aria-hidden': 'true' }, text));
  return (empty) => host.classList.toggle('dc-empty', empty);
}
