import type { SearchableReply } from '../../lib/search/reply-index';

/**
 * Deterministic generator of realistic scripted replies (话术) for benchmarks.
 * Same (n, seed) gives the same library on every machine, so numbers from
 * different runs and different benchmarks compare. Roughly 3 in 4 replies are
 * Chinese, the rest English (cross-border shops on Shopee/Lazada/TikTok Shop),
 * and some Chinese bodies carry English or order numbers, as real ones do.
 */

export type GeneratedReply = SearchableReply;

// mulberry32: tiny, fast, good enough spread for picking templates; Math.random
// cannot be seeded, and benchmarks must be repeatable.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Topic {
  group: string;
  /** Shortcut-code stem; the generator appends a number, e.g. /tk12. */
  stem: string;
  titles: string[];
  sentences: string[];
  tags: string[];
  english: { titles: string[]; sentences: string[]; tags: string[] };
}

const PRODUCTS = ['连衣裙', '蓝牙耳机', '保温杯', '儿童雨靴', '羊毛围巾', '空气炸锅', '手机壳', '运动鞋', '面膜', '行李箱'];
const COURIERS = ['顺丰', '中通', '圆通', '韵达', '京东物流', '极兔', '邮政EMS'];
const EN_PRODUCTS = ['dress', 'earbuds', 'water bottle', 'phone case', 'sneakers', 'backpack', 'face mask', 'desk lamp'];
const EN_COURIERS = ['J&T Express', 'Ninja Van', 'SPX Express', 'DHL', 'Flash Express'];

const TOPICS: Topic[] = [
  {
    group: '售前',
    stem: 'hy',
    titles: ['欢迎语', '首次咨询问候', '商品尺码推荐', '活动优惠说明', '发货时间说明', '{p}材质介绍', '关联商品推荐', '库存确认'],
    sentences: [
      '您好，欢迎光临本店，很高兴为您服务，请问有什么可以帮您的呢？',
      '亲，这款{p}目前有现货，下单后48小时内发货哦。',
      '建议您参考详情页的尺码表，按平时的尺码选择就可以的。',
      '本店现在有满199减20的活动，正常情况下可以和店铺券叠加使用。',
      '这款{p}是纯棉面料，透气舒适，很多老顾客都回购了。',
      '如果您还有其他问题，随时联系我们，祝您购物愉快！',
      '搭配这款{p}一起购买更划算，可以帮您省运费。',
    ],
    tags: ['欢迎', '尺码', '优惠', '新客', '推荐'],
    english: {
      titles: ['Welcome greeting', 'Size recommendation', 'Promotion details', 'Shipping time info', 'Stock check'],
      sentences: [
        'Hello and welcome to our store! How can I help you today?',
        'The {e} is in stock and usually ships within 48 hours after payment.',
        'We suggest checking the size chart on the product page before ordering.',
        'We currently have a 10% discount on orders over $30.',
        'Feel free to message us anytime if you have other questions. Happy shopping!',
      ],
      tags: ['welcome', 'size', 'promo', 'presale'],
    },
  },
  {
    group: '催付',
    stem: 'cf',
    titles: ['催付提醒', '未付款订单提醒', '优惠即将结束催付', '库存紧张催付', '付款方式说明'],
    sentences: [
      '亲，您拍下的{p}还没有付款哦，库存有限，建议您尽快完成支付。',
      '您好，订单已为您保留，付款后我们会第一时间安排发货。',
      '今天的优惠活动即将结束，现在付款还可以享受折扣价哦。',
      '如果付款时遇到问题，可以告诉我们，我们帮您看看。',
      '支持花呗、信用卡和余额支付，您选择方便的方式就可以。',
    ],
    tags: ['催付', '未付款', '库存', '优惠'],
    english: {
      titles: ['Unpaid order reminder', 'Payment reminder', 'Payment methods'],
      sentences: [
        'Hi! Your order for the {e} is still waiting for payment. Stock is limited, so we suggest paying soon.',
        'We have reserved your order; it will ship as soon as the payment is confirmed.',
        'If you have any trouble paying, just let us know and we will help.',
      ],
      tags: ['payment', 'reminder', 'unpaid'],
    },
  },
  {
    group: '物流',
    stem: 'wl',
    titles: ['核对地址', '物流延迟安抚', '快递单号查询', '物流信息未更新', '{c}配送说明', '偏远地区运费说明'],
    sentences: [
      '亲，麻烦您核对一下收货地址和电话是否正确，以免影响收货。',
      '非常抱歉，受天气影响，{c}的物流有所延迟，我们会持续跟进。',
      '您的包裹已经发出，快递单号是{n}，可以在订单详情查看物流信息。',
      '物流信息一般在发货后24小时内更新，请您耐心等待一下。',
      '偏远地区需要补运费差价，给您带来不便非常抱歉。',
      '如果三天后物流还没有更新，请联系我们，我们帮您催促快递。',
    ],
    tags: ['物流', '地址', '快递', '延迟'],
    english: {
      titles: ['Address confirmation', 'Shipping delay apology', 'Tracking number', 'Tracking not updated'],
      sentences: [
        'Could you please confirm your shipping address and phone number?',
        'We are sorry, your parcel with {x} is delayed due to high volume. We are following up.',
        'Your parcel has been shipped, the tracking number is {n}.',
        'Tracking usually updates within 24 hours after shipping. Thank you for your patience.',
      ],
      tags: ['shipping', 'tracking', 'delay', 'address'],
    },
  },
  {
    group: '售后',
    stem: 'tk',
    titles: ['退款流程', '退货退款说明', '换货流程', '七天无理由退换', '退款到账时间', '{p}质量问题处理', '重新发货说明'],
    sentences: [
      '亲，申请退款后，我们会在24小时内处理，退款会原路退回。',
      '请您在订单页面点击申请售后，选择退货退款，填写退货单号即可。',
      '商品支持七天无理由退换，请保持吊牌完整、不影响二次销售。',
      '退款一般1到3个工作日到账，具体以银行处理时间为准。',
      '非常抱歉{p}出现了问题，麻烦您拍照发给我们，我们马上为您处理。',
      '我们已经为您重新发货，新的快递单号是{n}，请注意查收。',
      '换货请寄回原商品，我们收到后会第一时间为您重新发出。',
    ],
    tags: ['退款', '退货', '换货', '售后', '质量问题'],
    english: {
      titles: ['Refund process', 'Return and refund', 'Exchange process', 'Refund timing'],
      sentences: [
        'After you request a refund, we will process it within 24 hours.',
        'Please open the order page, tap Return/Refund, and enter the return tracking number.',
        'Refunds usually arrive within 3 to 5 business days, depending on your bank.',
        'We are sorry the {e} arrived damaged. Please send us a photo and we will resend it.',
      ],
      tags: ['refund', 'return', 'exchange', 'aftersale'],
    },
  },
  {
    group: '投诉',
    stem: 'ts',
    titles: ['投诉安抚', '道歉话术', '投诉处理结果反馈', '确认满意度', '补偿方案说明'],
    sentences: [
      '非常抱歉给您带来了不好的体验，您反馈的问题我们已经详细记录。',
      '请您放心，我们会认真核实情况，并在今天内给您答复。',
      '经过核实，问题出在{c}的配送环节，我们已经协调处理。',
      '为了表示歉意，我们为您申请了一张10元优惠券，希望您能谅解。',
      '请问现在的处理结果您满意吗？如果还有问题，我们继续为您跟进。',
    ],
    tags: ['投诉', '道歉', '安抚', '补偿'],
    english: {
      titles: ['Complaint apology', 'Complaint follow-up', 'Satisfaction check'],
      sentences: [
        'We sincerely apologise for the inconvenience and have recorded your feedback.',
        'We are looking into this and will get back to you today.',
        'As an apology, we have issued a coupon to your account. Thank you for your understanding.',
        'Are you satisfied with the solution? If not, we will keep working on it.',
      ],
      tags: ['complaint', 'apology', 'followup'],
    },
  },
];

export function generateReplies(n: number, seed = 20_240_601): GeneratedReply[] {
  const rand = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(rand() * items.length)];
    if (item === undefined) throw new Error('generateReplies: picked from an empty list');
    return item;
  };
  const fill = (text: string): string =>
    text
      .replaceAll('{p}', () => pick(PRODUCTS))
      .replaceAll('{c}', () => pick(COURIERS))
      .replaceAll('{e}', () => pick(EN_PRODUCTS))
      .replaceAll('{x}', () => pick(EN_COURIERS))
      .replaceAll('{n}', () => `SF${String(Math.floor(rand() * 1e12)).padStart(12, '0')}`);

  const now = Date.UTC(2025, 5, 1);
  const codeCounts = new Map<string, number>();
  const replies: GeneratedReply[] = [];
  for (let i = 0; i < n; i++) {
    const topic = pick(TOPICS);
    const english = rand() < 0.25;
    const titles = english ? topic.english.titles : topic.titles;
    const sentences = english ? topic.english.sentences : topic.sentences;
    const tagPool = english ? topic.english.tags : topic.tags;

    // Titles are 10–30 chars in real libraries: a topic plus a variant label.
    const variant = english ? ` (v${1 + Math.floor(rand() * 9)}, ${pick(EN_PRODUCTS)})` : `（${pick(PRODUCTS)}·${pick(['通用', '大促', '新客', '老客', 'VIP', '夜间'])}）`;
    const title = fill(pick(titles)) + variant;

    // Bodies are 40–300 chars: 1–4 sentences, sometimes with an English or number tail.
    const parts: string[] = [];
    const count = 1 + Math.floor(rand() * 4);
    for (let s = 0; s < count; s++) parts.push(fill(pick(sentences)));
    let body = parts.join(english ? ' ' : '');
    if (!english && rand() < 0.15) body += ` Order ${Math.floor(rand() * 1e6)}, thanks!`;
    if (body.length < 40) body += english ? ' Thank you for shopping with us!' : '感谢您的支持，祝您生活愉快！';
    if (body.length > 300) body = body.slice(0, 300);

    // About 60% have a shortcut code; numbering per stem keeps codes unique, as the DB requires.
    let code = '';
    if (rand() < 0.6) {
      const next = (codeCounts.get(topic.stem) ?? 0) + 1;
      codeCounts.set(topic.stem, next);
      code = `/${topic.stem}${next}`;
    }
    const tags = [...new Set([pick(tagPool), ...(rand() < 0.5 ? [pick(tagPool)] : [])])];
    const used = rand() < 0.7;
    replies.push({
      id: `r${String(i).padStart(6, '0')}`,
      title,
      body,
      code,
      tags,
      group: topic.group,
      pinned: rand() < 0.02,
      // Usage is heavily skewed in practice: a few replies are used all day.
      usageCount: used ? Math.floor(rand() ** 3 * 500) : 0,
      ...(used ? { lastUsedAt: now - Math.floor(rand() * 90 * 86_400_000) } : {}),
      sortKey: i,
    });
  }
  return replies;
}
