import type { Conversation, Lang, Message, Order } from './types.ts';

/**
 * Invented chat scripts. Every console reuses the same small pool of typical
 * situations (催付, logistics, breakage, sizing, address change) with its own
 * buyers and order ids, so each page has different people without five copies
 * of the same dialogue.
 */
interface Scenario {
  product: Omit<Order, 'id' | 'placedAt'>;
  messages: Array<[Message['from'], string]>;
  incoming: string[];
  tags: string[];
}

const ZH: Scenario[] = [
  {
    product: { title: '北欧风陶瓷马克杯 2只装', sku: '奶白色 / 350ml', price: '¥39.90', qty: 1, status: '待付款' },
    messages: [
      ['buyer', '在吗？这款杯子还有货吗'],
      ['agent', '您好，欢迎光临～有货的亲，下午4点前付款当天就能发出哦'],
      ['buyer', '好的，我再看看'],
    ],
    incoming: ['店铺的满减券还能用吗？'],
    tags: ['新客'],
  },
  {
    product: { title: '加厚珊瑚绒睡衣女 冬季套装', sku: '雾霾蓝 / L', price: '¥89.00', qty: 1, status: '已发货' },
    messages: [
      ['buyer', '我的快递三天了还没动，怎么回事啊'],
      ['agent', '亲亲非常抱歉让您久等了，我这边马上帮您联系快递查询一下'],
    ],
    incoming: ['麻烦快一点，周末要穿的', '单号是哪家快递？'],
    tags: ['复购', '物流催件'],
  },
  {
    product: { title: '儿童316不锈钢保温杯 带吸管', sku: '恐龙绿 / 500ml', price: '¥68.00', qty: 2, status: '已签收' },
    messages: [
      ['buyer', '收到了，但是有一个杯盖裂了 [图片]'],
      ['agent', '非常抱歉给您带来不好的体验，麻烦您再拍一张杯盖的细节图，我们马上为您处理'],
      ['buyer', '[图片]'],
    ],
    incoming: ['是补发还是退款？'],
    tags: ['售后', 'VIP'],
  },
  {
    product: { title: '高腰阔腿牛仔裤 显瘦垂感', sku: '浅蓝 / 27', price: '¥129.00', qty: 1, status: '待发货' },
    messages: [
      ['buyer', '我身高165，体重100斤，拍的27码合适吗'],
      ['agent', '亲，正常情况下您的身材建议选26码或27码，喜欢宽松一点可以选27码哦'],
    ],
    incoming: ['地址写错了，还能改吗？'],
    tags: ['售前'],
  },
];

const EN: Scenario[] = [
  {
    product: { title: 'Wireless Earbuds, Noise Cancelling', sku: 'Black', price: '$29.99', qty: 1, status: 'Shipped' },
    messages: [
      ['buyer', 'Hi, my order says shipped but tracking has not updated for 4 days.'],
      ['agent', 'Hello! Sorry for the wait. Let me check the tracking with the carrier for you.'],
    ],
    incoming: ['Thanks. I need it before Friday if possible.'],
    tags: ['Repeat buyer'],
  },
  {
    product: { title: 'Ceramic Coffee Mug Set (2 pcs)', sku: 'Cream / 12oz', price: '$18.50', qty: 1, status: 'Delivered' },
    messages: [
      ['buyer', 'One of the mugs arrived broken. [photo]'],
      ['agent', 'I am so sorry to hear that. Could you send one more photo of the box, please?'],
      ['buyer', '[photo]'],
    ],
    incoming: ['Can you send a replacement instead of a refund?'],
    tags: ['After-sale'],
  },
  {
    product: { title: 'Linen Blend Wide-Leg Pants', sku: 'Beige / M', price: '$24.00', qty: 2, status: 'Unshipped' },
    messages: [
      ['buyer', 'Can I still change the size to L? I just ordered.'],
    ],
    incoming: ['Also, do you ship to Penang?'],
    tags: ['Pre-sale'],
  },
];

export interface BuyerSpec {
  buyerName: string;
  buyerId: string;
  /** Order ids in the console's own format; the first is the active order. */
  orderIds: string[];
}

/** Builds a console's conversations: buyer i gets scenario i (offset by `shift` so consoles differ). */
export function makeConversations(lang: Lang, buyers: BuyerSpec[], shift = 0): Conversation[] {
  const pool = lang === 'zh' ? ZH : EN;
  return buyers.map((buyer, i) => {
    const scenario = pool[(i + shift) % pool.length]!;
    const older = pool[(i + shift + 1) % pool.length]!;
    const minute = 10 + i * 7;
    return {
      id: `c${i + 1}`,
      buyerName: buyer.buyerName,
      buyerId: buyer.buyerId,
      orders: buyer.orderIds.map((id, k) => ({
        ...(k === 0 ? scenario.product : { ...older.product, status: lang === 'zh' ? '已完成' : 'Completed' }),
        id,
        placedAt: k === 0 ? `2024-06-1${2 - Math.min(i, 2)} 09:${minute}` : '2024-05-03 20:41',
      })),
      messages: scenario.messages.map(([from, text], k) => ({ from, text, time: `14:${String(minute + k * 2).padStart(2, '0')}` })),
      incoming: [...scenario.incoming],
      tags: [...scenario.tags],
      unread: i === 0 ? 0 : i,
    };
  });
}

export function clock(date = new Date()): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
