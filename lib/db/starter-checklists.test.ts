import { afterEach, describe, expect, it } from 'vitest';
import { openCase, setCaseStatus, setStepDone, setStepField } from './cases';
import { listTemplates } from './checklist-templates';
import { ComplaintType, TemplateDraft } from './complaint-records';
import { customerForContext } from './customers';
import type { KefuDatabase } from './database';
import { deleteReply, listReplies } from './replies';
import { seedStarterLibrary, seedStarters } from './seed';
import { seedStarterChecklists, STARTER_CHECKLISTS, StarterChecklist, starterTemplateDraft } from './starter-checklists';
import { STARTER_LIBRARY } from './starter-library';
import { freshDb } from './testing';

const LANGS = ['zh', 'en'] as const;
/** The closed loop of DOMAIN.md, by step id, in order. */
const LOOP = ['record', 'calm', 'investigate', 'propose', 'confirm', 'close'];
const ZH_NAMES: Record<ComplaintType, RegExp> = {
  general: /^一般投诉$/,
  logistics: /^物流问题/,
  quality: /^质量问题$/,
  refund: /^退款纠纷$/,
  'bad-review': /^差评挽回$/,
};

let db: KefuDatabase | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

describe('starter checklists', () => {
  it.each(LANGS)('%s: five valid templates, one per kind of complaint, with unique stable ids', (lang) => {
    const list = STARTER_CHECKLISTS[lang];
    expect(list).toHaveLength(5);
    expect(list.map((c) => c.type).sort()).toEqual([...ComplaintType.options].sort());
    for (const c of list) {
      const parsed = StarterChecklist.safeParse(c);
      expect(parsed.success, `${c.starterId}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
      const draft = TemplateDraft.safeParse(starterTemplateDraft(c, new Map()));
      expect(draft.success, `${c.starterId} as a template: ${draft.success ? '' : draft.error.message}`).toBe(true);
      expect(c.lang).toBe(lang);
      expect(c.starterId.startsWith(`${lang}-`), c.starterId).toBe(true);
      if (lang === 'zh') expect(c.name).toMatch(ZH_NAMES[c.type]);
    }
    expect(new Set(list.map((c) => c.starterId)).size).toBe(5);
  });

  it.each(LANGS)('%s: every template follows the six-step loop with guidance, time limits and the fields a supervisor reviews', (lang) => {
    for (const c of STARTER_CHECKLISTS[lang]) {
      const ids = c.steps.map((s) => s.id);
      expect(ids.filter((id) => LOOP.includes(id)), `${c.starterId} steps`).toEqual(LOOP);
      expect(new Set(ids).size, `${c.starterId} step ids are unique`).toBe(ids.length);
      for (const s of c.steps) {
        expect(s.guidance.length, `${c.starterId}/${s.id} needs guidance`).toBeGreaterThan(20);
        expect(s.timeLimitMinutes, `${c.starterId}/${s.id} needs a time limit`).toBeDefined();
      }
      const loopLimits = LOOP.map((id) => c.steps.find((s) => s.id === id)!.timeLimitMinutes!);
      expect([...loopLimits].sort((a, b) => a - b), `${c.starterId}: later steps of the loop are due later`).toEqual(loopLimits);
      expect(c.steps.filter((s) => LOOP.includes(s.id)).every((s) => s.required), `${c.starterId}: the loop's steps are required`).toBe(true);

      const required = c.steps.filter((s) => s.required).flatMap((s) => s.fields.filter((f) => f.required).map((f) => f.key));
      expect(required, `${c.starterId} asks for a solution and the root cause`).toEqual(expect.arrayContaining(['solution', 'root-cause']));
      const all = c.steps.flatMap((s) => s.fields.map((f) => f.key));
      expect(all.some((k) => k === 'cause' || k === 'responsibility'), `${c.starterId} records a cause or responsibility`).toBe(true);
      expect(c.steps.flatMap((s) => s.fields).some((f) => f.kind === 'money'), `${c.starterId} has an amount`).toBe(true);
    }
  });

  it('the two languages have the same steps and fields, so stats compare across teams', () => {
    const shape = (c: StarterChecklist) => ({
      type: c.type,
      steps: c.steps.map((s) => ({ id: s.id, required: s.required, limit: s.timeLimitMinutes, fields: s.fields.map((f) => [f.key, f.kind, f.required, f.options?.length]) })),
    });
    expect(STARTER_CHECKLISTS.en.map(shape)).toEqual(STARTER_CHECKLISTS.zh.map(shape));
  });

  it('every linked reply exists in the starter library, in the same language', () => {
    const replies = new Map(STARTER_LIBRARY.map((r) => [r.starterId, r]));
    let links = 0;
    for (const lang of LANGS) {
      for (const c of STARTER_CHECKLISTS[lang]) {
        for (const s of c.steps) {
          if (s.reply === undefined) continue;
          links++;
          const reply = replies.get(s.reply);
          expect(reply, `${c.starterId}/${s.id} links to ${s.reply}, which starter-library.ts does not have`).toBeDefined();
          expect(reply?.lang, `${c.starterId}/${s.id} links to a reply in another language`).toBe(lang);
        }
      }
    }
    expect(links).toBeGreaterThanOrEqual(40);
  });

  it('guidance keeps the language norms: 您 not 你, no absolute claims, nothing for reviews', () => {
    for (const c of STARTER_CHECKLISTS.zh) {
      for (const s of c.steps) expect(`${s.title}${s.guidance}`, `${c.starterId}/${s.id}`).not.toMatch(/你|最好|第一|100%|绝对|返现/);
    }
    for (const c of STARTER_CHECKLISTS.en) {
      for (const s of c.steps) expect(s.guidance, `${c.starterId}/${s.id}`).not.toMatch(/\bguarantee|\bbest\b|cash ?back/i);
    }
  });
});

describe('seedStarterChecklists', () => {
  it.each(LANGS)('%s: seeds the templates after the replies, linking each step to the stored reply', async (lang) => {
    db = freshDb();
    await seedStarterLibrary(db, lang, { author: '' });
    const replies = new Map((await listReplies(db)).map((r) => [r.id, r]));
    expect(await seedStarterChecklists(db, lang, { author: '' })).toBe(5);

    const templates = await listTemplates(db);
    expect(templates.map((t) => t.starterId)).toEqual(STARTER_CHECKLISTS[lang].map((c) => c.starterId));
    for (const t of templates) {
      const starter = STARTER_CHECKLISTS[lang].find((c) => c.starterId === t.starterId)!;
      expect(t.lang).toBe(lang);
      for (const [i, s] of t.steps.entries()) {
        const want = starter.steps[i]!.reply;
        expect(want === undefined ? undefined : replies.get(s.replyId ?? '')?.starterId, `${t.name}/${s.id}`).toBe(want);
      }
    }
    // Idempotent, in either language.
    expect(await seedStarterChecklists(db, lang, { author: '' })).toBe(0);
    expect(await seedStarterChecklists(db, lang === 'zh' ? 'en' : 'zh', { author: '' })).toBe(0);
    expect(await db.checklistTemplates.count()).toBe(5);
  });

  it('leaves a step without a reply when that reply is not in the library', async () => {
    db = freshDb();
    await seedStarterLibrary(db, 'zh', { author: '' });
    const apology = (await listReplies(db)).find((r) => r.starterId === 'zh-complaint-apology')!;
    await deleteReply(db, apology.id, { author: '' });
    await seedStarterChecklists(db, 'zh', { author: '' });
    const general = (await listTemplates(db)).find((t) => t.starterId === 'zh-general')!;
    expect(general.steps.find((s) => s.id === 'calm')).not.toHaveProperty('replyId');
    expect(general.steps.find((s) => s.id === 'investigate')?.replyId).toBeDefined();
  });

  it('does not bring back templates a team deleted or replaced', async () => {
    db = freshDb();
    expect(await seedStarters(db, 'en', { author: '' })).toEqual({ replies: STARTER_LIBRARY.filter((r) => r.lang === 'en').length, checklists: 5 });
    await db.checklistTemplates.toCollection().modify({ deletedAt: 1 });
    expect(await seedStarters(db, 'en', { author: '' })).toEqual({ replies: 0, checklists: 0 });
    expect(await listTemplates(db)).toEqual([]);
  });

  it('a seeded template carries a complaint through to closing', async () => {
    db = freshDb();
    await seedStarters(db, 'zh', { author: '小王' });
    const refund = (await listTemplates(db)).find((t) => t.type === 'refund')!;
    const customer = await customerForContext(db, { platform: 'taobao', buyerName: 'tb_小美' }, { author: '小王' });
    const c = await openCase(db, customer.id, { templateId: refund.id, summary: '退货已签收三天未退款' }, { author: '小王' });
    const who = { author: '小王' };
    for (const s of c.steps) {
      for (const f of s.fields) if (f.required) await setStepField(db, c.id, s.id, f.key, f.kind === 'choice' ? f.options![0]! : f.kind === 'money' ? '0' : '已记录', who);
      if (s.required) await setStepDone(db, c.id, s.id, true, who);
    }
    expect((await setCaseStatus(db, c.id, 'closed', who)).status).toBe('closed');
  });
});
