import { ID_LENGTH } from '../../lib/db/ids';
import type { Customer, FollowUp, Note } from '../../lib/db/records';

/**
 * Deterministic generator of customer records for the customer benchmark
 * (issue 3 sizes it at 100,000 customers and 1,000,000 notes). Same (sizes,
 * seed) gives the same data on every machine. Customers are generated in
 * memory in one go (the benchmark samples them); notes are generated in
 * batches, streamed into the database, never all held at once.
 *
 * Shape, from what agents' records look like: buyers of 8 consoles and 3 shops
 * each; Chinese nicknames (real-name style, net-name style, account style) and
 * English names on the cross-border consoles; about a quarter tagged, a third
 * with preferences, 0–4 orders. Notes per customer are skewed like real
 * traffic (most buyers have a handful, a few regulars have thousands): the
 * customer of a note is floor(n·u²), which gives a median of about 7 and a
 * mean of 10 at 1,000,000 notes over 100,000 customers.
 */

export const GENERATOR_VERSION = 2;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pickFrom =
  (rand: Rand) =>
  <T>(items: readonly T[]): T => {
    const item = items[Math.floor(rand() * items.length)];
    if (item === undefined) throw new Error('picked from an empty list');
    return item;
  };

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** An id shaped like lib/db/ids.ts makes them, from the generator, so index entries have the real key length. */
function newId(rand: Rand): string {
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[Math.floor(rand() * 64)];
  return id;
}

const PLATFORMS = [
  { id: 'feige', weight: 30, english: false, buyerIds: false },
  { id: 'pinduoduo', weight: 20, english: false, buyerIds: true },
  { id: 'taobao', weight: 15, english: false, buyerIds: false },
  { id: 'jd-dongdong', weight: 10, english: false, buyerIds: false },
  { id: 'kuaishou', weight: 5, english: false, buyerIds: false },
  { id: 'shopee', weight: 10, english: true, buyerIds: false },
  { id: 'tiktok-shop', weight: 5, english: true, buyerIds: false },
  { id: 'lazada', weight: 5, english: true, buyerIds: false },
] as const;
const SHOPS = ['花花旗舰店', '花花服饰专营店', 'Huahua Official'];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽阳妮宝贝初程梵罡恒鸿桦骅剑娇纪宽苛灵玛媚琪晴容睿烁堂唯威韦雯苇萱阅彦宇雨洋忠宗曼紫逸贤蝶菡绿蓝儿翠烟小轩';
const NET_WORDS = ['爱吃鱼的猫', '小鹿乱撞', '追风少年', '奶茶续命', '快乐星球', '不吃香菜', '月亮不睡', '晚风', '橘子汽水', '柠檬精', '西瓜太郎', '咸鱼翻身', '一只小熊', '夏天的风', '甜甜圈', '大白兔', '旺仔', '云朵', '星星点灯', '彩虹糖'];
const EN_FIRST = ['Amy', 'Nur', 'Siti', 'John', 'Maria', 'Anh', 'Linh', 'Budi', 'Putri', 'Kevin', 'Grace', 'Daniel', 'Mei', 'Aisyah', 'Ryan', 'Chloe', 'Jasmine', 'Hafiz', 'Tran', 'Nguyen'];
const EN_LAST = ['Tan', 'Lim', 'Wong', 'Santos', 'Reyes', 'Nguyen', 'Pham', 'Rahman', 'Abdullah', 'Lee', 'Garcia', 'Cruz', 'Ong', 'Chua', 'Wijaya'];
const CUSTOM_TAGS = [
  { name: '爱砍价', color: '#3366ff' },
  { name: '学生党', color: '#7048e8' },
  { name: '批发客户', color: '#0b7285' },
  { name: '夜猫子', color: '#5c940d' },
  { name: '只走顺丰', color: '#e8590c' },
];
const BUILT_IN = ['VIP', '回头客', '差评风险', '已投诉'];
const PREFS: [string, string[]][] = [
  ['尺码', ['S', 'M', 'L', 'XL', '165/88A']],
  ['快递', ['顺丰', '京东物流', '中通', '不要韵达']],
  ['联系时间', ['晚上 8 点后', '工作日白天', '周末']],
  ['颜色', ['黑色', '米白', '雾霾蓝']],
];
const PRODUCTS = ['连衣裙', '蓝牙耳机', '保温杯', '儿童雨靴', '羊毛围巾', '空气炸锅', '手机壳', '运动鞋', '面膜', '行李箱'];
const COURIERS = ['顺丰', '中通', '圆通', '韵达', '京东物流', '极兔', '邮政EMS'];
const NOTE_TEMPLATES = [
  '买家要求{c}发货，已备注仓库',
  '{p}尺码偏大，建议拍小一码，买家已确认',
  '客户说{p}有色差，已拍照反馈给质检',
  '催付一次，买家说晚上下班后付款',
  '地址改为公司地址，已核对电话',
  '买家反馈{c}三天没更新物流，已联系快递催件',
  '申请退款，原因是不想要了，已同意',
  '换货：{p}换成大一码，新单号{n}',
  '投诉处理：包装破损，补发一件，送10元券',
  '老客户，之前买过{p}，喜欢黑色',
  '不接电话，只能旺旺联系',
  '说话比较急，先安抚再解释',
  '周末不在家，工作日送到公司',
  '要开发票，抬头已发在聊天里',
  '节日问候已发，买家回复了谢谢',
  '问了好几次优惠券，最后用满减下单',
  '差评风险：说再不到就给差评，已加急',
  '回访：{p}用着不错，愿意追评',
];
const EN_NOTE_TEMPLATES = [
  'Buyer asked to ship with {x}, noted for the warehouse',
  'Prefers WhatsApp-free contact, chat only',
  'Size runs large, suggested one size down',
  'Parcel delayed, apologised and sent tracking {n}',
  'Requested refund for damaged {e}, approved',
  'Repeat customer, likes the black colour',
  'Follow up after delivery to ask for a review',
];
const EN_PRODUCTS = ['dress', 'earbuds', 'water bottle', 'phone case', 'sneakers'];
const EN_COURIERS = ['J&T Express', 'Ninja Van', 'SPX Express', 'DHL'];

export interface BenchCustomer extends Customer {
  /** How the console reports this buyer, for opening the record as a chat switch would. */
  context: { platform: string; shop: string; buyerId?: string; buyerName: string };
  english: boolean;
}

const DAY = 86_400_000;

export function generateCustomers(n: number, seed: number, now: number): BenchCustomer[] {
  const rand = mulberry32(seed);
  const pick = pickFrom(rand);
  const totalWeight = PLATFORMS.reduce((s, p) => s + p.weight, 0);
  const platformOf = () => {
    let x = rand() * totalWeight;
    for (const p of PLATFORMS) {
      x -= p.weight;
      if (x < 0) return p;
    }
    return PLATFORMS[0];
  };
  const seen = new Set<string>();
  const out: BenchCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const platform = platformOf();
    const shop = pick(SHOPS);
    let name: string;
    if (platform.english) name = `${pick(EN_FIRST)} ${pick(EN_LAST)}`;
    else {
      const style = rand();
      if (style < 0.5) name = pick([...SURNAMES]) + pick([...GIVEN]) + (rand() < 0.6 ? pick([...GIVEN]) : '');
      else if (style < 0.85) name = pick(NET_WORDS) + (rand() < 0.5 ? String(Math.floor(rand() * 10000)) : '');
      else name = `tb${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
    }
    // Nicknames are the key where the console has no id, so they must not repeat within a shop.
    let key = platform.buyerIds ? `uid-${Math.floor(rand() * 1e10)}` : name;
    while (seen.has(`${platform.id}\u0000${shop}\u0000${key}`)) {
      key = `${key}${Math.floor(rand() * 10)}`;
      if (!platform.buyerIds) name = key;
    }
    seen.add(`${platform.id}\u0000${shop}\u0000${key}`);

    const tags: Customer['tags'] = [];
    if (rand() < 0.25) {
      tags.push({ name: pick(BUILT_IN) });
      if (rand() < 0.4) tags.push(pick(CUSTOM_TAGS));
    }
    const preferences: Record<string, string> = {};
    if (rand() < 0.33) for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) {
      const [pref, values] = pick(PREFS);
      preferences[pref] = pick(values);
    }
    const orders: Customer['orders'] = [];
    const orderCount = Math.floor(rand() * 5);
    const lastSeenAt = now - Math.floor(rand() * 180 * DAY);
    for (let k = 0; k < orderCount; k++) {
      const id = platform.id === 'pinduoduo' ? `${240000 + Math.floor(rand() * 9999)}-${String(Math.floor(rand() * 1e15)).padStart(15, '0')}` : String(Math.floor(1e15 + rand() * 9e15)) + String(Math.floor(rand() * 100)).padStart(2, '0');
      orders.push({ orderId: id, status: pick(['', '待发货', '已发货', '已签收', '退款中']), seenAt: lastSeenAt - k * DAY });
    }
    const createdAt = lastSeenAt - Math.floor(rand() * 365 * DAY);
    out.push({
      id: newId(rand),
      createdAt,
      updatedAt: lastSeenAt,
      author: pick(['小王', '小李', '阿May', '主管']),
      platform: platform.id,
      shop,
      buyerId: key,
      nickname: name,
      displayName: name,
      renamed: false,
      tags,
      preferences,
      orders,
      lastSeenAt,
      context: { platform: platform.id, shop, ...(platform.buyerIds ? { buyerId: key } : {}), buyerName: name },
      english: platform.english,
    });
  }
  return out;
}

/** Notes in batches: notes [from, to) of the data set. Each batch is seeded on its own, so batches can be made in any order. */
export function generateNotes(customers: BenchCustomer[], from: number, to: number, seed: number, now: number): Note[] {
  const rand = mulberry32(seed ^ Math.imul(from + 1, 0x9e3779b1));
  const pick = pickFrom(rand);
  const fill = (t: string) =>
    t
      .replaceAll('{p}', () => pick(PRODUCTS))
      .replaceAll('{c}', () => pick(COURIERS))
      .replaceAll('{e}', () => pick(EN_PRODUCTS))
      .replaceAll('{x}', () => pick(EN_COURIERS))
      .replaceAll('{n}', () => `SF${String(Math.floor(rand() * 1e12)).padStart(12, '0')}`);
  const notes: Note[] = [];
  for (let i = from; i < to; i++) {
    const u = rand();
    const customer = customers[Math.min(customers.length - 1, Math.floor(customers.length * u * u))]!;
    const parts = 1 + Math.floor(rand() * 2);
    const templates = customer.english ? EN_NOTE_TEMPLATES : NOTE_TEMPLATES;
    let text = Array.from({ length: parts }, () => fill(pick(templates))).join(customer.english ? '. ' : '；');
    const order = customer.orders.length > 0 && rand() < 0.3 ? pick(customer.orders).orderId : undefined;
    if (order && rand() < 0.5) text += customer.english ? ` (order ${order})` : `（订单 ${order}）`;
    const createdAt = now - Math.floor(rand() * 730 * DAY);
    const edited = rand() < 0.05;
    notes.push({
      id: newId(rand),
      customerId: customer.id,
      text,
      orderId: order,
      pinned: rand() < 0.03,
      history: edited ? [{ text: `${text}（初稿）`, author: '小李', writtenAt: createdAt }] : [],
      editedAt: edited ? createdAt + DAY : undefined,
      createdAt,
      updatedAt: edited ? createdAt + DAY : createdAt,
      author: pick(['小王', '小李', '阿May', '主管']),
    });
  }
  return notes;
}

export function generateFollowUps(customers: BenchCustomer[], n: number, seed: number, now: number): FollowUp[] {
  const rand = mulberry32(seed ^ 0x5bd1e995);
  const pick = pickFrom(rand);
  return Array.from({ length: n }, () => {
    const customer = pick(customers);
    const dueAt = now + Math.floor((rand() * 40 - 10) * DAY);
    const done = dueAt < now && rand() < 0.7;
    return {
      id: newId(rand),
      customerId: customer.id,
      dueAt,
      reason: pick(['确认换货已收到', '节日问候', '询问使用感受', '催付', '确认退款到账', '邀请追评']),
      status: done ? 'done' : 'open',
      remindAt: dueAt,
      ...(done ? { doneAt: dueAt + 3_600_000, doneBy: '小王' } : {}),
      createdAt: dueAt - 7 * DAY,
      updatedAt: done ? dueAt + 3_600_000 : dueAt - 7 * DAY,
      author: '小王',
    };
  });
}

/**
 * Queries as agents type them, taken from the data so they hit: a name, part
 * of a name, its full pinyin and initials, a buyer-id fragment, a whole order
 * id and its last digits, a tag, note phrases, and a miss.
 */
export function benchQueries(customers: BenchCustomer[], seed: number): Record<string, string[]> {
  const rand = mulberry32(seed ^ 0x2545f491);
  const pick = pickFrom(rand);
  const chinese = customers.filter((c) => !c.english && /^[\u4e00-\u9fff]{2,3}$/.test(c.displayName));
  const withOrders = customers.filter((c) => c.orders.length > 0);
  const pdd = customers.filter((c) => c.buyerId.startsWith('uid-'));
  const english = customers.filter((c) => c.english);
  const names = Array.from({ length: 6 }, () => pick(chinese).displayName);
  return {
    'name (Chinese)': [...names, '小鹿乱撞', '奶茶续命'],
    'name (part)': names.map((n) => n.slice(1)),
    'pinyin full': ['wangfang', 'zhangwei', 'liming', 'chenjing', 'naicha', 'xiaolu'],
    'pinyin initials': ['wf', 'zw', 'lxm', 'ncxm', 'xllz', 'zfsn'],
    'name (English)': Array.from({ length: 4 }, () => pick(english).displayName.split(' ')[0]!.toLowerCase()),
    'buyer id': Array.from({ length: 4 }, () => pick(pdd).buyerId.slice(-6)),
    'order id': Array.from({ length: 4 }, () => pick(withOrders).orders[0]!.orderId),
    'order tail': Array.from({ length: 4 }, () => pick(withOrders).orders[0]!.orderId.slice(-6)),
    tag: ['差评风险', '回头客', 'vip', '爱砍价', 'htk'],
    'note text': ['顺丰发货', '包装破损', '开发票', '不接电话', 'refund', 'tracking'],
    miss: ['没有这个人呀', 'zzzqqq'],
  };
}
