import { TemplateStep, type ChecklistTemplate, type ComplaintType, type StepField, type TemplateDraft } from '@/lib/db/complaint-records';
import { newId } from '@/lib/db/ids';

/**
 * The template editor's form state and its conversion to and from what the
 * repository stores. A time limit is typed in minutes or hours and stored in
 * minutes; a choice field's options are typed one per line (or separated by
 * commas); step ids and field keys are made here, never typed: events and
 * exports name steps and fields by them, so an existing one is kept as is.
 */
export interface FieldForm {
  key: string;
  label: string;
  kind: StepField['kind'];
  options: string;
  required: boolean;
}

export interface StepForm {
  id: string;
  title: string;
  guidance: string;
  replyId: string | undefined;
  required: boolean;
  limit: string;
  unit: 'minutes' | 'hours';
  fields: FieldForm[];
}

export interface TemplateForm {
  name: string;
  type: ComplaintType;
  steps: StepForm[];
}

export const emptyStep = (): StepForm => ({ id: newId(), title: '', guidance: '', replyId: undefined, required: true, limit: '', unit: 'hours', fields: [] });

export const emptyForm = (): TemplateForm => ({ name: '', type: 'general', steps: [emptyStep()] });

/** A key for a new field that no other field of the step has ("field-1", "field-2"…). */
export function newFieldKey(fields: readonly FieldForm[]): string {
  const taken = new Set(fields.map((f) => f.key));
  let n = fields.length + 1;
  while (taken.has(`field-${n}`)) n += 1;
  return `field-${n}`;
}

export const emptyField = (fields: readonly FieldForm[]): FieldForm => ({ key: newFieldKey(fields), label: '', kind: 'text', options: '', required: false });

export function formFromTemplate(t: ChecklistTemplate): TemplateForm {
  return {
    name: t.name,
    type: t.type,
    steps: t.steps.map((s) => {
      const minutes = s.timeLimitMinutes;
      const inHours = minutes !== undefined && minutes % 60 === 0;
      return {
        id: s.id,
        title: s.title,
        guidance: s.guidance,
        replyId: s.replyId,
        required: s.required,
        limit: minutes === undefined ? '' : String(inHours ? minutes / 60 : minutes),
        unit: minutes === undefined || inHours ? 'hours' : 'minutes',
        fields: s.fields.map((f) => ({ key: f.key, label: f.label, kind: f.kind, options: (f.options ?? []).join('\n'), required: f.required })),
      };
    }),
  };
}

export const splitOptions = (text: string): string[] =>
  text
    .split(/[\n,，、]+/)
    .map((o) => o.trim())
    .filter((o) => o !== '');

/** What the repository is given; it validates (a limit that is not a number stays NaN for it to refuse). */
export function draftFromForm(form: TemplateForm): TemplateDraft {
  return {
    name: form.name,
    type: form.type,
    steps: form.steps.map((s) => {
      const limit = s.limit.trim();
      const minutes = limit === '' ? undefined : Number(limit) * (s.unit === 'hours' ? 60 : 1);
      return {
        id: s.id,
        title: s.title,
        guidance: s.guidance,
        ...(s.replyId === undefined ? {} : { replyId: s.replyId }),
        required: s.required,
        // Hours like 1.5 make whole minutes; anything else fractional is refused by the schema.
        ...(minutes === undefined ? {} : { timeLimitMinutes: Number.isFinite(minutes) ? Math.round(minutes * 1e6) / 1e6 : minutes }),
        fields: s.fields.map((f) => ({
          key: f.key,
          label: f.label,
          kind: f.kind,
          ...(f.kind === 'choice' ? { options: splitOptions(f.options) } : {}),
          required: f.required,
        })),
      };
    }),
  };
}

/**
 * Where each problem of the steps is, for showing the repository's message
 * beside the input: the repository names only "steps" (its errors are keyed
 * by top-level field), so each step is checked again with the same schema.
 * Keys: `step:<i>:<title|guidance|timeLimitMinutes|fields>` and
 * `field:<i>:<j>:<label|options>`; values are the schema's error keys.
 */
export function locateStepErrors(draft: TemplateDraft): Record<string, string> {
  const found: Record<string, string> = {};
  draft.steps.forEach((step, i) => {
    const parsed = TemplateStep.safeParse(step);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [first, j, prop] = issue.path;
        const key = /^[a-z-]+$/.test(issue.message) ? issue.message : 'invalid';
        const where = first === 'fields' && typeof j === 'number' ? `field:${i}:${j}:${prop === 'options' ? 'options' : 'label'}` : `step:${i}:${String(first)}`;
        found[where] ??= key;
      }
    }
    step.fields.forEach((f, j) => {
      if (f.kind === 'choice' && (f.options ?? []).length === 0) found[`field:${i}:${j}:options`] ??= 'field-options-required';
    });
  });
  return found;
}
