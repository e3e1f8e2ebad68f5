import * as z from 'zod';
import { ReplyDraft } from './records';

/**
 * The scripted replies that ship with the extension, in 简体中文 and English,
 * written to the language norms of customer service: polite, short and warm;
 * "建议…/正常情况下…" rather than assertions; an apology with every refusal;
 * no blame on other departments ("we", never "the warehouse"); no absolute
 * claims; never moving the buyer off the platform; nothing offered for reviews;
 * no pressure in payment reminders. The English set is written for
 * Shopee/Amazon/Etsy/Shopify buyers, not translated line by line.
 *
 * starterId values are stable: they identify a starter reply across updates,
 * so never rename one. Replies an agent sends many times a day carry 1–2
 * variants, because consoles flag identical repeated messages. The greeting and
 * refund replies use no template variables: they are inserted before the page
 * context is known.
 */
export const StarterReply = ReplyDraft.extend({ starterId: z.string(), lang: z.enum(['zh', 'en']) });
export type StarterReply = z.infer<typeof StarterReply>;

type Entry = Omit<StarterReply, 'lang' | 'variants' | 'pinned'> & Partial<Pick<StarterReply, 'variants' | 'pinned'>>;

const zh = (e: Entry): StarterReply => ({ variants: [], pinned: false, ...e, lang: 'zh' });
const en = (e: Entry): StarterReply => ({ variants: [], pinned: false, ...e, lang: 'en' });

const ZH: StarterReply[] = [
  // 售前
  zh({ starterId: 'zh-greeting', title: '欢迎问候', group: '售前', code: '/hy', tags: ['问候'], pinned: true,
    body: '您好，欢迎光临～请问有什么可以帮您的吗？',
    variants: ['亲，您好呀，很高兴为您服务，请问想了解哪款商品呢？', '您好，在的哦～有任何问题都可以告诉我。'] }),
  zh({ starterId: 'zh-product-question', title: '商品咨询回复', group: '售前', code: '/zx', tags: ['商品'],
    body: '感谢您的咨询～这款商品的详细参数在详情页有说明，您也可以告诉我您的使用场景，我帮您推荐合适的款式。',
    variants: ['谢谢您的关注～商品的材质和规格详情页都有介绍，有不清楚的地方我来帮您解答。'] }),
  zh({ starterId: 'zh-size-advice', title: '尺码建议', group: '售前', code: '/cm', tags: ['尺码'],
    body: '您好，方便告诉我您的身高和体重吗？建议您参考详情页的尺码表，我也可以帮您对照推荐合适的尺码。',
    variants: ['亲，尺码拿不准的话，可以告诉我您平时穿的尺码和身高体重，我帮您参考一下～'] }),
  zh({ starterId: 'zh-in-stock', title: '有货确认', group: '售前', code: '/yh', tags: ['库存'],
    body: '您好，这款目前有货的，下单后正常情况下48小时内发出，请您放心选购。',
    variants: ['亲，这款现在有货哦，付款后正常情况下48小时内为您发出。'] }),
  zh({ starterId: 'zh-out-of-stock', title: '缺货致歉', group: '售前', code: '/qh', tags: ['库存', '致歉'],
    body: '非常抱歉，这款暂时缺货了。建议您先收藏商品，补货后会第一时间上架；也可以看看同系列的其他款式，我帮您推荐。' }),
  zh({ starterId: 'zh-promotion', title: '活动说明', group: '售前', code: '/hd', tags: ['优惠'],
    body: '您好，店铺当前的优惠以商品页面显示为准，下单时系统会自动计算可用的优惠，您可以在结算页确认实付金额哦。' }),
  zh({ starterId: 'zh-recommend', title: '搭配推荐', group: '售前', code: '/tj', tags: ['推荐'],
    body: '您选的这款，不少顾客会搭配同系列的配件一起使用，更方便一些；需要的话我把商品链接发给您参考～' }),
  zh({ starterId: 'zh-address-check', title: '核对地址', group: '售前', code: '/dz', tags: ['地址'], pinned: true,
    body: '您好，为了确保包裹顺利送达，麻烦您核对一下订单中的收货地址和收件人是否正确，如需修改请告诉我，谢谢～',
    variants: ['亲，发货前和您核对一下收货信息，地址和收件人都没问题的话，回复“确认”即可；需要修改也请告诉我哦。'] }),
  zh({ starterId: 'zh-offline-reply', title: '离线留言回复', group: '售前', code: '/ly', tags: ['留言', '致歉'],
    body: '您好，很抱歉昨晚没能及时回复您的留言，现在客服已经上线，您的问题我来为您处理～',
    variants: ['早上好，抱歉让您久等了！您的留言已经看到，我这就为您处理。'] }),

  // 催付
  zh({ starterId: 'zh-payment-reminder', title: '催付提醒', group: '催付', code: '/cf', tags: ['催付'], pinned: true,
    body: '您好，看到您拍下的商品还没有完成付款，如果对商品还有疑问，随时告诉我；方便的时候完成付款后，我们会尽快为您安排发货，谢谢～',
    variants: ['亲，您的订单还在等待付款哦，付款后我们会尽快发出；如有任何疑问随时告诉我。', '您好，温馨提醒：您拍下的商品还未付款，如需修改规格或地址，可以告诉我帮您处理。'] }),
  zh({ starterId: 'zh-payment-help', title: '付款问题协助', group: '催付', code: '/fk', tags: ['催付', '付款'],
    body: '您好，看到您的订单还没有付款成功，是不是付款时遇到了问题呢？可以把提示告诉我，我帮您看看怎么处理。' }),

  // 物流
  zh({ starterId: 'zh-shipping-time', title: '发货时间', group: '物流', code: '/fh', tags: ['发货'],
    body: '您好，正常情况下付款后48小时内发货，发货后您可以在订单详情里查看物流信息。',
    variants: ['亲，付款后正常情况下48小时内为您发出，发货后订单详情里就能看到物流进度哦。'] }),
  zh({ starterId: 'zh-tracking', title: '物流单号', group: '物流', code: '/dh', tags: ['物流'],
    body: '您好，您的包裹已经发出，快递单号是{{填写:快递单号}}，您可以在订单详情中查看物流进度。',
    variants: ['亲，包裹已经在路上啦，快递单号：{{填写:快递单号}}，物流进度在订单详情里可以随时查看。'] }),
  zh({ starterId: 'zh-shipping-delay', title: '物流延迟致歉', group: '物流', code: '/wl', tags: ['物流', '致歉'],
    body: '非常抱歉让您久等了！我们已经在核实包裹的运输情况，有进展会第一时间告诉您，请您再耐心等待一下，谢谢理解。',
    variants: ['抱歉让您着急了，您的包裹我们正在跟进，核实清楚后马上给您回复。'] }),
  zh({ starterId: 'zh-delivery-check', title: '签收确认', group: '物流', code: '/qs', tags: ['物流'],
    body: '您好，物流显示您的包裹已经签收，请问是否已经收到呢？如有任何问题请随时联系我们。' }),

  // 售后
  zh({ starterId: 'zh-return-steps', title: '退换货流程', group: '售后', code: '/th', tags: ['退换货'],
    body: '您好，您可以在订单详情页点击“申请售后”，选择退货或换货并填写原因，审核通过后按页面提示寄回商品即可。建议保持吊牌和包装完好，方便我们尽快为您处理，谢谢配合。' }),
  zh({ starterId: 'zh-refund-steps', title: '退款流程', group: '售后', code: '/tk', tags: ['退款'], pinned: true,
    body: '您好，退款申请审核通过后，款项正常情况下会在1-3个工作日内原路退回，请您留意账户变动，谢谢您的耐心。',
    variants: ['亲，退款已在处理中，审核通过后正常情况下1-3个工作日原路退回，请您留意一下账户哦。'] }),
  zh({ starterId: 'zh-refund-done', title: '退款已处理', group: '售后', code: '/tkwc', tags: ['退款'],
    body: '您好，您的退款已经处理完成，具体到账时间以支付渠道为准，如有疑问随时联系我们。' }),
  zh({ starterId: 'zh-damaged', title: '商品破损', group: '售后', code: '/ps', tags: ['破损', '致歉'],
    body: '非常抱歉给您带来不好的体验！麻烦您拍一下商品破损处和外包装的照片发给我，我们核实后会尽快为您补发或处理退款。' }),
  zh({ starterId: 'zh-wrong-item', title: '发错商品', group: '售后', code: '/fc', tags: ['错发', '致歉'],
    body: '真的很抱歉，是我们的疏忽发错了商品。麻烦您拍照确认一下收到的商品，我们会为您安排换货，来回运费由我们承担。' }),
  zh({ starterId: 'zh-invoice', title: '发票说明', group: '售后', code: '/fp', tags: ['发票'],
    body: '您好，需要开具发票的话，请告诉我发票抬头和税号，我们核对后为您开具电子发票，开好后会上传到订单中。' }),
  zh({ starterId: 'zh-satisfaction', title: '满意度确认', group: '售后', code: '/my', tags: ['回访'],
    body: '请问这个问题是否已经为您解决了呢？如果还有其他需要帮助的地方，随时告诉我。',
    variants: ['您看这样处理是否满意呢？还有其他问题的话，我随时都在。'] }),
  zh({ starterId: 'zh-closing', title: '结束语', group: '售后', code: '/js', tags: ['结束'],
    body: '感谢您的耐心，祝您生活愉快！有任何问题欢迎随时来找我们～',
    variants: ['谢谢您的支持，祝您购物愉快，有需要随时联系我们哦～', '不客气，很高兴能帮到您，祝您一切顺利～'] }),
  zh({ starterId: 'zh-revisit', title: '售后回访', group: '售后', code: '/hf', tags: ['回访'],
    body: '您好，我是{{shop}}的客服{{agent}}，想回访一下您之前反馈的问题，现在商品使用情况怎么样呢？' }),

  // 投诉
  zh({ starterId: 'zh-complaint-apology', title: '投诉安抚', group: '投诉', code: '/aw', tags: ['投诉', '致歉'],
    body: '非常抱歉给您带来了不愉快的体验，您反映的问题我已经详细记录下来了，我们非常重视，会尽快核实并给您答复。' }),
  zh({ starterId: 'zh-complaint-investigating', title: '正在核实', group: '投诉', code: '/hs', tags: ['投诉'],
    body: '您好，您的问题我们正在核实处理中，预计{{填写:答复时间}}前给您明确答复，请您耐心等待，谢谢理解。' }),
  zh({ starterId: 'zh-complaint-waiting', title: '协调进度告知', group: '投诉', code: '/jd', tags: ['投诉'],
    body: '您好，和您同步一下进度：您的问题我们已经安排负责的同事跟进，正在加紧核实，有结果会第一时间通知您，让您久等了，抱歉。' }),
  zh({ starterId: 'zh-complaint-solution', title: '处理方案', group: '投诉', code: '/fa', tags: ['投诉'],
    body: '您好，针对您反馈的问题，我们建议的处理方案是：{{填写:处理方案}}。您看这样是否可以？如有其他想法也请告诉我们。' }),
  zh({ starterId: 'zh-review-recovery', title: '差评沟通', group: '投诉', code: '/cp', tags: ['评价', '致歉'],
    body: '您好，看到您对这次购物不太满意，真的很抱歉。想了解一下具体是哪里让您失望了，我们会认真改进，也希望能帮您把问题解决好。' }),

  // 节日
  zh({ starterId: 'zh-holiday', title: '节日问候', group: '节日', code: '/jr', tags: ['节日'],
    body: '节日快乐！感谢您一直以来对{{shop}}的支持，祝您和家人平安喜乐～' }),
  zh({ starterId: 'zh-spring-festival', title: '春节发货安排', group: '节日', code: '/cj', tags: ['节日', '发货'],
    body: '您好，春节期间物流运力紧张，发货和配送可能会比平时慢一些，我们会尽量为您安排，给您带来不便敬请谅解。' }),
];

const EN: StarterReply[] = [
  // Pre-sale
  en({ starterId: 'en-greeting', title: 'Welcome', group: 'Pre-sale', code: '/hi', tags: ['greeting'], pinned: true,
    body: 'Hi there, thanks for reaching out! How can I help you today?',
    variants: ['Hello and welcome! What can I help you with today?', 'Hi, thanks for your message. I’m happy to help with anything you need.'] }),
  en({ starterId: 'en-product-question', title: 'Product question', group: 'Pre-sale', code: '/info', tags: ['product'],
    body: 'Thanks for your question! The full details are in the listing, and if you tell me how you plan to use it, I’ll gladly suggest the right option.',
    variants: ['Thanks for asking! The materials and measurements are in the listing, and I’m happy to go through anything that isn’t clear.'] }),
  en({ starterId: 'en-size-advice', title: 'Size advice', group: 'Pre-sale', code: '/size', tags: ['size'],
    body: 'Happy to help with sizing! Could you share your usual size or measurements? The size chart in the listing is a good guide, and I can compare it for you.',
    variants: ['If you’re between sizes, let me know your usual size and measurements and I’ll check the chart with you.'] }),
  en({ starterId: 'en-in-stock', title: 'In stock', group: 'Pre-sale', code: '/stock', tags: ['stock'],
    body: 'Good news: this item is in stock. Orders usually ship within 2 business days.',
    variants: ['Yes, we have this one in stock right now, and orders usually ship within 2 business days.'] }),
  en({ starterId: 'en-out-of-stock', title: 'Out of stock', group: 'Pre-sale', code: '/oos', tags: ['stock', 'apology'],
    body: 'I’m sorry, this item is out of stock at the moment. You could save it to your favorites to hear when it’s back, or I can suggest a similar item.' }),
  en({ starterId: 'en-promotion', title: 'Promotion', group: 'Pre-sale', code: '/promo', tags: ['discount'],
    body: 'Our current offers are shown on the product page, and eligible discounts are applied automatically at checkout, where you can see the final price.' }),
  en({ starterId: 'en-recommend', title: 'Goes well with', group: 'Pre-sale', code: '/pair', tags: ['recommendation'],
    body: 'Great choice! Many customers pair this with the matching accessory from the same collection. I’d be glad to share the listing if you’d like to take a look.' }),
  en({ starterId: 'en-address-check', title: 'Address check', group: 'Pre-sale', code: '/addr', tags: ['address'], pinned: true,
    body: 'Before we ship, could you please double-check the delivery address on your order? If anything needs changing, just let me know. Thank you!',
    variants: ['A quick check before shipping: is the address on your order correct? If it is, a short “confirmed” is all we need. Thank you!'] }),
  en({ starterId: 'en-offline-reply', title: 'Reply to overnight message', group: 'Pre-sale', code: '/morning', tags: ['message', 'apology'],
    body: 'Good morning, and sorry we couldn’t reply sooner. I’m here now and happy to help with your question.',
    variants: ['Hi, thanks for your message and sorry for the wait overnight. I’m on it now.'] }),

  // Payment reminder
  en({ starterId: 'en-payment-reminder', title: 'Payment reminder', group: 'Payment reminder', code: '/pay', tags: ['payment'], pinned: true,
    body: 'Hi, just a friendly note that your order is waiting for payment. Once it’s complete, we’ll get it ready to ship. Let me know if you have any questions!',
    variants: ['Hello! Your order is still waiting for payment. If anything is unclear before you complete it, I’m happy to help.'] }),
  en({ starterId: 'en-payment-help', title: 'Payment trouble', group: 'Payment reminder', code: '/payhelp', tags: ['payment'],
    body: 'It looks like the payment for your order didn’t go through. If you saw an error message, feel free to share it and I’ll help you sort it out.' }),

  // Shipping
  en({ starterId: 'en-shipping-time', title: 'Shipping time', group: 'Shipping', code: '/ship', tags: ['shipping'],
    body: 'Orders usually ship within 2 business days of payment, and you can follow the tracking in your order details once it’s on its way.',
    variants: ['We usually ship within 2 business days, and the tracking appears in your order details as soon as it’s sent.'] }),
  en({ starterId: 'en-tracking', title: 'Tracking number', group: 'Shipping', code: '/track', tags: ['tracking'],
    body: 'Your order has shipped! The tracking number is {{ask:tracking number}}, and you can follow its progress in your order details.',
    variants: ['Good news, your parcel is on its way. Tracking number: {{ask:tracking number}}. Updates also show in your order details.'] }),
  en({ starterId: 'en-shipping-delay', title: 'Shipping delay', group: 'Shipping', code: '/delay', tags: ['shipping', 'apology'],
    body: 'I’m sorry for the wait! We’re checking on your parcel and will update you as soon as we hear back. Thank you for your patience.',
    variants: ['Sorry your parcel is taking longer than expected. We’re following up on it and will let you know what we find.'] }),
  en({ starterId: 'en-delivered', title: 'Delivery check', group: 'Shipping', code: '/dlv', tags: ['shipping'],
    body: 'Tracking shows your parcel was delivered. Did it reach you safely? If anything is wrong, please let us know.' }),

  // After-sale
  en({ starterId: 'en-return-steps', title: 'Return or exchange', group: 'After-sale', code: '/return', tags: ['return'],
    body: 'You can start a return or exchange from your order details by choosing “Return/Refund” and a reason. Once it’s approved, please send the item back as shown on the page; keeping the tags and packaging helps us process it faster.' }),
  en({ starterId: 'en-refund-steps', title: 'Refund timing', group: 'After-sale', code: '/refund', tags: ['refund'], pinned: true,
    body: 'Once your refund is approved, it usually reaches your original payment method within 3–5 business days, depending on your bank. Thank you for your patience!',
    variants: ['Your refund is being processed. After approval, it normally appears on your original payment method within 3–5 business days.'] }),
  en({ starterId: 'en-refund-done', title: 'Refund issued', group: 'After-sale', code: '/refunded', tags: ['refund'],
    body: 'Your refund has been issued. Depending on your bank or card provider, it may take a few business days to show on your statement.' }),
  en({ starterId: 'en-damaged', title: 'Damaged item', group: 'After-sale', code: '/damaged', tags: ['damage', 'apology'],
    body: 'I’m so sorry your item arrived damaged. Could you send a photo of the damage and the packaging? Once we’ve checked it, we’ll arrange a replacement or a refund as quickly as we can.' }),
  en({ starterId: 'en-wrong-item', title: 'Wrong item', group: 'After-sale', code: '/wrong', tags: ['wrong item', 'apology'],
    body: 'I’m really sorry, we sent the wrong item. Could you share a photo of what arrived? We’ll send the right one and cover the return shipping.' }),
  en({ starterId: 'en-invoice', title: 'Invoice', group: 'After-sale', code: '/invoice', tags: ['invoice'],
    body: 'Of course! Please share the name and details you need on the invoice, and we’ll upload it to your order once it’s ready.' }),
  en({ starterId: 'en-satisfaction', title: 'Satisfaction check', group: 'After-sale', code: '/ok', tags: ['follow-up'],
    body: 'Has this solved the issue for you? If there’s anything else I can help with, just let me know.',
    variants: ['I hope that helps! Is everything sorted now, or is there anything else I can do for you?'] }),
  en({ starterId: 'en-closing', title: 'Thank you and goodbye', group: 'After-sale', code: '/bye', tags: ['closing'],
    body: 'Thank you for shopping with us, and have a lovely day! We’re here whenever you need us.',
    variants: ['Thanks so much for your order. Have a great day, and feel free to reach out anytime!', 'You’re welcome, glad I could help. Take care!'] }),
  en({ starterId: 'en-revisit', title: 'Follow-up', group: 'After-sale', code: '/follow', tags: ['follow-up'],
    body: 'Hi {{buyer}}, this is {{agent}} from {{shop}}. I wanted to check in on the issue you mentioned earlier: how is everything now?' }),

  // Complaints
  en({ starterId: 'en-complaint-apology', title: 'Complaint: apology', group: 'Complaints', code: '/sorry', tags: ['complaint', 'apology'],
    body: 'I’m truly sorry for the trouble this has caused. I’ve noted everything you described, we take it seriously, and we’ll look into it right away.' }),
  en({ starterId: 'en-complaint-investigating', title: 'Complaint: investigating', group: 'Complaints', code: '/check', tags: ['complaint'],
    body: 'We’re looking into this now and expect to have an answer for you by {{ask:reply by}}. Thank you for bearing with us.' }),
  en({ starterId: 'en-complaint-update', title: 'Complaint: progress update', group: 'Complaints', code: '/update', tags: ['complaint'],
    body: 'A quick update: the colleague handling your case is still checking the details, and we’ll let you know as soon as we have an answer. Sorry for the wait.' }),
  en({ starterId: 'en-complaint-solution', title: 'Complaint: proposed solution', group: 'Complaints', code: '/solution', tags: ['complaint'],
    body: 'To make this right, we’d like to offer the following: {{ask:solution}}. Would that work for you? If you’d prefer something else, please tell us.' }),
  en({ starterId: 'en-review-recovery', title: 'Unhappy review', group: 'Complaints', code: '/review', tags: ['review', 'apology'],
    body: 'I’m sorry your order didn’t meet your expectations. Could you tell me more about what went wrong? We’d like to understand it and help put it right.' }),

  // Holidays
  en({ starterId: 'en-holiday', title: 'Holiday greeting', group: 'Holidays', code: '/holiday', tags: ['holiday'],
    body: 'Happy holidays from all of us at {{shop}}! Thank you for your support this year, and warm wishes to you and your family.' }),
  en({ starterId: 'en-holiday-shipping', title: 'Holiday shipping times', group: 'Holidays', code: '/peak', tags: ['holiday', 'shipping'],
    body: 'Carriers are very busy during the holidays, so delivery may take a little longer than usual. We’re shipping as quickly as we can. Thank you for your understanding!' }),
];

export const STARTER_LIBRARY: readonly StarterReply[] = [...ZH, ...EN];

export function starterRepliesFor(lang: 'zh' | 'en'): StarterReply[] {
  return STARTER_LIBRARY.filter((r) => r.lang === lang);
}
