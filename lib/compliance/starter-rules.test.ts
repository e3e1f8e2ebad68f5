import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRules } from './matcher';
import { RuleSet } from './rules';
import { starterRuleSets } from './starter-rules';
import * as z from 'zod/mini';

/**
 * The starter rule sets against tables of phrases agents really type: each
 * should-match row names the rule that must fire and the words it must
 * highlight; each should-not-match row must come back clean in its category
 * (other categories may still fire on it, and rows that must be entirely
 * clean say so). Add a row whenever a rule changes.
 */
const matcher = compileRules(starterRuleSets);

type Row = [text: string, ruleId: string, highlighted: string];

const SHOULD_MATCH: Record<string, Row[]> = {
  'off-platform': [
    ['有问题加我微信聊', 'zh-wechat', '加我微信'],
    ['加我 微 信 吧', 'zh-wechat', '加我 微 信'],
    ['有事微信联系', 'zh-wechat', '微信'],
    ['可以加VX哦', 'zh-wechat', 'VX'],
    ['加 Ｖ Ｘ 哦', 'zh-wechat', 'Ｖ Ｘ'],
    ['v.x同号', 'zh-wechat', 'v.x'],
    ['我的薇信', 'zh-wechat', '薇信'],
    ['加V发你图', 'zh-wechat', '加V'],
    ['绿泡泡联系', 'zh-wechat', '绿泡泡'],
    ['微\u200b信联系', 'zh-wechat', '微\u200b信'],
    ['W-E-C-H-A-T 联系', 'zh-wechat', 'W-E-C-H-A-T'],
    ['WeChat: shop_2024', 'zh-wechat', 'WeChat: shop_2024'],
    ['微：shop_2024 备注订单', 'zh-wechat', '微：shop_2024'],
    ['wxid_abc123def', 'zh-wechat', 'wxid_abc123def'],
    ['加扣扣 12345678', 'zh-qq', '扣扣 12345678'],
    ['QQ：87654321', 'zh-qq', 'QQ：87654321'],
    ['ｑｑ号发您', 'zh-qq', 'ｑｑ号'],
    ['企鹅号多少', 'zh-qq', '企鹅号'],
    ['我的电话13812345678', 'zh-phone-number', '13812345678'],
    ['手机 138 1234 5678', 'zh-phone-number', '138 1234 5678'],
    ['打 138-1234-5678', 'zh-phone-number', '138-1234-5678'],
    ['１３９１２３４５６７８', 'zh-phone-number', '１３９１２３４５６７８'],
    ['1 3 8 1 2 3 4 5 6 7 8', 'zh-phone-number', '1 3 8 1 2 3 4 5 6 7 8'],
    ['+86 138 1234 5678', 'zh-phone-number', '+86 138 1234 5678'],
    ['座机 010-12345678', 'zh-phone-number', '010-12345678'],
    ['热线400-123-4567', 'zh-phone-number', '400-123-4567'],
    ['电话幺三八一二三四五六七八', 'zh-phone-number', '幺三八一二三四五六七八'],
    ['我们私下交易便宜点', 'zh-off-platform-deal', '私下交易'],
    ['直接转账给我就行', 'zh-off-platform-deal', '直接转账给我'],
    ['扫码进群领福利', 'zh-contact-hints', '扫码'],
    ['关注公众号', 'zh-contact-hints', '公众号'],
    ['闲鱼上有更便宜的', 'zh-other-marketplace', '闲鱼'],
    ['Add me on WhatsApp', 'en-messaging-apps', 'WhatsApp'],
    ['Text me at (555) 123-4567', 'en-messaging-apps', '(555) 123-4567'],
    ['call +44 20 7946 0958 anytime', 'en-messaging-apps', '+44 20 7946 0958'],
    ['write to john.doe@example.com', 'en-messaging-apps', 'john.doe@example.com'],
    ['You can pay via PayPal instead', 'en-off-platform-payment', 'pay via PayPal'],
    ['Order directly from our website next time', 'en-off-platform-payment', 'Order directly from our website'],
  ],
  'paid-reviews': [
    ['好评返现5元', 'zh-paid-reviews', '好评返现'],
    ['好评，返现', 'zh-paid-reviews', '好评，返现'],
    ['晒图好评返2元红包', 'zh-paid-reviews', '晒图好评返2元'],
    ['五星好评后联系客服返3元', 'zh-paid-reviews', '五星好评后联系客服返3元'],
    ['返现给您，记得好评哦', 'zh-paid-reviews', '返现给您，记得好评'],
    ['我们不刷单', 'zh-fake-orders', '刷单'],
    ['帮忙补单一下', 'zh-fake-orders', '补单'],
    ['麻烦您删一下差评', 'zh-review-removal', '删一下差评'],
    ['可以改成好评吗', 'zh-review-removal', '改成好评'],
    ['Leave a 5-star review and get a full refund', 'en-paid-reviews', '5-star review and get a full refund'],
    ['We send a gift card for every positive review', 'en-paid-reviews', 'gift card for every positive review'],
    ['Could you remove your negative review?', 'en-review-removal', 'remove your negative review'],
  ],
  'absolute-claims': [
    ['这是全网最低价', 'zh-absolute-claims', '全网最低'],
    ['最好的面料', 'zh-absolute-claims', '最'],
    ['销量第一', 'zh-absolute-claims', '第一'],
    ['行业第1名', 'zh-absolute-claims', '第1'],
    ['国家级品质', 'zh-absolute-claims', '国家级'],
    ['顶级工艺', 'zh-absolute-claims', '顶级'],
    ['100%正品', 'zh-absolute-claims', '100%'],
    ['１００％有效', 'zh-absolute-claims', '１００％'],
    ['最近最火的一款', 'zh-absolute-claims', '最'],
    ['This is the best charger', 'en-absolute-claims', 'the best'],
    ['#1 seller on the market', 'en-absolute-claims', '#1'],
    ['Guaranteed to fit', 'en-absolute-claims', 'Guaranteed'],
  ],
  'insults-blame': [
    ['你是不是傻子', 'zh-insults', '傻子'],
    ['爱买不买', 'zh-insults', '爱买不买'],
    ['神经病吧', 'zh-insults', '神经病'],
    ['你有毛病吧', 'zh-insults', '你有毛病'],
    ['这是你自己的问题', 'zh-blame-buyer', '是你自己的问题'],
    ['那是快递的问题，不关我们的事', 'zh-blame-others', '快递的问题'],
    ['你去找快递吧', 'zh-blame-others', '你去找快递'],
    ['Are you stupid?', 'en-insults', 'stupid'],
    ["That's not our problem", 'en-blame', 'not our problem'],
    ['Please contact the carrier yourself', 'en-blame-carrier', 'contact the carrier yourself'],
  ],
  tone: [
    ['尺码表在详情页，你自己看', 'zh-tone-look-yourself', '你自己看'],
    ['不是说了吗，七天无理由', 'zh-tone-already-said', '不是说了吗'],
    ['说了多少遍了', 'zh-tone-already-said', '说了多少遍'],
    ['你必须先申请退款', 'zh-tone-must', '你必须'],
    ['明天肯定会到', 'zh-tone-certain', '肯定会'],
    ['急什么，在处理了', 'zh-tone-impatient', '急什么'],
    ['难道您没看到通知吗？', 'zh-tone-rhetorical', '难道您没看到通知吗'],
    ['这都看不懂吗', 'zh-tone-rhetorical', '看不懂吗'],
    ['You must return it within 30 days', 'en-tone-must', 'You must'],
    ['As I said, it ships tomorrow', 'en-tone-already-said', 'As I said'],
    ['Please read the description', 'en-tone-look-yourself', 'read the description'],
    ['Calm down, we are on it', 'en-tone-calm-down', 'Calm down'],
    ['Didn’t you see the size chart?', 'en-tone-rhetorical', 'Didn’t you see the size chart?'],
  ],
};

type Negative = [text: string, category: string, why: string];

const SHOULD_NOT_MATCH: Negative[] = [
  // Order and tracking numbers are long digit strings, not phone numbers.
  ['订单号：2411301234567890123', 'off-platform', '19-digit order number (抖店, 淘宝)'],
  ['订单号 241130-123456789012345', 'off-platform', 'Pinduoduo order number with its date prefix'],
  ['241130-138123456789012', 'off-platform', 'Pinduoduo order number whose tail starts like a mobile'],
  ['订单号：13812345678', 'off-platform', '11-digit JD order number after 订单号'],
  ['单号 13812345678 已发出', 'off-platform', 'waybill number after 单号'],
  ['快递单号 SF1234567890123', 'off-platform', 'SF Express waybill'],
  ['中通 731234567890123', 'off-platform', 'ZTO waybill, 15 digits'],
  ['Order #3456789012 shipped', 'off-platform', '10-digit Etsy order number'],
  ['Your order 112-3456789-0123456 has shipped', 'off-platform', 'Amazon order id'],
  ['Tracking 1Z999AA10123456784', 'off-platform', 'UPS tracking number'],
  ['6222 0200 1381 2345 678', 'off-platform', 'grouped bank-card-like number'],
  // Prices, dates, sizes, quantities.
  ['价格 138.00 元，优惠后 129 元', 'off-platform', 'prices'],
  ['138, 129, 159, 189 四个价位', 'off-platform', 'a list of prices'],
  ['2024-11-30 13:45:12 下单', 'off-platform', 'a timestamp'],
  ['20241130134512', 'off-platform', 'a compact timestamp'],
  ['身高 155 160 165 170 都有', 'off-platform', 'sizes'],
  // Words that contain a listed word without being one.
  ['aqqb', 'off-platform', 'qq inside a Latin word'],
  ['we chat here on the platform', 'off-platform', 'two English words, not "wechat"'],
  ['权威 iphone15 评测', 'off-platform', '威 followed by a model name is no WeChat id'],
  ['本店支持扫描件开票', 'off-platform', '扫描件 is not 扫码'],
  // Absolute-claim exceptions.
  ['第一次购买可以领券', 'absolute-claims', '第一次'],
  ['第一时间为您处理', 'absolute-claims', '第一时间'],
  ['第一行：您好\n第二行：谢谢', 'absolute-claims', '第一行: a line, not a rank'],
  ['最近发货有点慢', 'absolute-claims', '最近'],
  ['这是最后一件了', 'absolute-claims', '最后'],
  ['最快明天发货，最晚后天', 'absolute-claims', '最快, 最晚: delivery estimates'],
  ['最多可以退 3 件', 'absolute-claims', '最多'],
  ['这款最大码是 XXL', 'absolute-claims', '最大码'],
  ['面料是100%纯棉', 'absolute-claims', 'fibre content'],
  ['Made of 100% cotton', 'absolute-claims', 'fibre content in English'],
  ['Best regards, Anna', 'absolute-claims', 'best regards'],
  ['We will do our best to help', 'absolute-claims', 'do our best'],
  ['It is best to wash it by hand', 'absolute-claims', 'best to'],
  ['No. 123 is the model number', 'absolute-claims', '"No. 123" is not "No.1"'],
  ['bestseller-list', 'absolute-claims', 'kept: "bestseller" is listed'],
  // Insults: product words that contain an insult.
  ['这款是变态辣口味', 'insults-blame', '变态辣 (extra hot)'],
  ['去死皮膏很好用', 'insults-blame', '去死皮 (exfoliating)'],
  ['给你妈妈买的吗', 'insults-blame', '你妈妈'],
  ['我们不是骗子，请放心', 'insults-blame', 'defending the shop'],
  ['产品如果有毛病可以换', 'insults-blame', 'a defect, not an insult'],
  // Tone.
  ['请您注意自己查收快递', 'tone', '查收'],
  ['Please be patient, it is on its way', 'tone', 'no "calm down"'],
];

/** Rows that must not fire in any category at all: clean, polite, everyday replies. */
const ENTIRELY_CLEAN = [
  '您好，欢迎光临！请问有什么可以帮您？',
  '亲，订单号 2411301234567890123 已经发货了，快递单号 SF1234567890123，请注意查收。',
  '非常抱歉给您带来不便，我们第一时间为您处理，正常情况下 3 天内到货。',
  '建议您先申请退款，我们收到退货后马上处理。',
  '这是最后一件了，第一次购买可以领 5 元券。',
  'Hello! Your order 112-3456789-0123456 shipped today; it should arrive within 3 days. Best regards.',
  'We are sorry for the delay. We will check with the carrier and get back to you.',
  '面料是100%纯棉，尺码 S M L XL 都有，价格 129 元。',
];

describe('starter rule sets', () => {
  it('parse as rule sets (defaults filled) with unique rule ids across both sets', () => {
    for (const set of starterRuleSets) expect(z.safeParse(RuleSet, set).success).toBe(true);
    const ids = starterRuleSets.flatMap((s) => s.rules.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('say what they cover and what they do not, in both languages', () => {
    for (const set of starterRuleSets) {
      expect(set.coverage?.zh).toMatch(/覆盖：.*不覆盖：/);
      expect(set.coverage?.en).toMatch(/Covers:.*Does not cover:/);
    }
  });

  it('name only consoles that exist (adapter folders under lib/adapters)', () => {
    const adaptersDir = path.resolve(import.meta.dirname, '../adapters');
    const known = new Set(readdirSync(adaptersDir).filter((name) => statSync(path.join(adaptersDir, name)).isDirectory()));
    const named = starterRuleSets.flatMap((s) => [...(s.platforms ?? []), ...s.rules.flatMap((r) => r.platforms ?? [])]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((id) => !known.has(id)), 'Use adapter ids (folder names under lib/adapters/)').toEqual([]);
  });

  it('give every tone hint with a single wording a suggestion or say how to rephrase', () => {
    for (const rule of starterRuleSets.flatMap((s) => s.rules).filter((r) => r.category === 'tone')) {
      expect(rule.severity, rule.id).toBe('hint');
      if (rule.suggestion === undefined) expect(rule.explanation.zh + rule.explanation.en, rule.id).toMatch(/请改|statement/);
    }
  });

  it('have a should-match row for every rule (the tables below exercise them all)', () => {
    const exercised = new Set(Object.values(SHOULD_MATCH).flatMap((rows) => rows.map((row) => row[1])));
    const platformOnly = new Set(['en-external-links', 'en-promotion']); // exercised in the platform test below
    const missing = starterRuleSets.flatMap((s) => s.rules.map((r) => r.id)).filter((id) => !exercised.has(id) && !platformOnly.has(id));
    expect(missing, 'Add a should-match row for these rules').toEqual([]);
  });
});

describe.each(Object.entries(SHOULD_MATCH))('starter rules, %s: should match', (category, rows) => {
  it.each(rows)('%j → %s highlights %j', (text, ruleId, highlighted) => {
    const matches = matcher.check(text).filter((m) => m.ruleId === ruleId);
    expect(matches.map((m) => m.text)).toContain(highlighted);
    for (const m of matches) {
      expect(m.category).toBe(category);
      expect(text.slice(m.start, m.end)).toBe(m.text);
    }
  });
});

describe('starter rules: should not match', () => {
  it.each(SHOULD_NOT_MATCH)('%j is clean of %s (%s)', (text, category, why) => {
    const found = matcher.check(text).filter((m) => m.category === category);
    if (why.startsWith('kept:')) {
      // A row that documents a deliberate hit, so nobody "fixes" it by accident.
      expect(found).not.toEqual([]);
      return;
    }
    expect(found.map((m) => `${m.ruleId}: ${m.text}`)).toEqual([]);
  });

  it.each(ENTIRELY_CLEAN)('%j fires nothing at all', (text) => {
    expect(matcher.check(text).map((m) => `${m.ruleId}: ${m.text}`)).toEqual([]);
  });
});

describe('starter rules: per-console rules', () => {
  it('flags outside links and marketing on Amazon only', () => {
    const text = 'Manual: https://example.com/manual.pdf — follow us for more!';
    const on = matcher.check(text, { platform: 'amazon-seller-central' }).map((m) => m.ruleId);
    expect(on).toEqual(['en-external-links', 'en-promotion']);
    expect(matcher.check(text, { platform: 'shopify-inbox' })).toEqual([]);
  });

  it('lets Amazon’s own links through', () => {
    expect(matcher.check('See https://www.amazon.com/dp/B000TEST', { platform: 'amazon-seller-central' })).toEqual([]);
  });

  it('flags other marketplaces on Chinese consoles only', () => {
    expect(matcher.check('闲鱼上有', { platform: 'pinduoduo' }).map((m) => m.ruleId)).toEqual(['zh-other-marketplace']);
    expect(matcher.check('闲鱼上有', { platform: 'shopee' })).toEqual([]);
  });
});

describe('starter rules: suggestions', () => {
  it('offer a softer wording for tone hints', () => {
    const [match] = matcher.check('不是说了吗，七天无理由');
    expect(match?.suggestion).toBe('再为您说明一下');
  });
});
