import { afterEach, describe, expect, it } from 'vitest';
import { parseTemplate } from '../insert/template';
import type { KefuDatabase } from './database';
import { STARTER_GROUPS } from './records';
import { listReplies } from './replies';
import { seedStarterLibrary } from './seed';
import { STARTER_LIBRARY, StarterReply, starterRepliesFor } from './starter-library';
import { freshDb } from './testing';

const EN_GROUPS = ['Pre-sale', 'After-sale', 'Payment reminder', 'Shipping', 'Complaints', 'Holidays'];

/**
 * What platforms punish in chat and what the language norms forbid. Each
 * pattern lists the harmless words that contain it (最近 is "recently", 第一时间
 * "right away") so the check stays strict without false alarms.
 */
const FORBIDDEN: Array<{ what: string; pattern: RegExp; except?: RegExp }> = [
  { what: 'moving the buyer off-platform', pattern: /微信|VX|QQ|加V|薇信|扣扣|WhatsApp|WeChat|telegram/i },
  { what: 'a phone-number-like digit run', pattern: /\d{7,}/ },
  { what: 'paying for reviews', pattern: /好评返现|返现|cash ?back|free gift for (a )?review/i },
  { what: 'an absolute claim', pattern: /最|第一|100%|绝对|guarantee|\bbest\b|\bnumber one\b/i, except: /最近|第一时间/g },
  { what: 'blaming another department', pattern: /仓库的问题|快递的问题|不是我们的问题|not our fault|warehouse's fault/i },
];

let db: KefuDatabase | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

describe('starter library', () => {
  it('every entry is a valid reply draft', () => {
    for (const r of STARTER_LIBRARY) {
      const parsed = StarterReply.safeParse(r);
      expect(parsed.success, `${r.starterId}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
    }
  });

  it.each(['zh', 'en'] as const)('%s has at least 25 replies with unique codes, ids and valid groups', (lang) => {
    const list = starterRepliesFor(lang);
    expect(list.length).toBeGreaterThanOrEqual(25);
    expect(new Set(list.map((r) => r.code.toLowerCase())).size, 'shortcut codes must be unique per language').toBe(list.length);
    expect(list.every((r) => r.code.startsWith('/'))).toBe(true);
    const groups: readonly string[] = lang === 'zh' ? STARTER_GROUPS : EN_GROUPS;
    for (const r of list) expect(groups, `${r.starterId} has group ${r.group}`).toContain(r.group);
    expect(list.filter((r) => r.pinned).length).toBeGreaterThanOrEqual(3);
  });

  it('starter ids are unique and kebab-case', () => {
    const ids = STARTER_LIBRARY.map((r) => r.starterId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(zh|en)-[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('keeps the language norms in every wording', () => {
    const problems: string[] = [];
    for (const r of STARTER_LIBRARY) {
      for (const text of [r.title, r.body, ...r.variants]) {
        for (const rule of FORBIDDEN) {
          const checked = rule.except ? text.replace(rule.except, '') : text;
          if (rule.pattern.test(checked)) problems.push(`${r.starterId}: ${rule.what} in “${text}”`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses only known template variables and well-formed fill-in fields', () => {
    const problems: string[] = [];
    for (const r of STARTER_LIBRARY) {
      for (const text of [r.body, ...r.variants]) {
        const opens = text.split('{{').length - 1;
        const closes = text.split('}}').length - 1;
        if (opens !== closes) problems.push(`${r.starterId}: unbalanced braces`);
        for (const part of parseTemplate(text).parts) {
          if (part.kind !== 'fill') continue;
          if (!new RegExp(`\\{\\{(填写|ask)[:：]${part.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\}\\}`).test(text)) {
            problems.push(`${r.starterId}: {{${part.label}}} is neither a variable nor a 填写:/ask: field`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('the refund and greeting replies need nothing from the page (they are used before context is known)', () => {
    for (const id of ['zh-refund-steps', 'zh-greeting', 'en-refund-steps', 'en-greeting']) {
      const r = STARTER_LIBRARY.find((x) => x.starterId === id)!;
      expect(parseTemplate(r.body).parts.every((p) => p.kind === 'text'), id).toBe(true);
    }
    expect(STARTER_LIBRARY.find((x) => x.code === '/tk')?.title).toContain('退款');
  });

  it('seeds a language once into an empty database and never again', async () => {
    db = freshDb();
    const n = await seedStarterLibrary(db, 'zh', { author: '' });
    expect(n).toBe(starterRepliesFor('zh').length);
    const stored = await listReplies(db);
    expect(stored.map((r) => r.starterId).sort()).toEqual(starterRepliesFor('zh').map((r) => r.starterId).sort());
    expect(stored.every((r) => r.lang === 'zh')).toBe(true);
    expect(await seedStarterLibrary(db, 'zh', { author: '' })).toBe(0);
    expect(await db.replies.count()).toBe(n);
  });
});
