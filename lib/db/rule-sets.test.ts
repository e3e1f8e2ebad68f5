import { afterEach, describe, expect, it } from 'vitest';
import { compileRules } from '../compliance/matcher';
import { RULES_FORMAT, RULES_FORMAT_VERSION } from '../compliance/rules';
import type { KefuDatabase } from './database';
import {
  addRulePattern,
  breaksRules,
  engineRuleSets,
  exportRuleSetsFile,
  importRuleSetsFile,
  listRuleSets,
  removeRulePattern,
  seedStarterRuleSets,
  setRuleSetEnabled,
} from './rule-sets';
import { seedStarters } from './seed';
import { expectAppError, freshDb } from './testing';

let db: KefuDatabase;
afterEach(async () => {
  await db?.delete();
});

const who = { author: '主管小张', now: 1767800000000 };

async function seeded(): Promise<{ zh: string; en: string }> {
  db = freshDb();
  await seedStarterRuleSets(db, who);
  const [zh, en] = await listRuleSets(db);
  return { zh: zh!.id, en: en!.id };
}

const check = async (text: string, platform?: string) =>
  compileRules(engineRuleSets(await listRuleSets(db))).check(text, platform ? { platform } : {});

describe('seeding the built-in rule sets', () => {
  it('adds both languages once, with sync fields, and never re-adds a deleted one', async () => {
    db = freshDb();
    expect(await seedStarterRuleSets(db, who)).toBe(2);
    expect(await seedStarterRuleSets(db, who)).toBe(0);
    const rows = await listRuleSets(db);
    expect(rows.map((r) => [r.starterId, r.lang, r.enabled, r.author])).toEqual([
      ['starter-zh', 'zh', true, '主管小张'],
      ['starter-en', 'en', true, '主管小张'],
    ]);
    expect(rows[0]!.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(rows[0]!.createdAt).toBe(who.now);
    // A deleted built-in set stays deleted.
    await db.ruleSets.update(rows[1]!.id, { deletedAt: who.now + 5 });
    expect(await seedStarterRuleSets(db, who)).toBe(0);
    expect((await listRuleSets(db)).map((r) => r.starterId)).toEqual(['starter-zh']);
  });

  it('is part of a new install (seedStarters)', async () => {
    db = freshDb();
    await seedStarters(db, 'en', { author: '' });
    expect((await listRuleSets(db)).map((r) => r.starterId)).toEqual(['starter-zh', 'starter-en']);
    await seedStarters(db, 'en', { author: '' });
    expect(await db.ruleSets.count()).toBe(2);
  });
});

describe('switching and editing', () => {
  it('a disabled set stops matching and its switch is stored', async () => {
    const { zh } = await seeded();
    expect((await check('加我微信吧')).map((m) => m.ruleId)).toContain('zh-wechat');
    const off = await setRuleSetEnabled(db, zh, false, { author: 'a', now: who.now + 10 });
    expect(off.enabled).toBe(false);
    expect(off.ruleSet.enabled).toBe(false);
    expect(off.updatedAt).toBe(who.now + 10);
    expect(off.author).toBe('a');
    expect((await check('加我微信吧')).map((m) => m.ruleId)).not.toContain('zh-wechat');
    await setRuleSetEnabled(db, zh, true, who);
    expect((await check('加我微信吧')).map((m) => m.ruleId)).toContain('zh-wechat');
  });

  it('adds and removes a word, a regex and an exception', async () => {
    const { zh } = await seeded();
    expect((await check('送你一张优惠口令')).length).toBe(0);
    await addRulePattern(db, zh, 'zh-off-platform-deal', 'word', ' 优惠口令 ', who);
    expect((await check('送你一张优惠口令')).map((m) => m.words)).toEqual([['优惠口令']]);
    await addRulePattern(db, zh, 'zh-off-platform-deal', 'exception', '一张优惠口令', who);
    expect(await check('送你一张优惠口令')).toEqual([]);
    await removeRulePattern(db, zh, 'zh-off-platform-deal', 'exception', '一张优惠口令', who);
    await removeRulePattern(db, zh, 'zh-off-platform-deal', 'word', '优惠口令', who);
    expect(await check('送你一张优惠口令')).toEqual([]);

    await addRulePattern(db, zh, 'zh-off-platform-deal', 'regex', String.raw`暗号\d{3}`, who);
    expect((await check('暗号123 拍下')).map((m) => m.text)).toEqual(['暗号123']);
  });

  it('rejects a bad word or regex, an unknown rule or set, and a duplicate, changing nothing', async () => {
    const { zh } = await seeded();
    const before = await db.ruleSets.get(zh);
    await expectAppError(addRulePattern(db, zh, 'zh-wechat', 'regex', '(', who), 'validation');
    await expectAppError(addRulePattern(db, zh, 'zh-wechat', 'regex', 'a*', who), 'validation');
    await expectAppError(addRulePattern(db, zh, 'zh-wechat', 'word', ' v ', who), 'validation');
    await expectAppError(addRulePattern(db, zh, 'zh-wechat', 'word', '微信', who), 'validation', 'word', 'pattern-exists');
    await expectAppError(addRulePattern(db, zh, 'no-such-rule', 'word', '某词', who), 'not-found', 'form', 'rule-not-found');
    await expectAppError(addRulePattern(db, 'nope', 'zh-wechat', 'word', '某词', who), 'not-found', 'form', 'rule-set-not-found');
    await expectAppError(removeRulePattern(db, zh, 'zh-wechat', 'word', '没有这个', who), 'not-found', 'word', 'pattern-not-found');
    expect(await db.ruleSets.get(zh)).toEqual(before);
  });
});

describe('breaksRules (shortcut-code expansion)', () => {
  it('is true only for a block match of an enabled set', async () => {
    const { zh } = await seeded();
    expect(await breaksRules(db, '亲，加我微信发你图', 'feige')).toBe(true);
    expect(await breaksRules(db, '亲，这是全网最低价', 'feige')).toBe(false); // warn: the agent decides
    expect(await breaksRules(db, '亲，已为您登记，请稍等', 'feige')).toBe(false);
    await setRuleSetEnabled(db, zh, false, who);
    expect(await breaksRules(db, '亲，加我微信发你图', 'feige')).toBe(false);
  });
});

describe('import and export', () => {
  it('round-trips through the versioned file: same ids replace, new ids are added', async () => {
    const { zh } = await seeded();
    await addRulePattern(db, zh, 'zh-off-platform-deal', 'word', '优惠口令', who);
    await setRuleSetEnabled(db, zh, false, who);
    const text = await exportRuleSetsFile(db, new Date(who.now));
    const file = JSON.parse(text) as { format: string; version: number; ruleSets: { id: string; enabled: boolean }[] };
    expect([file.format, file.version]).toEqual([RULES_FORMAT, RULES_FORMAT_VERSION]);
    expect(file.ruleSets.map((s) => [s.id, s.enabled])).toEqual([['starter-zh', false], ['starter-en', true]]);

    const other = db;
    db = freshDb();
    expect(await importRuleSetsFile(db, text, who)).toEqual({ added: 2, replaced: 0 });
    expect((await listRuleSets(db)).map((r) => [r.ruleSet.id, r.enabled, r.starterId])).toEqual([
      ['starter-zh', false, undefined],
      ['starter-en', true, undefined],
    ]);
    expect(await importRuleSetsFile(db, text, who)).toEqual({ added: 0, replaced: 2 });
    expect(await db.ruleSets.count()).toBe(2);
    await other.delete();
  });

  it('rejects a bad file with a clear message and writes nothing', async () => {
    await seeded();
    const before = await db.ruleSets.toArray();
    const good = JSON.parse(await exportRuleSetsFile(db)) as { ruleSets: { rules: { patterns: { regexes: string[] } }[] }[] };
    good.ruleSets[1]!.rules[0]!.patterns.regexes.push('(');
    const err = await expectAppError(importRuleSetsFile(db, JSON.stringify(good), who), 'validation');
    expect(err.message).toMatch(/ruleSets\.1\.rules\.0\.patterns\.regexes/);
    await expectAppError(importRuleSetsFile(db, 'not json', who), 'validation', 'file', 'export-not-json');
    await expectAppError(importRuleSetsFile(db, '{"format":"other"}', who), 'validation', 'file', 'export-wrong-format');
    await expectAppError(importRuleSetsFile(db, JSON.stringify({ format: RULES_FORMAT, version: 99 }), who), 'validation', 'file', 'export-newer-version');
    expect(await db.ruleSets.toArray()).toEqual(before);
  });
});
