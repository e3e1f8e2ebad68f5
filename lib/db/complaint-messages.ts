/**
 * What the agent is told when a checklist template or a complaint case cannot
 * be saved, in 简体中文 and English. Shaped like customer-messages.ts (keys
 * without the `error.` prefix) so the UI spreads them into its `zh`/`en`
 * tables as `error.<key>`; complaint-messages.test.ts checks that every key the
 * complaint schemas and repositories use has both texts. Keys the customer
 * tables already have (order-id-too-long, note-text-required, customer-not-found…)
 * are not repeated here.
 */
export const complaintErrorsZh = {
  // Template editor
  'template-name-required': '请填写模板名称，例如“物流问题”。',
  'template-name-too-long': '模板名称最多 60 个字。',
  'template-needs-steps': '模板至少要有一个步骤。',
  'too-many-steps': '一个模板最多 30 个步骤，请合并相近的步骤。',
  'step-title-required': '请填写每个步骤的标题。',
  'step-title-too-long': '步骤标题最多 100 个字。',
  'step-guidance-too-long': '步骤说明最多 1000 个字，请精简一下。',
  'step-ids-duplicate': '有两个步骤的编号相同，请删除其中一个后重新添加。',
  'time-limit-invalid': '时限请填写 1 分钟到 60 天之间的整数分钟，不限时请留空。',
  'too-many-fields': '一个步骤最多 10 个填写项。',
  'field-key-invalid': '填写项的编号只能用小写字母、数字和“-”，最多 40 个字符。',
  'field-keys-duplicate': '同一步骤里有两个填写项的编号相同，请改成不同的编号。',
  'field-label-required': '请填写每个填写项的名称，例如“责任方”。',
  'field-label-too-long': '填写项名称最多 60 个字。',
  'field-options-required': '选择题至少要有一个选项。',
  'field-option-required': '选项不能为空。',
  'field-option-too-long': '每个选项最多 40 个字。',
  'too-many-options': '一个选择题最多 20 个选项。',
  'type-invalid': '请选择投诉类型：一般投诉、物流问题、质量问题、退款纠纷或差评挽回。',
  'template-not-found': '找不到这个处理模板，可能已被删除。请重新选择模板。',
  // New complaint
  'template-required': '请选择一个处理模板。',
  'summary-too-long': '投诉内容最多 2000 个字，详细情况可以记在备注里。',
  'severity-invalid': '请选择紧急程度：低、普通、高或紧急。',
  // Working on a case
  'case-not-found': '找不到这条投诉记录，可能客户档案已被删除。',
  'step-not-found': '这个案件里没有这个步骤，请刷新后重试。',
  'field-not-found': '这个步骤里没有这个填写项，请刷新后重试。',
  'field-choice-invalid': '请从列表中选择一项。',
  'field-money-invalid': '请填写金额数字，例如 20 或 15.50（不带货币符号，最多两位小数）。',
  'field-value-too-long': '填写内容最多 2000 个字，详细情况可以记在备注里。',
  'status-invalid': '请选择一个处理状态。',
  'case-closed': '这条投诉已经结案，不能再修改。如需继续处理，请先重新打开。',
  'case-not-closed': '只有已结案的投诉才能重新打开。',
  'case-incomplete': '还有必做的步骤或必填项没有完成，暂时不能结案。',
  'step-required': '结案前需要完成这一步。',
  'field-required': '结案前需要填写这一项。',
} as const;

export type ComplaintErrorKey = keyof typeof complaintErrorsZh;

export const complaintErrorsEn: Record<ComplaintErrorKey, string> = {
  'template-name-required': 'Please name the template, e.g. “Shipping problem”.',
  'template-name-too-long': 'A template name can be at most 60 characters.',
  'template-needs-steps': 'A template needs at least one step.',
  'too-many-steps': 'A template can have at most 30 steps: merge steps that belong together.',
  'step-title-required': 'Please give every step a title.',
  'step-title-too-long': 'A step title can be at most 100 characters.',
  'step-guidance-too-long': 'A step’s guidance can be at most 1000 characters: shorten it a little.',
  'step-ids-duplicate': 'Two steps have the same id: delete one and add it again.',
  'time-limit-invalid': 'Enter the time limit as whole minutes between 1 minute and 60 days, or leave it empty for no limit.',
  'too-many-fields': 'A step can have at most 10 fields.',
  'field-key-invalid': 'A field’s id can only use lowercase letters, digits and “-”, at most 40 characters.',
  'field-keys-duplicate': 'Two fields of the same step have the same id: give them different ids.',
  'field-label-required': 'Please name every field, e.g. “Responsibility”.',
  'field-label-too-long': 'A field name can be at most 60 characters.',
  'field-options-required': 'A choice field needs at least one option.',
  'field-option-required': 'An option cannot be empty.',
  'field-option-too-long': 'An option can be at most 40 characters.',
  'too-many-options': 'A choice field can have at most 20 options.',
  'type-invalid': 'Please choose the kind of complaint: general, shipping, quality, refund dispute or bad review.',
  'template-not-found': 'This checklist template no longer exists (perhaps deleted). Please choose another one.',
  'template-required': 'Please choose a checklist template.',
  'summary-too-long': 'The complaint can be at most 2000 characters: put the details in a note.',
  'severity-invalid': 'Please choose a severity: low, normal, high or urgent.',
  'case-not-found': 'This complaint no longer exists (perhaps the customer’s record was erased).',
  'step-not-found': 'This case has no such step: reload and try again.',
  'field-not-found': 'This step has no such field: reload and try again.',
  'field-choice-invalid': 'Please pick one of the options in the list.',
  'field-money-invalid': 'Enter the amount as a number, e.g. 20 or 15.50 (no currency sign, at most two decimals).',
  'field-value-too-long': 'A field can hold at most 2000 characters: put the details in a note.',
  'status-invalid': 'Please choose a status for the case.',
  'case-closed': 'This complaint is closed and can no longer be changed. Reopen it to continue working on it.',
  'case-not-closed': 'Only a closed complaint can be reopened.',
  'case-incomplete': 'Some required steps or fields are not done yet, so the case cannot be closed.',
  'step-required': 'This step must be done before the case can be closed.',
  'field-required': 'This field must be filled in before the case can be closed.',
};
