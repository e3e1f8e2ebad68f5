/**
 * Texts of the customer record's view as it opens and pages (客户档案): the
 * timeline's "show older notes" and the record still opening after a chat
 * switch. Spread into lib/i18n/messages.ts.
 */
export const recordViewZh = {
  'record.notes.older': '显示更早的备注',
  'record.notes.olderLoading': '正在读取更早的备注…',
  'record.opening': '正在打开当前会话的客户档案…',
} as const;

export const recordViewEn: Record<keyof typeof recordViewZh, string> = {
  'record.notes.older': 'Show older notes',
  'record.notes.olderLoading': 'Reading older notes…',
  'record.opening': 'Opening the record of the buyer on screen…',
};
