/**
 * What the agent is told when a customer, note or follow-up cannot be saved,
 * in 简体中文 and English. The repositories throw AppErrors whose `fields` map a
 * field to one of these keys; the UI shows `error.<key>` like it does for
 * replies. The tables are shaped like lib/i18n/messages.ts (keys without the
 * `error.` prefix) so the sidebar work can spread them into its `zh`/`en`
 * tables; customer-messages.test.ts checks every key a schema or repository
 * uses has both texts, and that none contradicts an existing message.
 */
export const customerErrorsZh = {
  'platform-required': '不知道这是哪个平台的买家，请在控制台页面上打开客户档案。',
  'shop-too-long': '店铺名最多 100 个字。',
  'buyer-id-required': '没有识别到买家：请输入买家 ID 或昵称。',
  'buyer-id-too-long': '买家 ID 最多 100 个字符。',
  'display-name-required': '请填写客户名称。',
  'display-name-too-long': '客户名称最多 100 个字。',
  'tag-required': '标签不能为空。',
  'tag-too-long': '标签最多 30 个字。',
  'tag-color-invalid': '请从色板中选择标签颜色。',
  'too-many-tags': '一个客户最多 20 个标签，请先去掉不用的标签。',
  'preference-key-required': '请填写偏好的名称，例如“尺码”。',
  'preference-key-too-long': '偏好名称最多 30 个字。',
  'preference-value-required': '请填写偏好的内容，例如“L 码”。',
  'preference-value-too-long': '偏好内容最多 200 个字。',
  'too-many-preferences': '一个客户最多 30 项偏好，请先删掉不用的。',
  'order-id-required': '请填写订单号。',
  'order-id-too-long': '订单号最多 64 个字符，请检查是否多复制了内容。',
  'order-status-too-long': '订单状态最多 30 个字。',
  'note-text-required': '请填写备注内容。',
  'note-text-too-long': '备注最多 5000 个字，请分成几条。',
  'due-required': '请选择回访日期和时间。',
  'reason-required': '请填写回访事由，例如“确认换货已收到”。',
  'reason-too-long': '回访事由最多 500 个字。',
  'snooze-in-past': '推迟到的时间已经过去，请选择一个以后的时间。',
  'follow-up-already-done': '这条回访已经完成，无需再推迟。',
  'customer-not-found': '找不到这位客户，可能已被删除。请重新搜索或在会话中重新打开。',
  'note-not-found': '找不到这条备注，可能已被删除。',
  'follow-up-not-found': '找不到这条回访，可能已被删除。',
} as const;

export type CustomerErrorKey = keyof typeof customerErrorsZh;

export const customerErrorsEn: Record<CustomerErrorKey, string> = {
  'platform-required': 'It is not known which console this buyer is on: open the customer record from the console page.',
  'shop-too-long': 'The shop name can be at most 100 characters.',
  'buyer-id-required': 'No buyer detected: type the buyer’s ID or nickname.',
  'buyer-id-too-long': 'The buyer ID can be at most 100 characters.',
  'display-name-required': 'Please enter a name for the customer.',
  'display-name-too-long': 'The customer’s name can be at most 100 characters.',
  'tag-required': 'A tag cannot be empty.',
  'tag-too-long': 'A tag can be at most 30 characters.',
  'tag-color-invalid': 'Please pick the tag’s colour from the palette.',
  'too-many-tags': 'A customer can have at most 20 tags: remove one you no longer use first.',
  'preference-key-required': 'Please name the preference, e.g. “Size”.',
  'preference-key-too-long': 'A preference name can be at most 30 characters.',
  'preference-value-required': 'Please fill in the preference, e.g. “L”.',
  'preference-value-too-long': 'A preference can be at most 200 characters.',
  'too-many-preferences': 'A customer can have at most 30 preferences: delete one you no longer use first.',
  'order-id-required': 'Please enter the order number.',
  'order-id-too-long': 'The order number can be at most 64 characters: check that nothing else was copied with it.',
  'order-status-too-long': 'The order status can be at most 30 characters.',
  'note-text-required': 'Please write the note.',
  'note-text-too-long': 'A note can be at most 5000 characters: split it into several notes.',
  'due-required': 'Please choose the follow-up’s date and time.',
  'reason-required': 'Please say what the follow-up is for, e.g. “Confirm the exchange arrived”.',
  'reason-too-long': 'The follow-up’s reason can be at most 500 characters.',
  'snooze-in-past': 'That time has already passed: choose a later one.',
  'follow-up-already-done': 'This follow-up is already done; there is nothing to snooze.',
  'customer-not-found': 'This customer no longer exists (perhaps deleted). Search again or reopen the conversation.',
  'note-not-found': 'This note no longer exists (perhaps deleted).',
  'follow-up-not-found': 'This follow-up no longer exists (perhaps deleted).',
};
