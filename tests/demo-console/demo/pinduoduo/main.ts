import { createApp, defineComponent, h as vh, ref } from 'vue';
import { makeConversations } from '../../shared/data.ts';
import { h } from '../../shared/dom.ts';
import { createConsole, isSendKey, orderPanel, tagList } from '../../shared/shell.ts';
import type { EditorBinding } from '../../shared/types.ts';

// 拼多多商家后台 (多多客服): a Vue 3 textarea#replyTextarea bound like v-model (value + onInput).
// The model is the Vue ref: a DOM value set without an input event is not what Send sends.
// Hooks as in tests/fixtures/adapters/pinduoduo/chat-with-order.html and lib/adapters/pinduoduo:
//   buyerId    .chat-list .chat-item.active[data-random]  (fallback #msgListContainer [currentuid])
//   buyerName  .chat-list .chat-item.active .chat-nickname
//   orderId    .order-panel .order-item.selected  (240612-123456789012345)
//   shop       .mall-info .mall-name
const draft = ref('');
let field: HTMLTextAreaElement | null = null;

const ReplyBox = defineComponent({
  props: { submit: { type: Function, required: true } },
  setup(props) {
    return () =>
      vh('textarea', {
        id: 'replyTextarea',
        class: 'reply-textarea',
        placeholder: '请输入回复内容，按 Enter 发送',
        value: draft.value,
        ref: (element: unknown) => {
          field = element instanceof HTMLTextAreaElement ? element : null;
        },
        onInput: (event: Event) => {
          draft.value = (event.target as HTMLTextAreaElement).value;
        },
        onKeydown: (event: KeyboardEvent) => {
          if (isSendKey(event)) {
            event.preventDefault();
            (props.submit as () => void)();
          }
        },
      });
  },
});

const vueTextarea: EditorBinding = {
  mount(host, submit) {
    createApp(ReplyBox, { submit }).mount(host);
  },
  getText: () => draft.value,
  clear: () => {
    draft.value = '';
  },
  focus: () => field?.focus(),
  getCaret: () => field?.selectionStart ?? null,
};

void createConsole({
  id: 'pinduoduo',
  lang: 'zh',
  title: '拼多多商家后台 · 多多客服（演示）',
  brand: '拼多多 商家后台',
  shop: { name: '果园直发生鲜店', id: '612048873' },
  enterSends: true,
  conversations: makeConversations(
    'zh',
    [
      { buyerName: '星河滚烫', buyerId: '8457123690', orderIds: ['240612-038195745210358'] },
      { buyerName: '一只快乐的咸鱼', buyerId: '9031578264', orderIds: ['240611-517730926648812', '240502-100236584471209'] },
      { buyerName: '柠檬不酸', buyerId: '7720945318', orderIds: ['240610-294410875530167'] },
    ],
    1,
  ),
  editor: vueTextarea,
  renderShop: (shop) => h('div', { class: 'mall-info dc-shop' }, h('span', { class: 'mall-name', 'data-mall-id': shop.id }, `店铺：${shop.name}`)),
  // The active item carries the buyer uid in data-random; every message row repeats it as currentuid.
  listAttrs: { class: 'chat-list' },
  itemAttrs: (c) => ({ class: 'chat-item', 'data-random': c.buyerId }),
  itemNameAttrs: () => ({ class: 'chat-nickname' }),
  historyAttrs: { id: 'msgListContainer' },
  messageAttrs: (c) => ({ class: 'onemsg', currentuid: c.buyerId }),
  renderChatHead: (c) =>
    h('div', { class: 'dc-chat-head-inner' }, h('span', { class: 'dc-buyer-name' }, c.buyerName), h('span', { class: 'dc-buyer-sub' }, `用户ID：${c.buyerId}`), tagList(c.tags)),
  renderSide: (c) =>
    orderPanel(c, 'zh', {
      title: '买家订单',
      idLabel: '订单号：',
      panelAttrs: { class: 'order-panel' },
      card: (active) => ({ class: active ? 'order-item selected' : 'order-item' }),
    }),
});
