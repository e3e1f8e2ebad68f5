import type { PageContext } from '../adapters/types';
import { renderTemplate } from '../insert/template';
import type { Lang } from '../i18n/messages';
import type { Settings } from '../settings/settings';

/**
 * What the sidebar does between a click on a reply and the text in the chat
 * box: fill the variables from the page and settings, and say which values must
 * be asked for first. Pure, so it is tested without a browser.
 */
export interface MissingField {
  key: string;
  label: string;
  kind: 'context' | 'fill';
}

export type InsertPlan = { kind: 'ready'; text: string } | { kind: 'ask'; missing: MissingField[] };

export function contextValues(context: PageContext | undefined, settings: Pick<Settings, 'agentName' | 'shopName'>) {
  return {
    buyer: context?.buyerName ?? context?.buyerId,
    order: context?.orderId,
    shop: context?.shop ?? (settings.shopName || undefined),
    agent: settings.agentName || undefined,
  };
}

export function planInsertion(
  wording: string,
  context: PageContext | undefined,
  settings: Pick<Settings, 'agentName' | 'shopName'>,
  answers: Record<string, string>,
  opts: { now: Date; lang: Lang },
): InsertPlan {
  const result = renderTemplate(wording, contextValues(context, settings), answers, { now: opts.now, locale: opts.lang });
  if (result.ok) return { kind: 'ready', text: result.text };
  return { kind: 'ask', missing: result.missing };
}
