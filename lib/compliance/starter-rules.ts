import { parseRuleSet, type RuleInput, type RuleSet, type RuleSetInput } from './rules';

/**
 * Starter rule sets, one for Chinese replies and one for English replies,
 * written by us from public categories: the kinds of wording that marketplace
 * rules and advertising law name (moving buyers off-platform, rewards for
 * reviews and fake orders, absolute advertising terms such as 最/第一/国家级,
 * insults), and the language norms a customer-service team keeps (no commands,
 * no rhetorical questions, never blame another department; see
 * /work/shared/DOMAIN.md). They are not copies of any platform's or vendor's
 * word list, and no such list is complete or public in full.
 *
 * What they cover and what they do not is said in each set's `coverage` text
 * (shown to the supervisor). In short: common words and their spacing,
 * full-width, case and look-alike disguises; Chinese mobile, landline and
 * 400 numbers (also spelt in Chinese numerals), WeChat-id-like strings after a
 * cue, e-mail addresses and North American phone numbers. Not covered:
 * pictures (QR codes in images), homophones beyond the listed ones, pinyin
 * other than wei xin / weixin, numbers split over several messages, meaning
 * that needs context (sarcasm, a polite sentence with an insult in it), and
 * each platform's own changing lists. Every set applies to every console
 * unless a rule says otherwise; both sets are checked on every draft, so a
 * Chinese reply that slips in "WhatsApp" is still caught.
 *
 * Severity: block where the platforms punish the shop (off-platform contact,
 * paid reviews, insults); warn where context decides (absolute claims,
 * blame, contact hints); hint for tone, mostly with a softer wording.
 */

// --- shared regex pieces (run on the folded text: lower case, half-width, spacing kept) ---

/**
 * Separators typed inside a number: 138-1234-5678, 138 1234 5678, 1.3.8… Not commas: "138, 129, 159, 189"
 * is a list of prices, not a phone number.
 */
const SEP = String.raw`[\s\-._·/*|~]{0,2}`;
/** Not part of a longer number or a code: no letter or digit right before, nor a digit and a separator. */
const NUMBER_START = String.raw`(?<![\da-z])(?<!\d[\s\-]{1,2})`;
/**
 * Not an order, waybill or serial number: "订单号 13812345678", "单号:1381…",
 * "order no. 1381…" (JD's order numbers are 11–12 digits and can start with 1).
 */
const NOT_ORDER_NUMBER = String.raw`(?<!(?:单|编)号?码?\s*[:#]?\s*)(?<!(?:order|tracking|waybill|invoice|parcel|shipment)\s*(?:no|id|number|num)?\s*[.:#]*\s*)`;
const NUMBER_END = String.raw`(?!${SEP}\d)`;
/**
 * 100% on a label is a fact, not a claim. Both sets list both languages, since
 * both sets check every draft: "100% cotton" must not trip the Chinese set's 100%.
 */
const FIBRE_CONTENT = [
  '100%棉', '100%纯棉', '100%全棉', '100%羊毛', '100%羊绒', '100%真丝', '100%桑蚕丝', '100%亚麻', '100%涤纶', '100%聚酯纤维',
  '100% cotton', '100% wool', '100% cashmere', '100% silk', '100% linen', '100% polyester', '100% nylon', '100% leather',
];
const CN_NUMERAL = '[0-9零〇一二三四五六七八九幺两壹贰叁肆伍陆柒捌玖]';

const zhRules: RuleInput[] = [
  // ---------------------------------------------------------------- off-platform
  {
    id: 'zh-wechat',
    name: { zh: '提到微信', en: 'Mentions WeChat' },
    category: 'off-platform',
    severity: 'block',
    explanation: {
      zh: '平台禁止在聊天中引导买家加微信等站外联系方式（包括“VX”“绿泡泡”等变体），会被判定为站外引流并处罚店铺。请在平台内沟通。',
      en: 'Platforms forbid steering the buyer to WeChat or other outside contact (including disguises such as “VX” or “绿泡泡”); the shop is penalised for off-platform traffic. Keep the conversation on the platform.',
    },
    patterns: {
      words: [
        '微信', '威信', '薇信', '微芯', '维信', '徽信', '危信', 'v信', '微x', 'vx', 'wx', 'weixin', 'wei xin', 'wechat',
        '绿泡泡', '绿色泡泡', '加v', '加个v', '加我v', '加微', '加个微', '加我微', '微号', '薇号', 'v号', 'vx号',
      ],
      regexes: [
        // WeChat's default ids: wxid_ followed by letters and digits.
        String.raw`wxid_[a-z0-9]{4,}`,
        // A WeChat-id-like string after a cue: "v: abc12345", "微：shop_2024", "wx号 abc-123", "vx abc_123".
        // After 微/薇/威 only with a colon or 号, so "权威 iphone15" is not an id.
        String.raw`(?<![a-z0-9])(?:(?:v|vx|wx|wechat|weixin|微|薇|威)\s*(?:号|id)?\s*:|(?:v|vx|wx|微|薇|威)\s*(?:号|id)|vx|wx)\s*[a-z][a-z0-9_\-]{5,19}(?![a-z0-9_\-])`,
      ],
    },
    exceptions: [],
  },
  {
    id: 'zh-qq',
    name: { zh: '提到 QQ', en: 'Mentions QQ' },
    category: 'off-platform',
    severity: 'block',
    explanation: {
      zh: '引导买家加 QQ（包括“扣扣”“企鹅号”等说法）属于站外引流，平台会处罚。请在平台内沟通。',
      en: 'Steering the buyer to QQ (also written 扣扣 or 企鹅号) is off-platform traffic and is penalised. Keep the conversation on the platform.',
    },
    patterns: {
      words: ['qq', 'qq号', 'qq群', 'q号', '扣扣', '扣扣号', '抠抠', '企鹅号', '加企鹅', '企鹅群'],
      // The number after the cue joins the highlight: "qq 12345678", "扣扣：12345678".
      regexes: [String.raw`(?<![a-z0-9])(?:qq|q|扣扣|企鹅)\s*(?:号|群)?\s*[:：]?\s*[1-9]\d{4,10}(?!\d)`],
    },
    exceptions: [],
  },
  {
    id: 'zh-phone-number',
    name: { zh: '电话号码', en: 'Phone number' },
    category: 'off-platform',
    severity: 'block',
    explanation: {
      zh: '在聊天里发手机号、座机或 400 号码（包括用空格、横线隔开或写成汉字数字）会被判定为站外联系。订单号、快递单号不受影响。',
      en: 'Sending a mobile, landline or 400 number in chat (also spaced out, hyphenated or spelt in Chinese numerals) counts as off-platform contact. Order and tracking numbers are not affected.',
    },
    patterns: {
      words: [],
      regexes: [
        // Mainland mobile: 11 digits starting 13–19, optionally +86/0086.
        `${NUMBER_START}${NOT_ORDER_NUMBER}(?:(?:\\+|00)?86${SEP})?1${SEP}[3-9](?:${SEP}\\d){9}${NUMBER_END}`,
        // Landline with area code: 010-12345678, 0755 1234567.
        `${NUMBER_START}${NOT_ORDER_NUMBER}0\\d{2,3}[\\s\\-]?\\d{7,8}${NUMBER_END}`,
        // 400 / 800 service numbers: 400-123-4567.
        `${NUMBER_START}${NOT_ORDER_NUMBER}[48]00${SEP}\\d{3}${SEP}\\d{4}${NUMBER_END}`,
        // Spelt in Chinese numerals: 一三八一二三四五六七八, 幺三八…
        `(?<!${CN_NUMERAL})[一幺壹]${SEP}(?:${CN_NUMERAL}${SEP}){9}${CN_NUMERAL}(?!${SEP}${CN_NUMERAL})`,
      ],
    },
    exceptions: [],
  },
  {
    id: 'zh-off-platform-deal',
    name: { zh: '私下交易', en: 'Dealing outside the platform' },
    category: 'off-platform',
    severity: 'block',
    explanation: {
      zh: '约买家私下交易、站外付款或转账，平台会判定为绕过平台交易，买家也失去平台保障。',
      en: 'Arranging a private deal, payment outside the platform or a direct transfer is treated as bypassing the platform, and the buyer loses its protection.',
    },
    patterns: {
      words: [
        '私下交易', '线下交易', '私下转账', '转账给我', '直接转账', '支付宝转', '转我支付宝', '站外交易', '站外付款',
        '不走平台', '绕过平台', '绕开平台', '平台外交易', '私下联系', '站外联系',
      ],
      regexes: [],
    },
    exceptions: [],
  },
  {
    id: 'zh-contact-hints',
    name: { zh: '加好友、扫码、进群', en: 'Add me, scan a code, join a group' },
    category: 'off-platform',
    severity: 'warn',
    explanation: {
      zh: '“加我”“扫码”“二维码”“进群”“公众号”常被用来把买家引到站外。若只是平台内的操作（例如平台的扫码领券），可以忽略。',
      en: '“Add me”, “scan the code”, QR codes, groups and official accounts are often used to move buyers off the platform. Ignore this if it is an action inside the platform (such as the platform’s own coupon code).',
    },
    patterns: {
      words: ['加我', '加好友', '二维码', '扫码', '扫一扫', '进群', '加群', '群号', '粉丝群', '公众号', '小程序', '私聊我', '私信我'],
      regexes: [],
    },
    exceptions: [],
  },
  {
    id: 'zh-other-marketplace',
    name: { zh: '引导去其他平台', en: 'Sends the buyer to another marketplace' },
    category: 'off-platform',
    severity: 'warn',
    explanation: {
      zh: '在国内平台的客服聊天里引导买家去闲鱼或其他平台下单，属于站外引流。',
      en: 'On a Chinese marketplace, sending the buyer to Xianyu or another marketplace to order is off-platform traffic.',
    },
    patterns: {
      words: ['闲鱼', '咸鱼', '其他平台', '别的平台', '去淘宝', '去京东', '去拼多多', '去抖音', '淘宝搜', '拼多多搜', '京东搜', '抖音搜'],
      regexes: [],
    },
    exceptions: [],
    // The Chinese consoles only: on Shopee or Amazon these names are not a platform rule.
    platforms: ['taobao', 'feige', 'pinduoduo', 'jd-dongdong', 'kuaishou', 'xiaohongshu'],
  },
  // ---------------------------------------------------------------- paid reviews, fake orders
  {
    id: 'zh-paid-reviews',
    name: { zh: '好评返现', en: 'Reward for a good review' },
    category: 'paid-reviews',
    severity: 'block',
    explanation: {
      zh: '用返现、红包、礼品换好评或晒图，属于平台禁止的诱导评价，也违反反不正当竞争的规定。',
      en: 'Offering cash back, red packets or gifts for good reviews or photos is forbidden review manipulation on every platform and unfair competition under Chinese law.',
    },
    patterns: {
      words: [
        '好评返现', '晒图返现', '评价返现', '追评返现', '五星返现', '好评返', '好评有礼', '好评送', '好评奖励', '好评红包',
        '返现好评', '好评返红包', '晒图返', '带图返现', '五星好评返', '好评后返',
      ],
      regexes: [
        String.raw`(?:好评|评价|五星|5星|晒图|追评|带图)[^。!?\n]{0,12}?(?:返现|返钱|返款|返红包|红包|返\d+元?|退\d+元)`,
        String.raw`(?:返现|返红包|返\d+元)[^。!?\n]{0,12}?(?:好评|评价|五星|5星|晒图|追评)`,
      ],
    },
    exceptions: [],
  },
  {
    id: 'zh-fake-orders',
    name: { zh: '刷单', en: 'Fake orders' },
    category: 'paid-reviews',
    severity: 'block',
    explanation: {
      zh: '刷单、补单、刷销量或刷好评是平台严厉处罚的虚假交易。',
      en: 'Fake orders and bought sales or reviews (刷单, 补单) are fraudulent transactions that platforms punish severely.',
    },
    patterns: {
      words: ['刷单', '补单', '刷好评', '刷销量', '刷信誉', '代刷', '刷评', '做单', '刷手'],
      regexes: [],
    },
    exceptions: [],
  },
  {
    id: 'zh-review-removal',
    name: { zh: '要求删改差评', en: 'Asks to delete or change a bad review' },
    category: 'paid-reviews',
    severity: 'block',
    explanation: {
      zh: '要求或用补偿换取买家删除、修改差评，属于干扰评价，平台会处罚。可以解决问题后请买家根据真实体验自愿追评。',
      en: 'Asking the buyer (or paying them) to delete or change a bad review interferes with reviews and is penalised. Solve the problem; the buyer may then update the review of their own accord.',
    },
    patterns: {
      words: ['删差评', '删除差评', '删掉差评', '撤销差评', '撤掉差评', '改好评', '改成好评', '改为好评', '差评改', '中评改'],
      regexes: [String.raw`(?:删|撤|改)(?:掉|除|销|一下)?(?:这个|那个|您的|你的)?(?:差评|中评)`],
    },
    exceptions: [],
  },
  // ---------------------------------------------------------------- absolute claims
  {
    id: 'zh-absolute-claims',
    name: { zh: '极限用语', en: 'Absolute claims' },
    category: 'absolute-claims',
    severity: 'warn',
    explanation: {
      zh: '《广告法》禁止“最”“第一”“国家级”“顶级”等绝对化用语，平台也会据此处罚。请改用具体、可证实的描述。“第一次”“最近”“最后一件”等不受影响。',
      en: 'Chinese advertising law forbids absolute terms such as 最 (most), 第一 (number one), 国家级 (national-level) and 顶级 (top-grade), and platforms enforce it. Use a concrete, verifiable description. “第一次”, “最近”, “最后一件” and the like are fine.',
    },
    patterns: {
      words: [
        '最', '第一', '第1', '国家级', '世界级', '全球级', '顶级', '顶尖', '极品', '唯一', '独一无二', '首个', '首家', '首选', '首创',
        '绝对', '100%', '百分百', '百分之百', '全网最低', '史上', '万能', '永久', '无敌', '王牌', '冠军', '销量冠军', 'no.1',
        '遥遥领先', '全国领先', '全球领先', '极致', '完美', '零风险', '无副作用', '根治', '特效', '驰名商标', '国家认证',
      ],
      regexes: [],
    },
    exceptions: [
      // 最: time, quantity and size words that claim nothing.
      '最近', '最后', '最终', '最初', '最多', '最少', '最晚', '最迟', '最早', '最快', '最大码', '最小码', '最大号', '最小号',
      '最大尺码', '最小尺码',
      // 第一: order, not rank.
      '第一次', '第一时间', '第一天', '第一步', '第一个', '第一件', '第一批', '第一单', '第一位', '第一条', '第一眼', '第一页',
      '第一种', '第一排', '第一周', '第一项', '第一行', '第一段', '第一句', '第一封', '第一包', '第一箱', '第一台', '第一套', '第1次', '第1天', '第1步', '第1个', '第1件', '第1单', '第1条', '第1页',
      ...FIBRE_CONTENT,
      '绝对值', '唯一的订单号',
    ],
  },
  // ---------------------------------------------------------------- insults and blame
  {
    id: 'zh-insults',
    name: { zh: '辱骂买家', en: 'Insults the buyer' },
    category: 'insults-blame',
    severity: 'block',
    explanation: {
      zh: '辱骂、嘲讽买家会被投诉，平台会处罚店铺和客服。无论买家说了什么，都请保持礼貌。',
      en: 'Insulting or mocking the buyer leads to complaints and penalties for the shop and the agent. Stay polite whatever the buyer said.',
    },
    patterns: {
      words: [
        '傻逼', '傻b', '傻x', '煞笔', '沙比', '傻叉', '傻子', '白痴', '笨蛋', '蠢货', '蠢猪', '脑残', '智障', '弱智', '神经病', '有病吧',
        '你有病', '你有毛病', '脑子有病', '脑子进水', '滚蛋', '滚开', '给我滚', '你滚', '去死', '闭嘴', '废物', '垃圾人', '你是垃圾',
        '穷鬼', '买不起就别', '买不起别', '爱买不买', '不买拉倒', '不买就滚', '事儿妈', '事儿多', '事真多', '奇葩', '找茬', '无理取闹',
        '泼妇', '骗子', '变态', '狗东西', '他妈的', '妈的', '你妈', '尼玛', 'tmd', 'nmsl', 'cnm', 'sb',
      ],
      regexes: [],
    },
    // 变态辣 (extra hot) and 去死皮 (exfoliating) are product words; 我们不是骗子 defends the shop.
    exceptions: ['你妈妈', '妈妈的', '病历', '变态辣', '去死皮', '废物利用', '不是骗子'],
  },
  {
    id: 'zh-blame-buyer',
    name: { zh: '指责买家', en: 'Blames the buyer' },
    category: 'insults-blame',
    severity: 'warn',
    explanation: {
      zh: '指责买家会激化矛盾。先道歉、说明情况，再给出解决办法。',
      en: 'Blaming the buyer escalates the conflict. Apologise, explain, then offer a solution.',
    },
    patterns: {
      words: ['是你自己的问题', '你自己的问题', '是你的问题', '你自己的原因', '怪你自己', '你自己的责任', '谁让你', '活该'],
      regexes: [],
    },
    exceptions: [],
    suggestion: '我们一起看看怎么解决',
  },
  {
    id: 'zh-blame-others',
    name: { zh: '推卸责任', en: 'Passes the blame' },
    category: 'insults-blame',
    severity: 'warn',
    explanation: {
      zh: '不要把责任推给快递、仓库、厂家或同事：买家只认店铺。请说明我们会怎么跟进。',
      en: 'Do not pass the blame to the courier, warehouse, manufacturer or a colleague: to the buyer it is the shop. Say how we will follow it up.',
    },
    patterns: {
      words: [
        '不关我的事', '不关我们的事', '跟我没关系', '和我没关系', '跟我们没关系', '与我无关', '与我们无关', '不是我的问题', '不是我们的问题',
        '不归我管', '我管不了', '又不是我', '快递的问题', '是快递的错', '快递的锅', '仓库的问题', '仓库的错', '厂家的问题', '找快递去',
        '你去找快递', '你找快递', '自己找快递', '找厂家去', '你找厂家',
      ],
      regexes: [],
    },
    exceptions: [],
    suggestion: '我们马上联系核实，并尽快给您答复',
  },
  // ---------------------------------------------------------------- tone: commands, rhetorical questions
  {
    id: 'zh-tone-look-yourself',
    name: { zh: '让买家自己看', en: 'Tells the buyer to look it up' },
    category: 'tone',
    severity: 'hint',
    explanation: {
      zh: '“你自己看”是命令语气。请礼貌地指引买家，或直接把信息发给买家。',
      en: '“你自己看” (look for yourself) is an order. Point the buyer to it politely, or send the information yourself.',
    },
    patterns: {
      words: ['你自己看', '自己看', '你自己去看', '自己去看', '自己去查', '你自己查', '自己查', '自己不会看'],
      regexes: [],
    },
    exceptions: ['自己查收'],
    suggestion: '麻烦您查看一下',
  },
  {
    id: 'zh-tone-already-said',
    name: { zh: '“不是说了吗”', en: '“I already said”' },
    category: 'tone',
    severity: 'hint',
    explanation: {
      zh: '“不是说了吗”“说了多少遍”带着不耐烦。买家再问时，请耐心再说明一次。',
      en: '“不是说了吗” (didn’t I say?) and “说了多少遍” (how many times) sound impatient. When the buyer asks again, explain again patiently.',
    },
    patterns: {
      words: ['不是说了吗', '不是说过了吗', '不是告诉你了', '我不是说了', '已经说过了', '说了多少遍', '说过多少次', '跟你说了', '都说了', '我都说了'],
      regexes: [],
    },
    exceptions: [],
    suggestion: '再为您说明一下',
  },
  {
    id: 'zh-tone-must',
    name: { zh: '命令语气', en: 'Orders the buyer' },
    category: 'tone',
    severity: 'hint',
    explanation: {
      zh: '“你必须”“你应该”是命令。请用“建议您…”。',
      en: '“你必须” (you must) and “你应该” (you should) are orders. Say “建议您…” (we suggest) instead.',
    },
    patterns: { words: ['你必须', '你应该', '你得先', '你要先', '你赶紧', '赶紧去'], regexes: [] },
    exceptions: [],
    suggestion: '建议您',
  },
  {
    id: 'zh-tone-certain',
    name: { zh: '把话说死', en: 'Promises for certain' },
    category: 'tone',
    severity: 'hint',
    explanation: {
      zh: '“肯定会”“保证会”把话说死，做不到时买家会更不满。请用“正常情况下…”。',
      en: '“肯定会” / “保证会” (will certainly) promise too much; if it does not happen the buyer is angrier. Say “正常情况下…” (normally) instead.',
    },
    patterns: { words: ['肯定会', '保证会', '绝对会', '百分百会'], regexes: [] },
    exceptions: [],
    suggestion: '正常情况下会',
  },
  {
    id: 'zh-tone-impatient',
    name: { zh: '催促买家别急', en: 'Tells the buyer not to rush' },
    category: 'tone',
    severity: 'hint',
    explanation: {
      zh: '“急什么”“别催了”让买家觉得被敷衍。请说明进度并请买家稍等。',
      en: '“急什么” (what’s the hurry) and “别催了” (stop rushing me) feel dismissive. Give the progress and ask the buyer to wait a little.',
    },
    patterns: { words: ['急什么', '催什么', '别催了', '不要催', '等着吧', '慢慢等'], regexes: [] },
    exceptions: [],
    suggestion: '请您稍等，我们正在加急处理',
  },
  {
    id: 'zh-tone-rhetorical',
    name: { zh: '反问买家', en: 'Rhetorical question to the buyer' },
    category: 'tone',
    severity: 'hint',
    explanation: {
      zh: '反问（“难道…吗”“看不懂吗”）会让买家觉得被质问。请改成陈述句，例如“这里为您说明一下…”。',
      en: 'Rhetorical questions (“难道…吗”, “看不懂吗”) make the buyer feel accused. Say it as a statement, e.g. “这里为您说明一下…”.',
    },
    patterns: {
      words: ['听不懂吗', '看不懂吗', '没看到吗', '不会看吗', '你不知道吗', '你没看吗', '不识字吗', '你懂不懂', '懂不懂', '有意思吗', '你想怎样', '你想怎么样', '你到底想'],
      regexes: [String.raw`难道[^。!?\n]{0,20}?[吗么]`],
    },
    exceptions: [],
  },
];

const enRules: RuleInput[] = [
  // ---------------------------------------------------------------- off-platform
  {
    id: 'en-messaging-apps',
    name: { zh: '提到站外聊天工具', en: 'Mentions an outside messaging app' },
    category: 'off-platform',
    severity: 'block',
    explanation: {
      zh: '平台禁止引导买家到 WhatsApp、微信、Telegram 等站外工具联系，会被判定为站外引流。',
      en: 'Marketplaces forbid moving the buyer to WhatsApp, WeChat, Telegram or other outside apps; it counts as off-platform contact.',
    },
    patterns: {
      words: [
        'whatsapp', 'whats app', 'wechat', 'telegram', 'line id', 'line app', 'skype', 'viber', 'kakaotalk', 'kakao talk', 'signal app',
        'facebook messenger', 'instagram dm', 'dm me', 'dm us', 'message me on', 'text me', 'text us', 'call me', 'call us at',
        'my number', 'my phone number', 'my cell', 'my whatsapp', 'my email', 'email me', 'email us at', 'contact me directly',
        'contact us directly', 'reach me at',
      ],
      regexes: [
        // E-mail addresses.
        String.raw`[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}`,
        // North American phone numbers with separators: (555) 123-4567, 555-123-4567, +1 555 123 4567.
        // Ten bare digits are left alone: Etsy and other consoles show 10-digit order numbers.
        `${NUMBER_START}${NOT_ORDER_NUMBER}(?:\\+?1[\\s\\-.]?)?(?:\\(\\d{3}\\)\\s?\\d{3}[\\s\\-.]?|\\d{3}[\\s\\-.]\\d{3}[\\s\\-.])\\d{4}${NUMBER_END}`,
        // Any number with a country code: +44 20 7946 0958.
        String.raw`(?<![\da-z])\+\d{2,3}[\s\-.]?\d{2,4}[\s\-.]?\d{3,4}[\s\-.]?\d{3,4}(?![\s\-.]?\d)`,
      ],
    },
    exceptions: [],
  },
  {
    id: 'en-off-platform-payment',
    name: { zh: '站外付款', en: 'Payment outside the platform' },
    category: 'off-platform',
    severity: 'block',
    explanation: {
      zh: '让买家通过 PayPal、转账等方式在平台外付款，属于绕过平台交易，买家也失去平台保障。',
      en: 'Asking for payment through PayPal, a bank transfer or similar outside the marketplace bypasses it, and the buyer loses its protection.',
    },
    patterns: {
      words: [
        'paypal me', 'pay via paypal', 'pay by paypal', 'pay through paypal', 'venmo', 'cash app', 'cashapp', 'zelle', 'bank transfer',
        'wire transfer', 'western union', 'pay outside', 'outside amazon', 'off amazon', 'outside the platform', 'off the platform',
        'off-platform', 'order directly from us', 'order directly from our website', 'buy directly from us', 'our own website',
      ],
      regexes: [],
    },
    exceptions: [],
  },
  {
    id: 'en-external-links',
    name: { zh: '站外链接', en: 'Link to an outside website' },
    category: 'off-platform',
    severity: 'warn',
    explanation: {
      zh: '亚马逊买卖家消息规则不允许发送与订单无关的站外链接。如确有必要（例如说明书），请只发送与订单直接相关的安全链接。',
      en: 'Amazon’s buyer–seller messaging guidelines do not allow links to outside websites unless needed to complete the order (e.g. a manual). Send only links the order needs.',
    },
    patterns: { words: [], regexes: [String.raw`(?:https?:\/\/|www\.)[^\s]+`] },
    exceptions: ['amazon.com', 'amazon.co.uk', 'amazon.de'],
    platforms: ['amazon-seller-central'],
  },
  {
    id: 'en-promotion',
    name: { zh: '营销推广内容', en: 'Marketing message' },
    category: 'off-platform',
    severity: 'warn',
    explanation: {
      zh: '亚马逊不允许在买卖家消息里发送营销推广内容（例如关注店铺、推荐其他商品）。',
      en: 'Amazon does not allow marketing in buyer–seller messages (follow us, check out our other products).',
    },
    patterns: {
      words: ['follow us', 'follow our store', 'check out our other', 'our other products', 'our new collection', 'visit our store', 'visit our website', 'like our page', 'subscribe to our'],
      regexes: [],
    },
    exceptions: [],
    platforms: ['amazon-seller-central'],
  },
  // ---------------------------------------------------------------- paid reviews, fake orders
  {
    id: 'en-paid-reviews',
    name: { zh: '用好处换好评', en: 'Reward for a review' },
    category: 'paid-reviews',
    severity: 'block',
    explanation: {
      zh: '用退款、返现、礼品卡或赠品换取好评，是各平台都禁止的诱导评价。',
      en: 'Offering refunds, rebates, gift cards or free items in exchange for (good) reviews is forbidden review manipulation on every marketplace.',
    },
    patterns: {
      words: ['review for refund', 'refund after review', 'incentivized review', 'incentivised review', 'paid review', 'fake review', 'fake reviews', 'fake order', 'fake orders', 'boost our rating', 'boost our ratings'],
      regexes: [
        String.raw`(?:positive|good|great|5[\s\-]?star|five[\s\-]?star)\s+(?:review|rating|feedback)[^.!?\n]{0,40}?(?:refund|rebate|gift\s*card|cash\s*back|cashback|free\s+(?:product|item|gift|unit)|discount|coupon|reward|bonus|compensation|paypal)`,
        String.raw`(?:refund|rebate|gift\s*card|cash\s*back|cashback|free\s+(?:product|item|gift|unit)|discount|coupon|reward|bonus)[^.!?\n]{0,40}?(?:positive|good|great|5[\s\-]?star|five[\s\-]?star)\s+(?:review|rating|feedback)`,
      ],
    },
    exceptions: [],
  },
  {
    id: 'en-review-removal',
    name: { zh: '要求删改评价', en: 'Asks to remove or change a review' },
    category: 'paid-reviews',
    severity: 'block',
    explanation: {
      zh: '要求买家删除或修改评价是被禁止的。解决问题即可，买家可以自愿更新评价。',
      en: 'Asking the buyer to remove or change a review is prohibited. Solve the problem; the buyer may update the review of their own accord.',
    },
    patterns: {
      words: [],
      regexes: [
        String.raw`(?:remove|delete|change|edit|update|revise|modify|withdraw|take\s+down)\s+(?:your|the|this|that)\s+(?:negative\s+|bad\s+|1[\s\-]?star\s+|one[\s\-]?star\s+)?(?:review|feedback|rating)`,
      ],
    },
    exceptions: [],
  },
  // ---------------------------------------------------------------- absolute claims
  {
    id: 'en-absolute-claims',
    name: { zh: '绝对化宣传', en: 'Absolute claims' },
    category: 'absolute-claims',
    severity: 'warn',
    explanation: {
      zh: '“最好”“第一”“100% 保证”等无法证实的绝对化宣传可能违反平台规则和广告法规。请用具体、可证实的描述。',
      en: 'Unverifiable absolute claims (“best”, “#1”, “100% guaranteed”) can break marketplace rules and advertising law. Use concrete, verifiable facts.',
    },
    patterns: {
      words: [
        'best', 'the best', '#1', 'number one', 'no.1', '100%', 'guaranteed', 'cheapest', 'lowest price', "world's best", 'world class',
        'world-class', 'best-selling', 'bestseller', 'best seller', 'top quality', 'top-rated', 'unbeatable', 'never fails', 'risk-free',
        'miracle', 'cures', 'clinically proven', 'fda approved',
      ],
      regexes: [],
    },
    exceptions: [
      'best regards', 'best wishes', 'all the best', 'do my best', 'do our best', 'try my best', 'try our best', 'doing our best',
      'doing my best', 'best way', 'best to', 'at best', 'best before', 'best-before', '100% refund', '100% of', '100% sure',
      ...FIBRE_CONTENT,
    ],
  },
  // ---------------------------------------------------------------- insults and blame
  {
    id: 'en-insults',
    name: { zh: '辱骂买家', en: 'Insults the buyer' },
    category: 'insults-blame',
    severity: 'block',
    explanation: {
      zh: '辱骂或嘲讽买家会被投诉并处罚。无论买家说了什么，都请保持礼貌。',
      en: 'Insulting or mocking the buyer leads to complaints and penalties. Stay polite whatever the buyer said.',
    },
    patterns: {
      words: [
        'stupid', 'idiot', 'idiots', 'dumb', 'moron', 'shut up', 'loser', 'pathetic', 'liar', 'are you blind', "can't you read",
        'learn to read', 'stfu', 'wtf', 'damn', 'get lost', 'cheapskate', 'scammer', 'jerk', 'fuck', 'fucking', 'shit', 'crap', 'bitch',
      ],
      regexes: [],
    },
    exceptions: [],
  },
  {
    id: 'en-blame',
    name: { zh: '推卸责任或指责买家', en: 'Passes the blame' },
    category: 'insults-blame',
    severity: 'warn',
    explanation: {
      zh: '不要指责买家，也不要把责任推给快递、仓库或同事：对买家来说都是店铺的事。请说明我们会怎么跟进。',
      en: 'Do not blame the buyer, the courier, the warehouse or a colleague: to the buyer it is all the shop. Say how we will follow it up.',
    },
    patterns: {
      words: [
        'not my problem', 'not our problem', 'not my fault', 'not our fault', 'your fault', 'your own fault', 'your problem',
        "courier's fault", "carrier's fault", "warehouse's fault", 'blame the courier', 'blame the carrier', 'not my responsibility',
        'not our responsibility', 'nothing i can do', 'nothing we can do', 'not my department',
      ],
      regexes: [],
    },
    exceptions: [],
  },
  {
    id: 'en-blame-carrier',
    name: { zh: '让买家自己找快递', en: 'Sends the buyer to the carrier' },
    category: 'insults-blame',
    severity: 'warn',
    explanation: {
      zh: '让买家自己去找快递是推卸责任。请由我们联系承运商跟进。',
      en: 'Sending the buyer to sort it out with the carrier passes the blame. We contact the carrier and follow up.',
    },
    patterns: {
      words: ['contact the carrier yourself', 'contact the courier yourself', 'take it up with the carrier', 'take it up with the courier', 'talk to the courier', 'talk to the carrier', 'ask the courier yourself'],
      regexes: [],
    },
    exceptions: [],
    suggestion: 'we will contact the carrier for you',
  },
  // ---------------------------------------------------------------- tone
  {
    id: 'en-tone-must',
    name: { zh: '命令语气', en: 'Orders the buyer' },
    category: 'tone',
    severity: 'hint',
    explanation: {
      zh: '“you must”“you have to”是命令语气，请改用建议的说法。',
      en: '“You must” and “you have to” are orders. Suggest instead.',
    },
    patterns: { words: ['you must', 'you have to', 'you need to'], regexes: [] },
    exceptions: [],
    suggestion: 'we suggest you',
  },
  {
    id: 'en-tone-already-said',
    name: { zh: '“我已经说过了”', en: '“As I said”' },
    category: 'tone',
    severity: 'hint',
    explanation: {
      zh: '“as I said”“I already told you”带着不耐烦。请耐心地再说明一次。',
      en: '“As I said” and “I already told you” sound impatient. Explain again patiently.',
    },
    patterns: {
      words: ['as i said', 'as i already said', 'as i told you', 'as i already told you', 'like i said', 'i already told you', "i've already told you", 'i have already told you', 'how many times'],
      regexes: [],
    },
    exceptions: [],
    suggestion: 'Just to recap,',
  },
  {
    id: 'en-tone-look-yourself',
    name: { zh: '让买家自己查', en: 'Tells the buyer to look it up' },
    category: 'tone',
    severity: 'hint',
    explanation: {
      zh: '让买家“自己看/自己查”是命令语气。请直接给出信息，或礼貌地指引。',
      en: 'Telling the buyer to look it up is an order. Give the information, or point to it politely.',
    },
    patterns: { words: ['read the description', 'read the listing', 'check it yourself', 'look it up yourself', 'see for yourself', 'read it yourself'], regexes: [] },
    exceptions: [],
    suggestion: 'you can find the details in the listing',
  },
  {
    id: 'en-tone-calm-down',
    name: { zh: '让买家冷静', en: 'Tells the buyer to calm down' },
    category: 'tone',
    severity: 'hint',
    explanation: {
      zh: '“calm down”会让买家更生气。请先表示理解。',
      en: '“Calm down” makes an upset buyer angrier. Acknowledge the feeling first.',
    },
    patterns: { words: ['calm down', 'chill out'], regexes: [] },
    exceptions: [],
    suggestion: 'I understand how frustrating this is',
  },
  {
    id: 'en-tone-rhetorical',
    name: { zh: '反问买家', en: 'Rhetorical question to the buyer' },
    category: 'tone',
    severity: 'hint',
    explanation: {
      zh: '反问（“didn’t you read…?”）会让买家觉得被质问。请改成陈述句。',
      en: 'Rhetorical questions (“didn’t you read…?”) make the buyer feel accused. Say it as a statement.',
    },
    patterns: {
      words: ["didn't you read", 'did you even read', "don't you know", "didn't you see", "can't you see", 'what do you want me to do', 'what else do you want', 'is that so hard', 'are you serious'],
      regexes: [String.raw`\b(?:don'?t|didn'?t|can'?t|isn'?t|aren'?t|haven'?t)\s+you\s+[^.!?\n]{0,40}\?`],
    },
    exceptions: [],
  },
];

const zhCoverage = {
  zh: [
    '覆盖：微信、QQ 及常见变体（VX、V信、薇信、扣扣、企鹅号、绿泡泡、加V 等），含空格、标点、全角、大小写、零宽字符和形近字母的写法；',
    '手机号、座机、400 号码（含 +86、分段、汉字数字写法），订单号、快递单号不计；提示词后的微信号样式字符串；二维码、扫码、进群等引流说法；',
    '好评返现、刷单、删改差评；“最”“第一”“国家级”等极限用语（“第一次”“最近”“最后一件”“100%纯棉”等例外）；辱骂、推卸责任；',
    '命令和反问语气（你自己看、不是说了吗、难道…吗），多数附有更委婉的说法。',
    '不覆盖：图片里的二维码或号码；列表以外的谐音和拼音写法；分几条消息发出的号码；需要上下文才能判断的意思（反讽、客气话里夹带的不当内容）；',
    '各平台不断更新的内部词库。这是我们根据公开的类别整理的起点，请主管按店铺实际情况增删。',
  ].join(''),
  en: [
    'Covers: WeChat, QQ and their common disguises (VX, V信, 薇信, 扣扣, 企鹅号, 绿泡泡, 加V…), also with spaces, punctuation, full-width, ',
    'mixed case, zero-width characters and look-alike letters; mainland mobile, landline and 400 numbers (with +86, grouped, or in ',
    'Chinese numerals), but not order or tracking numbers; WeChat-id-like strings after a cue; QR codes, scanning and group invitations; ',
    'rewards for reviews, fake orders, asking to delete bad reviews; absolute claims such as 最, 第一, 国家级 (with exceptions such as ',
    '第一次, 最近, 最后一件, 100%纯棉); insults and passing the blame; commands and rhetorical questions (你自己看, 不是说了吗, 难道…吗), ',
    'most with a softer wording. Does not cover: QR codes or numbers inside images; homophones and pinyin beyond those listed; numbers ',
    'split over several messages; meaning that needs context (sarcasm, an insult inside a polite sentence); each platform’s own, ',
    'changing internal lists. It is a starting point written from public categories: the supervisor should adapt it to the shop.',
  ].join(''),
};

const enCoverage = {
  zh: [
    '覆盖：WhatsApp、微信、Telegram 等站外聊天工具及“text me”“email me”等说法，电子邮箱，北美及带国家码的电话号码（订单号不计），',
    'PayPal、转账等站外付款；用好处换好评、要求删改评价；“best”“#1”“100%”等绝对化宣传（“best regards”“100% cotton”等例外）；',
    '辱骂和推卸责任；命令和反问语气，多数附有更委婉的说法。亚马逊专属：站外链接和营销推广内容。',
    '不覆盖：图片内容；拼写错误和列表以外的变体；没有国家码的欧洲等地电话号码；需要上下文才能判断的意思；各平台不断更新的内部规则。',
    '这是我们根据公开的类别整理的起点，请主管按店铺实际情况增删。',
  ].join(''),
  en: [
    'Covers: outside messaging apps (WhatsApp, WeChat, Telegram…) and “text me”, “email me” and the like; e-mail addresses; North ',
    'American phone numbers and numbers with a country code (not order numbers); payment outside the platform (PayPal, transfers); ',
    'rewards for reviews and asking to remove or change a review; absolute claims such as “best”, “#1”, “100%” (with exceptions such ',
    'as “best regards”, “100% cotton”); insults and passing the blame; commands and rhetorical questions, most with a softer wording. ',
    'Amazon only: outside links and marketing messages. Does not cover: images; misspellings and variants beyond those listed; phone ',
    'numbers without a country code outside North America; meaning that needs context; each platform’s own, changing rules. It is a ',
    'starting point written from public categories: the supervisor should adapt it to the shop.',
  ].join(''),
};

const starterInputs: RuleSetInput[] = [
  {
    id: 'starter-zh',
    name: { zh: '中文回复规范（内置）', en: 'Chinese replies (built in)' },
    coverage: zhCoverage,
    rules: zhRules,
  },
  {
    id: 'starter-en',
    name: { zh: '英文回复规范（内置）', en: 'English replies (built in)' },
    coverage: enCoverage,
    rules: enRules,
  },
];

/** The built-in rule sets, parsed (so their defaults are filled and any mistake fails loudly at load). */
export const starterRuleSets: readonly RuleSet[] = starterInputs.map(parseRuleSet);
