import { complianceErrorsEn, complianceErrorsZh } from '../compliance/messages';
import { ruleSetErrorsEn, ruleSetErrorsZh } from '../db/rule-sets';

/**
 * The compliance checks' texts (合规检查) in the sidebar: the warning shown
 * when a reply is saved or inserted, the risky-reply badge and the settings
 * section, spread into lib/i18n/messages.ts. The engine's and the
 * repository's error keys come as `compliance.error.<key>`: some of the
 * engine's keys (severity-invalid, name-required…) exist for complaint cases
 * with another meaning.
 */
type Prefixed<T> = { readonly [K in keyof T as `compliance.error.${K & string}`]: string };
function prefixed<T extends Record<string, string>>(table: T): Prefixed<T> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [`compliance.error.${k}`, v])) as Prefixed<T>;
}

const uiZh = {
  'compliance.block': '这段话违反平台规则：{words}。请修改，或询问主管。',
  'compliance.warn': '有风险的用词：{words}。请确认后再发送。',
  'compliance.hint': '语气建议：{words}',
  'compliance.saveBlocked': '这段话违反平台规则：{words}。请修改后再保存，或询问主管。',
  'compliance.insertBlocked': '没有插入：这段话违反平台规则：{words}。请修改话术，或询问主管。',
  'compliance.shortcutBlocked': '快捷编码 {code} 没有展开：这条话术违反平台规则：{words}。请修改话术，或询问主管。',
  'compliance.insertAnyway': '仍然插入',
  'compliance.insertSuggested': '插入建议的说法',
  'compliance.cancel': '取消',
  'compliance.close': '知道了',
  'compliance.apply': '改为“{suggestion}”',
  'compliance.badge.block': '违规',
  'compliance.badge.warn': '有风险',
  'compliance.badge.hint': '语气',
  'compliance.badgeTitle': '合规检查：{words}',
  'settings.compliance': '合规检查',
  'settings.compliance.hint': '保存和插入话术前，会按下面开启的规则检查用词。规则由主管在工作台维护。',
  'settings.compliance.rules': '{count} 条规则',
  'settings.compliance.empty': '还没有规则。',
  'settings.compliance.coverage': '覆盖范围',
};

export const complianceZh = { ...uiZh, ...prefixed(complianceErrorsZh), ...prefixed(ruleSetErrorsZh) };

export const complianceEn: Record<keyof typeof complianceZh, string> = {
  'compliance.block': 'This wording breaks platform rules: {words}. Change it or ask your supervisor.',
  'compliance.warn': 'Risky wording: {words}. Check it before it is sent.',
  'compliance.hint': 'Tone hint: {words}',
  'compliance.saveBlocked': 'This wording breaks platform rules: {words}. Change it before saving, or ask your supervisor.',
  'compliance.insertBlocked': 'Not inserted: this wording breaks platform rules: {words}. Change the reply or ask your supervisor.',
  'compliance.shortcutBlocked': 'Shortcut {code} was not expanded: the reply breaks platform rules: {words}. Change the reply or ask your supervisor.',
  'compliance.insertAnyway': 'Insert anyway',
  'compliance.insertSuggested': 'Insert the suggested wording',
  'compliance.cancel': 'Cancel',
  'compliance.close': 'OK',
  'compliance.apply': 'Use “{suggestion}”',
  'compliance.badge.block': 'Breaks rules',
  'compliance.badge.warn': 'Risky',
  'compliance.badge.hint': 'Tone',
  'compliance.badgeTitle': 'Compliance check: {words}',
  'settings.compliance': 'Compliance checks',
  'settings.compliance.hint': 'Replies are checked against the rule sets switched on below before they are saved or inserted. Your supervisor maintains the rules in the workbench.',
  'settings.compliance.rules': '{count} rules',
  'settings.compliance.empty': 'No rules yet.',
  'settings.compliance.coverage': 'What it covers',
  ...prefixed(complianceErrorsEn),
  ...prefixed(ruleSetErrorsEn),
};
