/**
 * Texts the content script shows by the console's chat box: the note when a
 * shortcut code was not expanded because a compliance rule blocked its reply,
 * and the live draft check's marker. Fixed wording only: no customer data and
 * no reply or draft text ever goes into the page. The content script imports
 * this small table directly (not messages.ts, which would bloat it); it is
 * also spread into lib/i18n/messages.ts for the sidebar's settings.
 */
export const draftCheckZh = {
  'draftCheck.blockedNote': '这条快捷回复违反合规规则，没有展开。点此打开侧边栏查看原因',
  'draftCheck.marker.block': '草稿含违规用词',
  'draftCheck.marker.warn': '草稿含风险用词',
  'draftCheck.marker.hint': '草稿语气可改进',
  'draftCheck.markerTitle': '合规检查（只在本机检查，不会发送草稿）。打开侧边栏可编辑规则设置。',
  'settings.draftCheck': '实时检查我在聊天框里输入的草稿',
  'settings.draftCheck.hint': '在聊天框旁显示一个小标记，不改动聊天框里的文字，草稿不会发送到任何地方。',
} as const;

export const draftCheckEn: Record<keyof typeof draftCheckZh, string> = {
  'draftCheck.blockedNote': 'This shortcut reply breaks a compliance rule and was not expanded. Click to open the sidebar and see why',
  'draftCheck.marker.block': 'Draft breaks rules',
  'draftCheck.marker.warn': 'Risky wording in draft',
  'draftCheck.marker.hint': 'Tone hint for draft',
  'draftCheck.markerTitle': 'Compliance check (done on this computer; the draft is never sent anywhere). Open the sidebar for the rule settings.',
  'settings.draftCheck': 'Check my draft live in the chat box',
  'settings.draftCheck.hint': 'Shows a small marker by the chat box. The chat box text is never changed and the draft is never sent anywhere.',
};
