import { afterEach, describe, expect, it } from 'vitest';
import { compileRules } from '../compliance/matcher';
import { RULES_FORMAT, RULES_FORMAT_VERSION } from '../compliance/rules';
import type { KefuDatabase } from './database';
import { ruleSetsFromCsv, ruleSetsToCsv } from '../compliance/rules-csv';
import {
  addRulePattern,
  breaksRules,
  createRuleSet,
  deleteRule,
  deleteRuleSet,
  importRuleSets,
  previewRuleSetsImport,
  saveRule,
  updateRuleSetHeader,
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

const shopRule = {
  id: 'shop-free-gift',
  name: { zh: '赠品承诺', en: 'Gift promises' },
  category: 'other' as const,
  severity: 'block' as const,
  explanation: { zh: '赠品以活动页为准，不能口头承诺。', en: 'Gifts follow the promotion page: never promise them in chat.' },
  patterns: { words: ['送赠品'], regexes: [] },
  exceptions: ['不送赠品'],
};

describe('the supervisor’s own sets (workbench #/rules)', () => {
  it('creates a set, adds, edits (renaming the id) and deletes rules; a deleted set is a tombstone', async () => {
    await seeded();
    const set = await createRuleSet(db, { name: { zh: '本店规则', en: 'Shop rules' }, platforms: ['feige'] }, who);
    expect([set.ruleSet.id, set.ruleSet.rules.length, set.ruleSet.platforms, set.author, set.createdAt]).toEqual(['set-3', 0, ['feige'], '主管小张', who.now]);
    expect((await listRuleSets(db)).map((r) => r.ruleSet.id)).toEqual(['starter-zh', 'starter-en', 'set-3']);

    await saveRule(db, set.id, shopRule, { ...who, now: who.now + 1 });
    expect((await check('下单就送赠品', 'feige')).map((m) => [m.ruleId, m.severity])).toEqual([['shop-free-gift', 'block']]);
    expect(await check('下单就送赠品', 'pinduoduo')).toEqual([]); // the set is for 飞鸽 only
    expect(await check('这次不送赠品', 'feige')).toEqual([]);
    expect(await breaksRules(db, '下单就送赠品', 'feige')).toBe(true);

    const edited = await saveRule(db, set.id, { ...shopRule, id: 'shop-gift', severity: 'warn' }, { ...who, now: who.now + 2, previousId: 'shop-free-gift' });
    expect(edited.ruleSet.rules.map((r) => [r.id, r.severity])).toEqual([['shop-gift', 'warn']]);
    expect(edited.updatedAt).toBe(who.now + 2);

    const header = await updateRuleSetHeader(db, set.id, { name: { zh: '本店', en: 'Shop' }, coverage: { zh: '只有赠品', en: 'Gifts only' }, platforms: [] }, who);
    expect([header.ruleSet.name.zh, header.ruleSet.coverage?.en, header.ruleSet.platforms, header.ruleSet.rules.length]).toEqual(['本店', 'Gifts only', undefined, 1]);
    expect((await check('下单就送赠品', 'pinduoduo')).map((m) => m.ruleId)).toEqual(['shop-gift']);

    await deleteRule(db, set.id, 'shop-gift', who);
    expect(await check('下单就送赠品')).toEqual([]);
    await deleteRuleSet(db, set.id, who);
    expect((await listRuleSets(db)).map((r) => r.ruleSet.id)).toEqual(['starter-zh', 'starter-en']);
    expect((await db.ruleSets.get(set.id))?.deletedAt).toBeGreaterThan(0);
    await expectAppError(deleteRuleSet(db, set.id, who), 'not-found', 'form', 'rule-set-not-found');
  });

  it('refuses a bad rule with the field to fix, and a duplicate id, storing nothing', async () => {
    await seeded();
    const set = await createRuleSet(db, { name: { zh: '本店规则', en: 'Shop rules' } }, who);
    await saveRule(db, set.id, shopRule, who);
    const before = await db.ruleSets.get(set.id);
    await expectAppError(saveRule(db, set.id, { ...shopRule, id: 'r2', patterns: { words: [], regexes: ['(送'] } }, who), 'validation', 'patterns.regexes.0', 'regex-invalid');
    await expectAppError(saveRule(db, set.id, { ...shopRule, id: 'r2', patterns: { words: ['  '], regexes: [] } }, who), 'validation', 'patterns.words.0', 'word-empty');
    await expectAppError(saveRule(db, set.id, { ...shopRule, id: 'r2', patterns: { words: [], regexes: [] } }, who), 'validation', 'patterns.words', 'patterns-required');
    await expectAppError(saveRule(db, set.id, { ...shopRule, id: 'r2', explanation: { zh: '', en: 'x' } }, who), 'validation', 'explanation.zh', 'explanation-required');
    await expectAppError(saveRule(db, set.id, { ...shopRule, id: 'r2' }, { ...who, previousId: 'gone' }), 'not-found', 'form', 'rule-not-found');
    await expectAppError(saveRule(db, set.id, { ...shopRule, id: 'r2' }, who).then(() => saveRule(db, set.id, { ...shopRule, id: 'r2' }, { ...who, previousId: 'shop-free-gift' })), 'validation', 'id', 'duplicate-rule-id');
    await deleteRule(db, set.id, 'r2', who);
    expect((await db.ruleSets.get(set.id))?.ruleSet).toEqual(before?.ruleSet);
    await expectAppError(createRuleSet(db, { name: { zh: '', en: 'x' } }, who), 'validation');
    expect(await db.ruleSets.count()).toBe(3);
  });

  it('previews an import (added, replaced, rules dropped) before writing it all at once, from CSV too', async () => {
    const { zh } = await seeded();
    const set = await createRuleSet(db, { name: { zh: '本店规则', en: 'Shop rules' } }, who);
    await saveRule(db, set.id, shopRule, who);
    const sets = ruleSetsFromCsv(ruleSetsToCsv(engineRuleSets(await listRuleSets(db))));
    const zhSet = sets.find((s) => s.id === 'starter-zh')!;
    const trimmed = { ...zhSet, rules: zhSet.rules.slice(1) };
    const fresh = { id: 'team', name: { zh: '团队', en: 'Team' }, enabled: true, rules: [{ ...shopRule, enabled: true }] };
    const preview = await previewRuleSetsImport(db, [trimmed, fresh]);
    expect(preview).toEqual([
      { ruleSetId: 'starter-zh', name: zhSet.name, rules: zhSet.rules.length - 1, action: 'replace', rulesRemoved: 1 },
      { ruleSetId: 'team', name: { zh: '团队', en: 'Team' }, rules: 1, action: 'add', rulesRemoved: 0 },
    ]);
    // Previewing wrote nothing.
    expect(await db.ruleSets.count()).toBe(3);
    expect(await importRuleSets(db, [trimmed, fresh], { ...who, now: who.now + 5 })).toEqual({ added: 1, replaced: 1 });
    expect((await db.ruleSets.get(zh))?.ruleSet.rules.length).toBe(zhSet.rules.length - 1);
    expect((await listRuleSets(db)).map((r) => r.ruleSet.id)).toEqual(['starter-zh', 'starter-en', 'set-3', 'team']);
  });
});
