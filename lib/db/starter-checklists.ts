import * as z from 'zod';
import { createTemplate } from './checklist-templates';
import { ComplaintType, StepField, TemplateDraft, TemplateStep } from './complaint-records';
import type { KefuDatabase } from './database';
import type { WriteOptions } from './replies';

/**
 * The checklist templates that ship with the extension, in 简体中文 and
 * English: one per kind of complaint, each following the closed loop of
 * complaint handling (DOMAIN.md): record → calm → investigate → propose and
 * inform → confirm satisfaction → close and name the root cause. Step ids
 * follow the loop (record, calm, investigate, propose, confirm, close) so
 * stats can compare templates step by step; a template may add steps between
 * them (a progress update, the refund itself, the public answer to a review).
 *
 * Guidance speaks to the agent; the buyer-facing wording is in the linked
 * starter replies (`reply` is a starterId of starter-library.ts, resolved to
 * the stored reply's id when seeded). The guidance keeps the language norms:
 * apologise first, "we" and never another department's fault, no pressure,
 * nothing offered in exchange for a review, never off the platform.
 *
 * Time limits count from the case's opening and are what a shop usually
 * promises: the first answer within minutes, the cause within a working day,
 * refunds before the platform's own deadline steps in. starterId values are
 * stable: never rename one.
 */

const StarterStep = TemplateStep.omit({ replyId: true }).extend({
  /** starterId of the starter reply the step suggests. */
  reply: z.string().optional(),
});
type StarterStep = z.infer<typeof StarterStep>;

export const StarterChecklist = TemplateDraft.extend({
  starterId: z.string(),
  lang: z.enum(['zh', 'en']),
  type: ComplaintType,
  steps: z.array(StarterStep).min(1),
});
export type StarterChecklist = z.infer<typeof StarterChecklist>;

const HOUR = 60;
const DAY = 24 * HOUR;

const choice = (key: string, label: string, options: string[], required = true): StepField => ({ key, label, kind: 'choice', options, required });
const money = (key: string, label: string, required: boolean): StepField => ({ key, label, kind: 'money', required });
const text = (key: string, label: string, required = true): StepField => ({ key, label, kind: 'text', required });

const step = (s: Omit<StarterStep, 'fields' | 'required'> & Partial<Pick<StarterStep, 'fields' | 'required'>>): StarterStep => ({
  fields: [],
  required: true,
  ...s,
});

/* ------------------------------------------------------------------ */
/* 简体中文                                                             */
/* ------------------------------------------------------------------ */

const zhCause = choice('cause', '原因类别', ['商品质量', '物流配送', '发错/漏发', '描述不符', '服务态度', '买家误解', '其他']);
const zhResponsibility = choice('responsibility', '责任方', ['店铺', '仓库', '快递', '供应商/厂家', '买家', '平台规则', '无法确定']);
const zhSatisfied = choice('satisfied', '买家反馈', ['满意', '基本满意', '不满意']);
const zhRootCause = text('root-cause', '根本原因与改进措施');

const zhCalm = (reply = 'zh-complaint-apology', timeLimitMinutes = 15) =>
  step({
    id: 'calm',
    title: '安抚致歉',
    guidance:
      '先真诚致歉，表示我们非常重视，不争辩、不急着解释原因。告诉买家大约什么时间前给答复，答应的时间一定要做到。用“请、抱歉、谢谢”，不用反问句。',
    reply,
    timeLimitMinutes,
  });

const zhConfirm = (guidance: string) =>
  step({ id: 'confirm', title: '确认满意', guidance, reply: 'zh-satisfaction', fields: [zhSatisfied], timeLimitMinutes: 3 * DAY });

const zhClose = (guidance: string, extra: StepField[] = []) =>
  step({ id: 'close', title: '归档改进', guidance, reply: 'zh-closing', fields: [...extra, zhRootCause], timeLimitMinutes: 5 * DAY });

const ZH: StarterChecklist[] = [
  {
    starterId: 'zh-general',
    lang: 'zh',
    name: '一般投诉',
    type: 'general',
    steps: [
      step({
        id: 'record',
        title: '倾听记录',
        guidance:
          '让买家把话说完，不打断。记下发生了什么、什么时间、哪个订单、买家希望怎么处理，然后用自己的话复述一遍，确认理解没有偏差。已经问过的信息不要让买家重复。',
        fields: [choice('demand', '买家诉求', ['退款', '退货退款', '换货/补发', '补偿', '道歉/解释', '其他'])],
        timeLimitMinutes: 10,
      }),
      zhCalm(),
      step({
        id: 'investigate',
        title: '核实原因',
        guidance:
          '查看订单、物流、聊天记录和买家提供的凭证。需要仓库、物流或产品同事协助的，转交时说清楚订单号和问题，并约定回复时间。对买家只说“我们”，不把责任推给其他部门。',
        reply: 'zh-complaint-investigating',
        fields: [zhCause, zhResponsibility],
        timeLimitMinutes: 12 * HOUR,
      }),
      step({
        id: 'propose',
        title: '提出方案并告知',
        guidance:
          '在权限范围内给出方案，超出权限的先请示主管。用“建议……”的说法给出一到两个选择，说明办理方式和时间（例如退款正常情况下1-3个工作日原路退回）。',
        reply: 'zh-complaint-solution',
        fields: [choice('solution', '处理方案', ['道歉说明', '退款', '部分退款', '换货', '补发', '优惠券补偿', '其他']), money('compensation', '补偿金额', false)],
        timeLimitMinutes: DAY,
      }),
      zhConfirm('方案落实后主动询问买家是否满意。买家不满意时回到上一步继续协商，不要急于结案。'),
      zhClose('写下问题的根本原因和防止再次发生的改进措施（例如更新详情页说明、调整话术），方便主管复盘。结案前可以用结束语礼貌收尾。'),
    ],
  },
  {
    starterId: 'zh-logistics',
    lang: 'zh',
    name: '物流问题（延误/丢件/破损）',
    type: 'logistics',
    steps: [
      step({
        id: 'record',
        title: '倾听记录',
        guidance: '确认订单号、问题类型和快递单号。破损件请买家拍下外包装、面单和商品破损处的照片（可用“商品破损”话术 /ps），照片是向快递索赔的凭证。',
        fields: [choice('problem', '问题类型', ['发货慢', '物流停滞', '丢件', '破损', '显示签收但未收到']), text('tracking', '快递单号', false)],
        timeLimitMinutes: 10,
      }),
      zhCalm('zh-shipping-delay'),
      step({
        id: 'investigate',
        title: '联系快递核实',
        guidance:
          '查看物流轨迹，联系快递网点或物流客服核实包裹的位置和状态，显示签收的请快递提供签收凭证。告诉买家预计什么时间前答复，核实期间不要对原因下结论。',
        reply: 'zh-complaint-investigating',
        fields: [text('carrier-result', '快递核实结果')],
        timeLimitMinutes: 6 * HOUR,
      }),
      step({
        id: 'update',
        title: '同步进度',
        guidance: '快递核实需要时间的，至少每天主动告诉买家一次进展，别让买家来追问。',
        reply: 'zh-complaint-waiting',
        required: false,
        timeLimitMinutes: DAY,
      }),
      step({
        id: 'propose',
        title: '提出方案并告知',
        guidance:
          '丢件或严重破损的，建议优先补发或退款，不让买家等快递理赔结果；延误的说明最新预计送达时间。补发的把新单号告诉买家（可用“物流单号”话术 /dh）。',
        reply: 'zh-complaint-solution',
        fields: [
          choice('solution', '处理方案', ['继续跟进等待', '补发', '退款', '部分退款/补偿', '拒收后退款']),
          money('compensation', '补偿/退款金额', false),
        ],
        timeLimitMinutes: DAY,
      }),
      zhConfirm('补发的确认买家已经收到，退款的确认已经到账，再询问是否满意；不满意就继续处理。'),
      zhClose('记下责任方和根本原因，按快递和线路统计，反复出问题的报给主管考虑更换快递或加固包装。快递的赔付单独跟进，不影响给买家的方案。', [
        choice('responsibility', '责任方', ['快递', '仓库', '店铺', '收货信息有误', '天气等不可抗力']),
      ]),
    ],
  },
  {
    starterId: 'zh-quality',
    lang: 'zh',
    name: '质量问题',
    type: 'quality',
    steps: [
      step({
        id: 'record',
        title: '倾听记录',
        guidance: '请买家描述问题并提供照片或视频，记下商品规格和批次（吊牌或包装上），问清使用了多久、怎么使用的。语气上是为了帮买家处理，不是怀疑买家。',
        fields: [
          choice('defect', '问题类型', ['破损/瑕疵', '功能故障', '尺码/规格不符', '与描述不符', '做工问题', '其他']),
          choice('evidence', '凭证', ['已收到照片/视频', '买家暂未提供']),
        ],
        timeLimitMinutes: 10,
      }),
      zhCalm(),
      step({
        id: 'investigate',
        title: '核实质量问题',
        guidance: '对照凭证核实，必要时请产品或品控同事判断。记下批次号，同批次还有其他反馈的要一并上报。无法判断时按有利于买家的方式处理。',
        reply: 'zh-complaint-investigating',
        fields: [choice('cause', '原因类别', ['生产瑕疵', '运输损坏', '使用不当', '描述不清', '无法确定']), zhResponsibility],
        timeLimitMinutes: 12 * HOUR,
      }),
      step({
        id: 'propose',
        title: '提出方案并告知',
        guidance: '根据问题给出退货退款、换货、部分退款或补发配件等方案，说明运费由谁承担。需要寄回的，可用“退换货流程”话术 /th 说明操作。',
        reply: 'zh-complaint-solution',
        fields: [choice('solution', '处理方案', ['退货退款', '换货', '部分退款', '补发配件', '维修', '其他']), money('compensation', '补偿/退款金额', false)],
        timeLimitMinutes: DAY,
      }),
      step({
        id: 'return',
        title: '跟进退换货',
        guidance: '需要寄回的，收到退货后当天处理退款或换货发出，并告诉买家结果。',
        reply: 'zh-return-steps',
        required: false,
        timeLimitMinutes: 7 * DAY,
      }),
      zhConfirm('换货收到或退款到账后，询问买家是否满意；不满意的继续协商。'),
      zhClose('写下根本原因和改进措施，并把问题、批次和照片反馈给产品或采购，避免同样的问题再卖给下一位买家。', [
        choice('feedback', '已反馈产品/品控', ['已反馈', '无需反馈']),
      ]),
    ],
  },
  {
    starterId: 'zh-refund',
    lang: 'zh',
    name: '退款纠纷',
    type: 'refund',
    steps: [
      step({
        id: 'record',
        title: '倾听记录',
        guidance: '确认订单号、售后单状态和买家的争议点，记下买家申请的金额。退款纠纷容易升级为平台介入，请尽快处理。',
        fields: [
          choice('dispute', '争议点', ['退款未到账', '退款被拒绝', '退款金额不符', '退货已寄回未处理', '运费承担', '其他']),
          money('requested', '买家申请金额', false),
        ],
        timeLimitMinutes: 10,
      }),
      zhCalm(),
      step({
        id: 'investigate',
        title: '核实退款进度',
        guidance: '查看售后单、退货物流和退款记录，对照平台规则。已经退款的，找到退款时间和渠道，方便向买家说明；退货已签收的，当天安排处理。',
        reply: 'zh-complaint-investigating',
        fields: [zhCause, zhResponsibility],
        timeLimitMinutes: 4 * HOUR,
      }),
      step({
        id: 'propose',
        title: '提出方案并告知',
        guidance: '在平台处理时限之前和买家协商一致。说明退款金额、原路退回和到账时间；拒绝退款的要先致歉，再说明依据，并提供其他可选方案。',
        reply: 'zh-refund-steps',
        fields: [
          choice('solution', '处理方案', ['全额退款', '部分退款', '换货/补发', '维持原处理并说明']),
          money('refund-amount', '退款金额（未退款填 0）', true),
        ],
        timeLimitMinutes: DAY,
      }),
      step({
        id: 'refund',
        title: '办理退款并告知结果',
        guidance: '退款操作完成后马上告诉买家，并提醒到账时间以支付渠道为准。',
        reply: 'zh-refund-done',
        timeLimitMinutes: 2 * DAY,
      }),
      zhConfirm('退款到账后询问买家是否满意，并确认售后单已关闭、没有遗留的平台投诉。'),
      zhClose('写下纠纷的根本原因（例如退货审核慢、规则说明不清）和改进措施，方便主管调整售后流程。'),
    ],
  },
  {
    starterId: 'zh-bad-review',
    lang: 'zh',
    name: '差评挽回',
    type: 'bad-review',
    steps: [
      step({
        id: 'record',
        title: '了解差评原因',
        guidance: '先看清评价内容和订单，再联系买家，真诚了解哪里让买家失望。只谈解决问题，不要求买家修改或删除评价。',
        reply: 'zh-review-recovery',
        fields: [choice('review-issue', '差评原因', ['商品质量', '物流', '服务态度', '与描述不符', '价格', '其他'])],
        timeLimitMinutes: 2 * HOUR,
      }),
      zhCalm('zh-complaint-apology', 2 * HOUR),
      step({
        id: 'investigate',
        title: '核实原因',
        guidance: '核实订单、物流和之前的聊天记录，看看是哪个环节没做好。对买家只说“我们”，不推给其他部门。',
        reply: 'zh-complaint-investigating',
        fields: [zhCause, zhResponsibility],
        timeLimitMinutes: 12 * HOUR,
      }),
      step({
        id: 'propose',
        title: '提出方案并告知',
        guidance:
          '针对问题本身给出退款、换货或补偿方案。任何补偿都不能以修改评价为条件，也不能私下转账或引导到平台外联系，这些都违反平台规则。',
        reply: 'zh-complaint-solution',
        fields: [choice('solution', '处理方案', ['道歉说明', '退款', '部分退款', '换货', '补发', '其他']), money('compensation', '补偿金额', false)],
        timeLimitMinutes: DAY,
      }),
      zhConfirm('问题解决后询问买家是否满意。买家愿意的话可以自行追评，不催促、不索要好评。'),
      step({
        id: 'public-reply',
        title: '回复评价',
        guidance: '在评价下礼貌回复：致歉、说明已经处理和改进的内容。不争辩，不透露买家的订单和个人信息。',
        required: false,
        timeLimitMinutes: 3 * DAY,
      }),
      zhClose('记下评价的最终结果和根本原因，同类差评反复出现的，报给主管改进商品或服务。', [
        choice('outcome', '评价结果', ['买家已追评或修改', '评价未变', '买家未回复']),
      ]),
    ],
  },
];

/* ------------------------------------------------------------------ */
/* English                                                              */
/* ------------------------------------------------------------------ */

const enCause = choice('cause', 'Cause', ['Product quality', 'Shipping', 'Wrong or missing item', 'Not as described', 'Service', 'Misunderstanding', 'Other']);
const enResponsibility = choice('responsibility', 'Responsibility', ['Shop', 'Warehouse', 'Carrier', 'Supplier', 'Buyer', 'Platform rules', 'Unclear']);
const enSatisfied = choice('satisfied', 'Buyer’s answer', ['Satisfied', 'Mostly satisfied', 'Not satisfied']);
const enRootCause = text('root-cause', 'Root cause and what we change');

const enCalm = (reply = 'en-complaint-apology', timeLimitMinutes = 15) =>
  step({
    id: 'calm',
    title: 'Apologise and reassure',
    guidance:
      'Apologise sincerely and show that we take it seriously; do not argue or rush to explain. Tell the buyer when they will hear back, and keep that promise. Say please, sorry and thank you; no rhetorical questions.',
    reply,
    timeLimitMinutes,
  });

const enConfirm = (guidance: string) =>
  step({ id: 'confirm', title: 'Confirm the buyer is satisfied', guidance, reply: 'en-satisfaction', fields: [enSatisfied], timeLimitMinutes: 3 * DAY });

const enClose = (guidance: string, extra: StepField[] = []) =>
  step({ id: 'close', title: 'Close and note the root cause', guidance, reply: 'en-closing', fields: [...extra, enRootCause], timeLimitMinutes: 5 * DAY });

const EN: StarterChecklist[] = [
  {
    starterId: 'en-general',
    lang: 'en',
    name: 'General complaint',
    type: 'general',
    steps: [
      step({
        id: 'record',
        title: 'Listen and record',
        guidance:
          'Let the buyer finish without interrupting. Note what happened, when, which order, and what they would like us to do, then sum it up in your own words to check you understood. Never ask again for something they already told us.',
        fields: [choice('demand', 'Buyer wants', ['Refund', 'Return and refund', 'Replacement', 'Compensation', 'Apology or explanation', 'Other'])],
        timeLimitMinutes: 10,
      }),
      enCalm(),
      step({
        id: 'investigate',
        title: 'Find the cause',
        guidance:
          'Check the order, tracking, chat history and any photos. When the warehouse, shipping or product team has to help, hand over with the order number and the problem, and agree when they will answer. To the buyer it is always “we”: never blame another team.',
        reply: 'en-complaint-investigating',
        fields: [enCause, enResponsibility],
        timeLimitMinutes: 12 * HOUR,
      }),
      step({
        id: 'propose',
        title: 'Propose a solution and inform the buyer',
        guidance:
          'Offer what you are allowed to offer, and ask your supervisor before going beyond it. Suggest one or two options rather than dictating one, and say how and when it happens (a refund usually takes 3–5 business days to show).',
        reply: 'en-complaint-solution',
        fields: [
          choice('solution', 'Solution', ['Apology and explanation', 'Refund', 'Partial refund', 'Replacement', 'Resend', 'Voucher', 'Other']),
          money('compensation', 'Compensation amount', false),
        ],
        timeLimitMinutes: DAY,
      }),
      enConfirm('Once the solution is carried out, ask whether the buyer is happy with it. If not, go back to the previous step rather than closing.'),
      enClose('Write down the root cause and what we change so it does not happen again (a clearer listing, a new reply), so your supervisor can review it. A friendly goodbye message rounds the case off.'),
    ],
  },
  {
    starterId: 'en-logistics',
    lang: 'en',
    name: 'Shipping problem (late, lost, damaged)',
    type: 'logistics',
    steps: [
      step({
        id: 'record',
        title: 'Listen and record',
        guidance:
          'Confirm the order, the kind of problem and the tracking number. For a damaged parcel, ask for photos of the box, the shipping label and the damage (the “Damaged item” reply, /damaged): they back our claim with the carrier.',
        fields: [choice('problem', 'Problem', ['Not shipped yet', 'Stuck in transit', 'Lost', 'Damaged', 'Delivered but not received']), text('tracking', 'Tracking number', false)],
        timeLimitMinutes: 10,
      }),
      enCalm('en-shipping-delay'),
      step({
        id: 'investigate',
        title: 'Check with the carrier',
        guidance:
          'Follow the tracking and contact the carrier to find where the parcel is; for “delivered but not received”, ask them for the proof of delivery. Tell the buyer when they will hear back, and do not guess the cause before the carrier answers.',
        reply: 'en-complaint-investigating',
        fields: [text('carrier-result', 'What the carrier said')],
        timeLimitMinutes: 6 * HOUR,
      }),
      step({
        id: 'update',
        title: 'Keep the buyer updated',
        guidance: 'If the carrier is slow to answer, update the buyer at least once a day so they never have to chase us.',
        reply: 'en-complaint-update',
        required: false,
        timeLimitMinutes: DAY,
      }),
      step({
        id: 'propose',
        title: 'Propose a solution and inform the buyer',
        guidance:
          'For a lost or badly damaged parcel, offer a resend or a refund first instead of making the buyer wait for the carrier’s claim. For a delay, give the latest expected delivery date. Send the new tracking number with the “Tracking number” reply (/track).',
        reply: 'en-complaint-solution',
        fields: [
          choice('solution', 'Solution', ['Keep following up', 'Resend', 'Refund', 'Partial refund or voucher', 'Refund after return to sender']),
          money('compensation', 'Refund or compensation amount', false),
        ],
        timeLimitMinutes: DAY,
      }),
      enConfirm('Check that the resent parcel arrived or the refund came through, then ask whether the buyer is happy. If not, keep working on it.'),
      enClose(
        'Note who was responsible and the root cause. Repeated problems on one carrier or route go to your supervisor (another carrier, sturdier packaging). Claims with the carrier are followed up separately and never hold up the buyer’s solution.',
        [choice('responsibility', 'Responsibility', ['Carrier', 'Warehouse', 'Shop', 'Wrong address', 'Weather or force majeure'])],
      ),
    ],
  },
  {
    starterId: 'en-quality',
    lang: 'en',
    name: 'Quality issue',
    type: 'quality',
    steps: [
      step({
        id: 'record',
        title: 'Listen and record',
        guidance:
          'Ask the buyer to describe the problem and share a photo or video. Note the variant and the batch (on the label or packaging) and how long and how the item was used. The tone is “we want to sort this out”, never doubt.',
        fields: [
          choice('defect', 'Problem', ['Broken or flawed', 'Does not work', 'Wrong size or variant', 'Not as described', 'Poor workmanship', 'Other']),
          choice('evidence', 'Evidence', ['Photo or video received', 'Not provided yet']),
        ],
        timeLimitMinutes: 10,
      }),
      enCalm(),
      step({
        id: 'investigate',
        title: 'Check the quality issue',
        guidance:
          'Compare the evidence with the product, and ask the product or QA team when in doubt. Note the batch: report other complaints about the same batch together. When it cannot be decided, settle it in the buyer’s favour.',
        reply: 'en-complaint-investigating',
        fields: [choice('cause', 'Cause', ['Manufacturing defect', 'Damaged in transit', 'Misuse', 'Unclear description', 'Cannot tell']), enResponsibility],
        timeLimitMinutes: 12 * HOUR,
      }),
      step({
        id: 'propose',
        title: 'Propose a solution and inform the buyer',
        guidance:
          'Offer a return and refund, a replacement, a partial refund or a spare part as fits the problem, and say who pays the return shipping. If the item has to come back, the “Return or exchange” reply (/return) explains how.',
        reply: 'en-complaint-solution',
        fields: [
          choice('solution', 'Solution', ['Return and refund', 'Replacement', 'Partial refund', 'Spare part', 'Repair', 'Other']),
          money('compensation', 'Refund or compensation amount', false),
        ],
        timeLimitMinutes: DAY,
      }),
      step({
        id: 'return',
        title: 'Follow the return or exchange',
        guidance: 'When the return arrives, refund or ship the replacement the same day and tell the buyer.',
        reply: 'en-return-steps',
        required: false,
        timeLimitMinutes: 7 * DAY,
      }),
      enConfirm('Once the replacement arrived or the refund came through, ask whether the buyer is happy; if not, keep talking.'),
      enClose('Write down the root cause and what changes, and pass the problem, batch and photos to the product or purchasing team so the next buyer does not get the same item.', [
        choice('feedback', 'Reported to product or QA', ['Reported', 'Not needed']),
      ]),
    ],
  },
  {
    starterId: 'en-refund',
    lang: 'en',
    name: 'Refund dispute',
    type: 'refund',
    steps: [
      step({
        id: 'record',
        title: 'Listen and record',
        guidance:
          'Confirm the order, the state of the return or refund request, and what exactly is disputed; note the amount the buyer asks for. Refund disputes quickly escalate to the platform, so act fast.',
        fields: [
          choice('dispute', 'Disputed', ['Refund not received', 'Refund declined', 'Wrong amount', 'Return sent back, not processed', 'Who pays shipping', 'Other']),
          money('requested', 'Amount requested', false),
        ],
        timeLimitMinutes: 10,
      }),
      enCalm(),
      step({
        id: 'investigate',
        title: 'Check the refund',
        guidance:
          'Look at the return request, the return tracking and the refund history against the platform’s rules. If the refund was already issued, find when and to which method so you can tell the buyer; if the return was delivered, process it today.',
        reply: 'en-complaint-investigating',
        fields: [enCause, enResponsibility],
        timeLimitMinutes: 4 * HOUR,
      }),
      step({
        id: 'propose',
        title: 'Propose a solution and inform the buyer',
        guidance:
          'Agree with the buyer before the platform’s deadline. Say the amount, that it goes back to the original payment method, and when it should arrive. If you have to decline, apologise first, explain why, and offer an alternative.',
        reply: 'en-refund-steps',
        fields: [
          choice('solution', 'Solution', ['Full refund', 'Partial refund', 'Replacement or resend', 'Decision kept, explained']),
          money('refund-amount', 'Refund amount (0 if none)', true),
        ],
        timeLimitMinutes: DAY,
      }),
      step({
        id: 'refund',
        title: 'Issue the refund and tell the buyer',
        guidance: 'Tell the buyer as soon as the refund is issued, and that the bank decides when it shows on their statement.',
        reply: 'en-refund-done',
        timeLimitMinutes: 2 * DAY,
      }),
      enConfirm('Once the money has arrived, ask whether the buyer is happy, and check that the return request is closed with no platform dispute left open.'),
      enClose('Write down the root cause of the dispute (slow return checks, an unclear policy) and what changes, so your supervisor can adjust the after-sale process.'),
    ],
  },
  {
    starterId: 'en-bad-review',
    lang: 'en',
    name: 'Bad review recovery',
    type: 'bad-review',
    steps: [
      step({
        id: 'record',
        title: 'Understand the review',
        guidance:
          'Read the review and the order first, then contact the buyer and sincerely ask what disappointed them. Talk only about fixing the problem: never ask the buyer to change or remove the review.',
        reply: 'en-review-recovery',
        fields: [choice('review-issue', 'What the review is about', ['Product quality', 'Shipping', 'Service', 'Not as described', 'Price', 'Other'])],
        timeLimitMinutes: 2 * HOUR,
      }),
      enCalm('en-complaint-apology', 2 * HOUR),
      step({
        id: 'investigate',
        title: 'Find the cause',
        guidance: 'Check the order, the tracking and earlier chats to see where we fell short. To the buyer it is always “we”: never blame another team.',
        reply: 'en-complaint-investigating',
        fields: [enCause, enResponsibility],
        timeLimitMinutes: 12 * HOUR,
      }),
      step({
        id: 'propose',
        title: 'Propose a solution and inform the buyer',
        guidance:
          'Solve the problem itself with a refund, a replacement or compensation. Nothing may depend on the review being changed, and nothing is paid outside the platform or arranged off it: marketplaces ban both.',
        reply: 'en-complaint-solution',
        fields: [
          choice('solution', 'Solution', ['Apology and explanation', 'Refund', 'Partial refund', 'Replacement', 'Resend', 'Other']),
          money('compensation', 'Compensation amount', false),
        ],
        timeLimitMinutes: DAY,
      }),
      enConfirm('Once it is solved, ask whether the buyer is happy. They may update their review if they wish; do not push or ask for it.'),
      step({
        id: 'public-reply',
        title: 'Answer the review',
        guidance:
          'Reply politely under the review: apologise and say what was done and what we improved. Do not argue, and never mention the buyer’s order details or personal information.',
        required: false,
        timeLimitMinutes: 3 * DAY,
      }),
      enClose('Note how the review ended and its root cause. Bad reviews that keep coming back for the same reason go to your supervisor to improve the product or service.', [
        choice('outcome', 'Review outcome', ['Buyer updated the review', 'Review unchanged', 'No answer from the buyer']),
      ]),
    ],
  },
];

export const STARTER_CHECKLISTS: { readonly zh: readonly StarterChecklist[]; readonly en: readonly StarterChecklist[] } = { zh: ZH, en: EN };

/**
 * A starter checklist as a template draft, its steps' replies resolved
 * through `replyIds` (starterId → stored reply id). A reply the library does
 * not have (deleted before the checklists were seeded) leaves the step
 * without one.
 */
export function starterTemplateDraft(starter: StarterChecklist, replyIds: ReadonlyMap<string, string>): TemplateDraft {
  return {
    name: starter.name,
    type: starter.type,
    steps: starter.steps.map(({ reply, ...s }) => {
      const replyId = reply === undefined ? undefined : replyIds.get(reply);
      return replyId === undefined ? s : { ...s, replyId };
    }),
  };
}

/**
 * Adds the starter checklists of `lang` when there are no templates at all
 * (live or deleted), so it can run at every install and update: a team that
 * deleted or rewrote them does not get them back. Returns how many were added.
 * Run after the starter replies are seeded, so the steps link to them.
 */
export async function seedStarterChecklists(db: KefuDatabase, lang: 'zh' | 'en', opts: WriteOptions): Promise<number> {
  return db.transaction('rw', [db.replies, db.checklistTemplates], async () => {
    if ((await db.checklistTemplates.count()) > 0) return 0;
    const replyIds = new Map<string, string>();
    await db.replies.each((r) => {
      if (r.starterId !== undefined && r.deletedAt === undefined) replyIds.set(r.starterId, r.id);
    });
    for (const starter of STARTER_CHECKLISTS[lang]) {
      await createTemplate(db, starterTemplateDraft(starter, replyIds), { ...opts, extra: { lang: starter.lang, starterId: starter.starterId } });
    }
    return STARTER_CHECKLISTS[lang].length;
  });
}
