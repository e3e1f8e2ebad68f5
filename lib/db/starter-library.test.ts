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
  { what: 'a phone-number-like digit run', pattern: /(?:\d[\s-]?){7,}/ },
  { what: 'paying for reviews', pattern: /好评返现|返现|cash ?back|free gift for (a )?review/i },
  { what: 'an absolute claim', pattern: /最|第一|100%|绝对|guarantee|\bbest\b|\bnumber one\b/i, except: /最近|第一时间/g },
  { what: 'blaming another department', pattern: /仓库的问题|快递的问题|不是我们的问题|not our fault|warehouse's fault/i },
  { what: 'a command toward the buyer', pattern: /必须|务必|赶紧|快点|\byou must\b|\bhurry\b/i },
  { what: 'pressure to pay', pattern: /库存有限|即将售罄|手慢无|last chance|only \d+ left|selling fast/i },
  { what: '你 instead of the polite 您', pattern: /你/ },
];

/** Codes the supervisor's training material names: each must open the reply it is named for. */
const REQUIRED_CODES: Record<'zh' | 'en', Record<string, string>> = {
  zh: { '/hy': 'zh-greeting', '/cf': 'zh-payment-reminder', '/tk': 'zh-refund-steps', '/dz': 'zh-address-check', '/wl': 'zh-shipping-delay' },
  en: { '/hi': 'en-greeting', '/pay': 'en-payment-reminder', '/refund': 'en-refund-steps', '/addr': 'en-address-check', '/ship': 'en-shipping-time' },
};

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

  it.each(['zh', 'en'] as const)('%s has the named codes, 3–4 pinned replies, 1–3 tags and variants where they are sent often', (lang) => {
    const list = starterRepliesFor(lang);
    for (const [code, id] of Object.entries(REQUIRED_CODES[lang])) {
      expect(list.find((r) => r.code === code)?.starterId, `code ${code}`).toBe(id);
    }
    const pinned = list.filter((r) => r.pinned).map((r) => r.starterId).sort();
    expect(pinned).toEqual([`${lang}-address-check`, `${lang}-greeting`, `${lang}-payment-reminder`, `${lang}-refund-steps`]);
    for (const r of list) {
      expect(r.starterId.startsWith(`${lang}-`), r.starterId).toBe(true);
      expect(r.code, `${r.starterId} code`).toMatch(/^\/[a-z]+$/);
      expect(r.tags.length, `${r.starterId} tags`).toBeGreaterThanOrEqual(1);
      expect(r.tags.length, `${r.starterId} tags`).toBeLessThanOrEqual(3);
      expect(r.variants.length, `${r.starterId} variants`).toBeLessThanOrEqual(2);
      expect(new Set([r.body, ...r.variants]).size, `${r.starterId} repeats a wording`).toBe(1 + r.variants.length);
      expect(r.title.length, `${r.starterId} title is short`).toBeLessThanOrEqual(lang === 'zh' ? 12 : 40);
    }
    // The replies sent many times a day rotate wordings, so consoles do not flag repeats.
    for (const id of [...pinned, `${lang}-closing`, `${lang}-shipping-time`, `${lang}-tracking`, `${lang}-shipping-delay`]) {
      expect(list.find((r) => r.starterId === id)?.variants.length, `${id} has variants`).toBeGreaterThanOrEqual(1);
    }
  });

  it('the English set is written in English, the Chinese set in Chinese', () => {
    for (const r of starterRepliesFor('en')) {
      for (const text of [r.title, r.body, ...r.variants]) expect(/[\u4e00-\u9fff]/.test(text), `${r.starterId}: “${text}”`).toBe(false);
    }
    for (const r of starterRepliesFor('zh')) {
      for (const text of [r.title, r.body, ...r.variants]) expect(/[\u4e00-\u9fff]/.test(text), `${r.starterId}: “${text}”`).toBe(true);
    }
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

  it('keeps the wording the end-to-end tests rely on', () => {
    // tests/e2e/sidebar.test.ts types “亲，” then inserts /tk and expects /^亲，您好，退款/ ending in 谢谢您的耐心。
    const tk = STARTER_LIBRARY.find((x) => x.starterId === 'zh-refund-steps')!;
    expect(tk.body.startsWith('您好，退款')).toBe(true);
    expect(tk.body.endsWith('谢谢您的耐心。')).toBe(true);
    // tests/e2e/workflows.test.ts creates replies with these titles and picks them by text: no starter may share it.
    for (const r of STARTER_LIBRARY) {
      for (const text of [r.title, r.body, ...r.variants]) expect(/尺码确认|自我介绍/.test(text), r.starterId).toBe(false);
    }
  });

  it.each(['zh', 'en'] as const)('seeds %s once into an empty database and never again', async (lang) => {
    db = freshDb();
    const n = await seedStarterLibrary(db, lang, { author: '' });
    expect(n).toBe(starterRepliesFor(lang).length);
    const stored = await listReplies(db);
    expect(stored.map((r) => r.starterId).sort()).toEqual(starterRepliesFor(lang).map((r) => r.starterId).sort());
    expect(stored.every((r) => r.lang === lang)).toBe(true);
    for (const starter of starterRepliesFor(lang)) {
      const row = stored.find((r) => r.starterId === starter.starterId)!;
      expect({ title: row.title, body: row.body, code: row.code, group: row.group, pinned: row.pinned, variants: row.variants }, starter.starterId).toEqual({
        title: starter.title, body: starter.body, code: starter.code, group: starter.group, pinned: starter.pinned, variants: starter.variants,
      });
    }
    expect(await seedStarterLibrary(db, lang, { author: '' })).toBe(0);
    expect(await seedStarterLibrary(db, lang === 'zh' ? 'en' : 'zh', { author: '' })).toBe(0);
    expect(await db.replies.count()).toBe(n);
  });
});
