import type { KefuDatabase } from './database';
import { newId } from './ids';
import { ChecklistTemplate, TemplateDraft, type TemplateStep } from './complaint-records';
import { nextUpdatedAt, type WriteOptions } from './customers';
import { invalid, notFound, parseOrThrow } from './validation';

/**
 * Repository for checklist templates (投诉处理模板): the only write path to
 * `db.checklistTemplates`. A template is what the supervisor edits; a case
 * copies its steps when it is opened, so nothing here ever touches a case.
 * Deletes are soft (a tombstone that sync carries and `restoreTemplate` undoes).
 */

/** Longest template name (ChecklistTemplate.name). */
const NAME_MAX = 60;

/**
 * Validates a draft and cleans it: options only on choice fields, without
 * repeats. Step ids and field keys must be unique, because events and exports
 * name steps and fields by them.
 */
function parseDraft(input: unknown): TemplateDraft {
  const draft = parseOrThrow(TemplateDraft, input, 'The checklist template');
  const stepIds = new Set<string>();
  const steps: TemplateStep[] = draft.steps.map((step) => {
    if (stepIds.has(step.id)) throw invalid('steps', 'step-ids-duplicate');
    stepIds.add(step.id);
    const keys = new Set<string>();
    const fields = step.fields.map((field) => {
      if (keys.has(field.key)) throw invalid('steps', 'field-keys-duplicate');
      keys.add(field.key);
      const { options, ...rest } = field;
      if (field.kind !== 'choice') return rest;
      const unique = [...new Set(options ?? [])];
      if (unique.length === 0) throw invalid('steps', 'field-options-required');
      return { ...rest, options: unique };
    });
    const { replyId, ...rest } = step;
    return { ...rest, ...(replyId === undefined ? {} : { replyId }), fields };
  });
  return { ...draft, steps };
}

/** Validates and stores a template. */
async function saveTemplate(db: KefuDatabase, template: ChecklistTemplate): Promise<ChecklistTemplate> {
  const valid = parseOrThrow(ChecklistTemplate, template, 'The checklist template');
  await db.checklistTemplates.put(valid);
  return valid;
}

async function getStoredTemplate(db: KefuDatabase, id: string): Promise<ChecklistTemplate> {
  const row = await db.checklistTemplates.get(id);
  if (row === undefined) throw notFound('Checklist template', id, 'template-not-found');
  return row;
}

/** The live template with this id. */
export async function getTemplate(db: KefuDatabase, id: string): Promise<ChecklistTemplate> {
  const template = await getStoredTemplate(db, id);
  if (template.deletedAt !== undefined) throw notFound('Checklist template', id, 'template-not-found');
  return template;
}

export function compareTemplates(a: ChecklistTemplate, b: ChecklistTemplate): number {
  return a.sortKey - b.sortKey || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Live templates in the order of the "new complaint" picker. The table holds a few dozen rows: read whole. */
export async function listTemplates(db: KefuDatabase): Promise<ChecklistTemplate[]> {
  const rows = await db.checklistTemplates.toArray();
  return rows.filter((t) => t.deletedAt === undefined).sort(compareTemplates);
}

/** Below every template, deleted ones included (a restore must not land on another's key). */
async function nextSortKey(db: KefuDatabase): Promise<number> {
  let max = 0;
  await db.checklistTemplates.each((t) => {
    if (t.sortKey > max) max = t.sortKey;
  });
  return Math.floor(max) + 1;
}

/** Adds a template at the end of the picker. `extra` is for the starter set. */
export async function createTemplate(
  db: KefuDatabase,
  draft: unknown,
  opts: WriteOptions & { extra?: Partial<Pick<ChecklistTemplate, 'lang' | 'starterId'>> },
): Promise<ChecklistTemplate> {
  const input = parseDraft(draft);
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.checklistTemplates, async () =>
    saveTemplate(db, {
      ...input,
      ...opts.extra,
      id: newId(),
      sortKey: await nextSortKey(db),
      createdAt: now,
      updatedAt: now,
      author: opts.author,
    }),
  );
}

/** Replaces a template's name, type and steps. Cases already opened from it keep their copy. */
export async function updateTemplate(db: KefuDatabase, id: string, draft: unknown, opts: WriteOptions): Promise<ChecklistTemplate> {
  const input = parseDraft(draft);
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.checklistTemplates, async () => {
    const current = await getTemplate(db, id);
    return saveTemplate(db, { ...current, ...input, updatedAt: nextUpdatedAt(now, current), author: opts.author });
  });
}

/** Soft delete: the template leaves the picker; open cases made from it are unaffected. */
export async function deleteTemplate(db: KefuDatabase, id: string, opts: WriteOptions): Promise<void> {
  const now = opts.now ?? Date.now();
  await db.transaction('rw', db.checklistTemplates, async () => {
    const current = await getTemplate(db, id);
    const at = nextUpdatedAt(now, current);
    await saveTemplate(db, { ...current, deletedAt: at, updatedAt: at, author: opts.author });
  });
}

/** Undo of a delete: back in the picker where it was. */
export async function restoreTemplate(db: KefuDatabase, id: string, opts: WriteOptions): Promise<ChecklistTemplate> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.checklistTemplates, async () => {
    const current = await getStoredTemplate(db, id);
    const { deletedAt: _gone, ...rest } = current;
    return saveTemplate(db, { ...rest, updatedAt: nextUpdatedAt(now, current), author: opts.author });
  });
}

/**
 * A copy right after the original in the picker, named with `nameSuffix`
 * (" (副本)" / " (copy)", from the UI's language). The copy is the team's own:
 * no starter id.
 */
/**
 * Moves a template one place up or down in the "new complaint" picker. Only
 * the moved template changes (its key goes halfway to the next one), so a
 * move is one small edit for sync. At either end it stays where it is.
 */
export async function moveTemplate(db: KefuDatabase, id: string, direction: -1 | 1, opts: WriteOptions): Promise<ChecklistTemplate> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.checklistTemplates, async () => {
    const list = await listTemplates(db);
    const i = list.findIndex((t) => t.id === id);
    if (i < 0) throw notFound('Checklist template', id, 'template-not-found');
    const current = list[i]!;
    const neighbour = list[i + direction];
    if (!neighbour) return current;
    const beyond = list[i + 2 * direction];
    const sortKey = beyond ? (neighbour.sortKey + beyond.sortKey) / 2 : neighbour.sortKey + direction;
    const stamp = (t: ChecklistTemplate) => ({ updatedAt: Math.max(now, t.updatedAt + 1), author: opts.author });
    if (sortKey !== neighbour.sortKey && (!beyond || sortKey !== beyond.sortKey)) return saveTemplate(db, { ...current, sortKey, ...stamp(current) });
    // Equal keys (an old import, two devices): number them all afresh in the new order.
    const order = [...list];
    [order[i], order[i + direction]] = [neighbour, current];
    let moved = current;
    for (const [k, t] of order.entries()) {
      if (t.sortKey === k + 1) continue;
      const saved = await saveTemplate(db, { ...t, sortKey: k + 1, ...stamp(t) });
      if (t.id === id) moved = saved;
    }
    return moved;
  });
}

export async function duplicateTemplate(db: KefuDatabase, id: string, opts: WriteOptions & { nameSuffix: string }): Promise<ChecklistTemplate> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.checklistTemplates, async () => {
    const source = await getTemplate(db, id);
    let next: number | undefined;
    await db.checklistTemplates.each((t) => {
      if (t.sortKey > source.sortKey && (next === undefined || t.sortKey < next)) next = t.sortKey;
    });
    const { starterId: _starter, deletedAt: _deleted, ...rest } = source;
    return saveTemplate(db, {
      ...rest,
      id: newId(),
      name: `${source.name.slice(0, NAME_MAX - opts.nameSuffix.length)}${opts.nameSuffix}`.slice(0, NAME_MAX),
      sortKey: next === undefined ? source.sortKey + 1 : (source.sortKey + next) / 2,
      createdAt: now,
      updatedAt: now,
      author: opts.author,
    });
  });
}
