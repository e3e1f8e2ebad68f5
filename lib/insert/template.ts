/**
 * Reply templates: `{{buyer}}`, `{{order}}`, `{{shop}}`, `{{agent}}`, `{{today}}`
 * (Chinese aliases `{{买家}}`, `{{订单号}}`, `{{店铺}}`, `{{客服}}`, `{{日期}}`),
 * and fill-in fields `{{填写:尺码}}` / `{{ask:size}}` asked for before insertion.
 * Whatever is unknown is reported as missing so the UI can ask: a rendered
 * reply never contains raw braces. `\{{` writes literal braces.
 */
export type ContextKey = 'buyer' | 'order' | 'shop' | 'agent' | 'today';

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'context'; key: ContextKey }
  | { kind: 'fill'; key: string; label: string };

export interface MissingValue {
  key: string;
  label: string;
  kind: 'context' | 'fill';
}

export type RenderResult = { ok: true; text: string } | { ok: false; missing: MissingValue[] };

const ALIASES: Record<string, ContextKey> = {
  buyer: 'buyer',
  order: 'order',
  shop: 'shop',
  agent: 'agent',
  today: 'today',
  date: 'today',
  买家: 'buyer',
  买家昵称: 'buyer',
  订单号: 'order',
  订单: 'order',
  店铺: 'shop',
  店铺名: 'shop',
  客服: 'agent',
  日期: 'today',
  今天: 'today',
};

const FILL_PREFIX = /^(填写|ask)\s*[:：]\s*/i;
/**
 * `\{{` (an escape), or a variable. A supervisor's typo in the closing braces
 * (`{{buyer}`, or `{{buyer` up to the end of the line) still counts as a
 * variable, so broken braces are resolved or asked for, never sent to a buyer.
 */
const TOKEN = /\\\{\{|\{\{([^{}]*)\}\}|\{\{([^{}\n]*)\}?/g;

export function parseTemplate(body: string): { parts: TemplatePart[]; fields: Array<{ key: string; label: string }> } {
  const parts: TemplatePart[] = [];
  const fields = new Map<string, string>();
  let last = 0;
  const pushText = (text: string) => {
    if (!text) return;
    const prev = parts.at(-1);
    if (prev?.kind === 'text') prev.text += text;
    else parts.push({ kind: 'text', text });
  };
  for (const m of body.matchAll(TOKEN)) {
    pushText(body.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0] === '\\{{') {
      pushText('{{');
      continue;
    }
    const inner = (m[1] ?? m[2] ?? '').trim();
    const alias = ALIASES[inner.toLowerCase()] ?? ALIASES[inner];
    if (alias) {
      parts.push({ kind: 'context', key: alias });
    } else {
      // A fill-in field, or an unknown name (a typo): both are asked for, with
      // the text after the prefix (or the name itself) as the label.
      // An empty `{{}}` gets a visible label so the form can show what to fix.
      const label = inner.replace(FILL_PREFIX, '').trim() || inner || '{{}}';
      const key = `fill:${label}`;
      fields.set(key, label);
      parts.push({ kind: 'fill', key, label });
    }
  }
  pushText(body.slice(last));
  return { parts, fields: [...fields].map(([key, label]) => ({ key, label })) };
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** Spelled out rather than via Intl: the same text in every browser build and test runner (local time). */
export function formatToday(now: Date, locale: 'zh' | 'en'): string {
  if (locale === 'zh') return `${now.getFullYear()}年${now.getMonth() + 1}月${now.getDate()}日`;
  return `${MONTHS[now.getMonth()]} ${now.getDate()}, ${now.getFullYear()}`;
}

export interface ContextValues {
  buyer?: string;
  order?: string;
  shop?: string;
  agent?: string;
}

/**
 * Renders `body`. `answers` holds what the agent typed in the fill-in form,
 * keyed by MissingValue.key (context keys answer context values too).
 */
export function renderTemplate(
  body: string,
  values: ContextValues,
  answers: Record<string, string>,
  opts: { now: Date; locale: 'zh' | 'en' },
): RenderResult {
  const { parts } = parseTemplate(body);
  const missing = new Map<string, MissingValue>();
  let text = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      text += part.text;
    } else if (part.kind === 'context') {
      const value = part.key === 'today' ? formatToday(opts.now, opts.locale) : (answers[part.key] ?? values[part.key]);
      if (value?.trim()) text += value.trim();
      else missing.set(part.key, { key: part.key, label: part.key, kind: 'context' });
    } else {
      const value = answers[part.key];
      if (value?.trim()) text += value.trim();
      else missing.set(part.key, { key: part.key, label: part.label, kind: 'fill' });
    }
  }
  return missing.size ? { ok: false, missing: [...missing.values()] } : { ok: true, text };
}
