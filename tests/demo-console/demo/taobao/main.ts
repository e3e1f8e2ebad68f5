import '../../shared/base.css';
import './trade.css';
import { h } from '../../shared/dom.ts';

// 淘宝卖家 交易详情 (trade detail), the page an agent opens from 千牛 to look at an order while
// chatting in the 千牛 desktop client. There is no chat box on any Taobao web page: the adapter
// cannot insert (canInsert false) and the sidebar copies replies for pasting into 千牛.
// Hooks as in tests/fixtures/adapters/taobao/trade-detail.html and lib/adapters/taobao:
//   orderId    URL query bizOrderId, else .order-number  (16–19 digits)
//   buyerName  .buyer-nick  ("买家昵称：" is stripped)
// The waybill number (24 characters) and the seller memo textarea are there on purpose: the
// first must not be read as the order, the second is editable but is not a chat box.
// Test hooks: <html data-demo-ready> once rendered, data-testid="demo-memo" on the memo.

interface TradeOrder {
  id: string;
  buyerNick: string;
  status: string;
  statusHint: string;
  placedAt: string;
  paidAt: string;
  address: string;
  waybill: string;
  items: Array<{ title: string; sku: string; price: string; qty: number }>;
  total: string;
}

// Every name, address and number is invented.
const ORDERS: TradeOrder[] = [
  {
    id: '4105928837460215837',
    buyerNick: 'tb_晚风与茶',
    status: '买家已付款，等待卖家发货',
    statusHint: '请在 48 小时内发货，超时将影响店铺发货时效。',
    placedAt: '2024-06-12 20:41:07',
    paidAt: '2024-06-12 20:41:33',
    address: '林**，138****2046，浙江省 杭州市 西湖区 文三路 ***号',
    waybill: 'YT2406129934517760345821',
    items: [
      { title: '手工粗陶花瓶 侘寂风 客厅插花摆件', sku: '米白色 / 中号', price: '¥58.00', qty: 1 },
      { title: '干花束 尤加利叶 10 支装', sku: '银叶', price: '¥19.90', qty: 2 },
    ],
    total: '¥97.80',
  },
  {
    id: '3987102265518840921',
    buyerNick: '周末去逛花市',
    status: '卖家已发货',
    statusHint: '物流：圆通速递，运输中。',
    placedAt: '2024-06-10 09:15:52',
    paidAt: '2024-06-10 09:16:20',
    address: '陈**，159****7731，江苏省 苏州市 姑苏区 平江路 ***号',
    waybill: 'YT2406100087311265490017',
    items: [{ title: '棉麻桌布 北欧格纹 长方形', sku: '燕麦色 / 140×180cm', price: '¥45.00', qty: 1 }],
    total: '¥45.00',
  },
];

const params = new URLSearchParams(location.search);
const order = ORDERS.find((o) => o.id === params.get('bizOrderId')) ?? ORDERS[0]!;

const row = (label: string, value: string, attrs: Record<string, string> = {}) => h('div', attrs, `${label}：${value}`);

const contactNote = h('span', { class: 'tb-contact-note', hidden: true }, '将打开千牛桌面客户端与买家聊天（演示页不会打开）');
const memo = h('textarea', { 'data-testid': 'demo-memo', placeholder: '卖家备忘，仅自己可见', 'aria-label': '卖家备忘' });
const memoSaved = h('span', { class: 'tb-memo-saved' });

const app = h(
  'div',
  { class: 'tb-page', 'data-console': 'taobao' },
  h(
    'header',
    { class: 'dc-topbar' },
    h('span', { class: 'dc-brand' }, '淘宝网 · 卖家中心'),
    h('div', { class: 'dc-shop' }, h('span', { class: 'dc-shop-label' }, '店铺'), h('span', { class: 'shop-name' }, '拾光手作家居')),
    h('span', { class: 'dc-demo-tag' }, '演示数据'),
    h('span', { class: 'dc-agent' }, h('span', { class: 'dc-dot' }), '客服小满 · 千牛在线'),
  ),
  h(
    'main',
    { class: 'tb-body' },
    h('div', { class: 'tb-crumbs' }, '交易管理 › 已卖出的宝贝 › 交易详情'),
    h('section', { class: 'tb-box tb-status' }, h('strong', null, `当前订单状态：${order.status}`), h('p', null, order.statusHint)),
    h(
      'section',
      { class: 'tb-box trade-info' },
      h('h2', null, '订单信息'),
      h(
        'div',
        { class: 'tb-rows' },
        row('订单编号', order.id, { class: 'order-number' }),
        row('创建时间', order.placedAt),
        row('付款时间', order.paidAt),
        row('物流单号', order.waybill),
      ),
    ),
    h(
      'section',
      { class: 'tb-box' },
      h('h2', null, '买家信息'),
      h(
        'div',
        { class: 'tb-buyer' },
        h('span', { class: 'buyer-nick' }, `买家昵称：${order.buyerNick}`),
        // On the real page this opens 千牛/旺旺, a desktop client the extension cannot reach.
        h('button', { type: 'button', class: 'tb-contact', onclick: () => contactNote.removeAttribute('hidden') }, '和我联系'),
        contactNote,
      ),
      h('div', { class: 'tb-rows' }, row('收货地址', order.address)),
    ),
    h(
      'section',
      { class: 'tb-box' },
      h('h2', null, '宝贝信息'),
      h(
        'table',
        { class: 'tb-items' },
        h('thead', null, h('tr', null, h('th', null, '宝贝'), h('th', null, '属性'), h('th', null, '单价'), h('th', null, '数量'))),
        h(
          'tbody',
          null,
          order.items.map((item) => h('tr', null, h('td', null, item.title), h('td', null, item.sku), h('td', null, item.price), h('td', null, `×${item.qty}`))),
        ),
      ),
      h('div', { class: 'tb-rows' }, row('实收款', order.total)),
    ),
    h(
      'section',
      { class: 'tb-box memo' },
      h('h2', null, '卖家备忘'),
      h(
        'div',
        { class: 'tb-memo' },
        memo,
        h('button', { type: 'button', onclick: () => memoSaved.replaceChildren(memo.value.trim() ? '备忘已保存' : '') }, '保存备忘'),
        memoSaved,
      ),
    ),
  ),
);

document.getElementById('app')!.replaceChildren(app);
document.documentElement.setAttribute('data-demo-ready', '');
