import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ReactNode } from 'react';
import { ComplaintType, type StepField } from '@/lib/db/complaint-records';
import type { KefuDatabase } from '@/lib/db/database';
import type { Reply } from '@/lib/db/records';
import { listReplies } from '@/lib/db/replies';
import type { MessageKey } from '@/lib/i18n/messages';
import { typeLabel } from '@/components/sidebar/CaseParts';
import { fieldText } from '@/components/sidebar/follow-up-parts';
import { useT } from '@/components/sidebar/i18n';
import { emptyField, emptyStep, type FieldForm, type StepForm, type TemplateForm } from './template-form';

export interface TemplateEditorProps {
  db: KefuDatabase;
  form: TemplateForm;
  /** Error keys by place: name, type, steps, step:<i>:<prop>, field:<i>:<j>:<prop> (see locateStepErrors). */
  errors: Record<string, string>;
  /** A failure that is not about one field. */
  formError: string | null;
  saving: boolean;
  saved: boolean;
  /** Given an update of the latest form (several inputs can change in one tick). */
  onChange(update: (form: TemplateForm) => TemplateForm): void;
  onSave(): void;
}

const FIELD_KINDS: readonly StepField['kind'][] = ['text', 'choice', 'money'];
/** Replies offered at once by the picker's title search. */
const REPLY_MATCHES = 8;

/** The value of the input an event came from. */
const value = (e: { target: { value: string } }): string => e.target.value;

const move = <T,>(list: readonly T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
};

/**
 * The form of one checklist template: name, type, and its steps in order
 * (title, guidance, linked reply picked by title, required, time limit,
 * fields with kind, options and required). Props in, events out: the page
 * saves through the repository and passes its error keys back.
 */
export function TemplateEditor({ db, form, errors, formError, saving, saved, onChange, onSave }: TemplateEditorProps) {
  const t = useT();
  const replies = useLiveQuery(() => listReplies(db), [db]);
  const updateStep = (i: number, fn: (step: StepForm) => StepForm) => onChange((f) => ({ ...f, steps: f.steps.map((s, k) => (k === i ? fn(s) : s)) }));
  const setStep = (i: number, patch: Partial<StepForm>) => updateStep(i, (s) => ({ ...s, ...patch }));
  const error = (key: string): ReactNode =>
    errors[key] ? (
      <p className="field-error" data-testid={`template-error-${key.replace(/:/g, '-')}`}>
        {fieldText(t, errors[key])}
      </p>
    ) : null;

  return (
    <form
      className="tpl-editor"
      data-testid="template-editor"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      {formError ? (
        <p className="field-error" role="alert" data-testid="template-form-error">
          {formError}
        </p>
      ) : null}
      <div className="tpl-row">
        <label className="grow">
          {t('workbench.templates.name')}
          <input type="text" data-testid="template-name" value={form.name} maxLength={60} aria-invalid={errors.name ? true : undefined} onChange={(e) => onChange((f) => ({ ...f, name: value(e) }))} />
        </label>
        <label>
          {t('workbench.templates.type')}
          <select data-testid="template-type" value={form.type} onChange={(e) => onChange((f) => ({ ...f, type: value(e) as ComplaintType }))}>
            {ComplaintType.options.map((type) => (
              <option key={type} value={type}>
                {typeLabel(t, type)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error('name')}
      {error('type')}

      <h2>{t('case.steps')}</h2>
      {error('steps')}
      <ol className="tpl-steps">
        {form.steps.map((step, i) => (
          <li key={step.id} className="tpl-step" data-testid="template-step">
            <div className="tpl-step-head">
              <span className="num">{i + 1}</span>
              <input
                type="text"
                data-testid="step-title"
                value={step.title}
                maxLength={100}
                placeholder={t('workbench.templates.stepTitle')}
                aria-label={t('workbench.templates.stepTitle')}
                aria-invalid={errors[`step:${i}:title`] ? true : undefined}
                onChange={(e) => setStep(i, { title: value(e) })}
              />
              <button type="button" data-testid="step-up" disabled={i === 0} title={t('reply.moveUp')} aria-label={t('reply.moveUp')} onClick={() => onChange((f) => ({ ...f, steps: move(f.steps, i, i - 1) }))}>
                ↑
              </button>
              <button
                type="button"
                data-testid="step-down"
                disabled={i === form.steps.length - 1}
                title={t('reply.moveDown')}
                aria-label={t('reply.moveDown')}
                onClick={() => onChange((f) => ({ ...f, steps: move(f.steps, i, i + 1) }))}
              >
                ↓
              </button>
              <button type="button" className="danger" data-testid="step-remove" onClick={() => onChange((f) => ({ ...f, steps: f.steps.filter((_, k) => k !== i) }))}>
                {t('workbench.templates.removeStep')}
              </button>
            </div>
            {error(`step:${i}:title`)}
            <label>
              {t('workbench.templates.guidance')}
              <textarea data-testid="step-guidance" rows={2} value={step.guidance} maxLength={1000} onChange={(e) => setStep(i, { guidance: value(e) })} />
            </label>
            {error(`step:${i}:guidance`)}
            <div className="tpl-row">
              <label className="inline">
                <input type="checkbox" data-testid="step-required" checked={step.required} onChange={(e) => setStep(i, { required: e.target.checked })} />
                {t('workbench.templates.stepRequired')}
              </label>
              <label className="inline">
                {t('workbench.templates.limit')}
                <span className="tpl-limit">
                  <input
                    type="text"
                    inputMode="decimal"
                    data-testid="step-limit"
                    value={step.limit}
                    placeholder={t('workbench.templates.noLimit')}
                    aria-invalid={errors[`step:${i}:timeLimitMinutes`] ? true : undefined}
                    onChange={(e) => setStep(i, { limit: value(e) })}
                  />
                  <select data-testid="step-unit" value={step.unit} aria-label={t('workbench.templates.limitUnit')} onChange={(e) => setStep(i, { unit: value(e) as StepForm['unit'] })}>
                    <option value="minutes">{t('workbench.templates.minutes')}</option>
                    <option value="hours">{t('workbench.templates.hours')}</option>
                  </select>
                </span>
              </label>
            </div>
            {error(`step:${i}:timeLimitMinutes`)}
            <ReplyPicker replies={replies ?? []} replyId={step.replyId} onPick={(replyId) => setStep(i, { replyId })} />
            <FieldsEditor stepIndex={i} fields={step.fields} error={error} onChange={(fn) => updateStep(i, (s) => ({ ...s, fields: fn(s.fields) }))} />
            {error(`step:${i}:fields`)}
          </li>
        ))}
      </ol>
      <div className="tpl-actions">
        <button type="button" data-testid="step-add" onClick={() => onChange((f) => ({ ...f, steps: [...f.steps, emptyStep()] }))}>
          {t('workbench.templates.addStep')}
        </button>
        <span className="grow" />
        {saved ? (
          <span className="hint" role="status" data-testid="template-saved">
            {t('workbench.templates.saved')}
          </span>
        ) : null}
        <button type="submit" className="primary" data-testid="template-save" disabled={saving}>
          {t('form.save')}
        </button>
      </div>
    </form>
  );
}

function FieldsEditor({
  stepIndex: i,
  fields,
  error,
  onChange,
}: {
  stepIndex: number;
  fields: FieldForm[];
  error(key: string): ReactNode;
  onChange(update: (fields: FieldForm[]) => FieldForm[]): void;
}) {
  const t = useT();
  const setField = (j: number, patch: Partial<FieldForm>) => onChange((list) => list.map((f, k) => (k === j ? { ...f, ...patch } : f)));
  return (
    <div className="tpl-fields">
      <span className="muted small">{t('workbench.templates.fields')}</span>
      {fields.map((f, j) => (
        <div key={f.key} data-testid="template-field">
          <div className="tpl-field">
            <input
              type="text"
              data-testid="field-label"
              value={f.label}
              maxLength={60}
              placeholder={t('workbench.templates.fieldLabel')}
              aria-label={t('workbench.templates.fieldLabel')}
              aria-invalid={error(`field:${i}:${j}:label`) ? true : undefined}
              onChange={(e) => setField(j, { label: value(e) })}
            />
            <select data-testid="field-kind" value={f.kind} aria-label={t('workbench.templates.fieldKind')} onChange={(e) => setField(j, { kind: value(e) as FieldForm['kind'] })}>
              {FIELD_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`workbench.templates.kind.${kind}` as MessageKey)}
                </option>
              ))}
            </select>
            {f.kind === 'choice' ? (
              <textarea
                data-testid="field-options"
                rows={2}
                value={f.options}
                placeholder={t('workbench.templates.options')}
                aria-label={t('workbench.templates.options')}
                aria-invalid={error(`field:${i}:${j}:options`) ? true : undefined}
                onChange={(e) => setField(j, { options: value(e) })}
              />
            ) : (
              <span />
            )}
            <label className="inline">
              <input type="checkbox" data-testid="field-required" checked={f.required} onChange={(e) => setField(j, { required: e.target.checked })} />
              {t('case.field.required')}
            </label>
            <button type="button" className="danger" data-testid="field-remove" onClick={() => onChange((list) => list.filter((_, k) => k !== j))}>
              {t('workbench.templates.removeField')}
            </button>
          </div>
          {error(`field:${i}:${j}:label`)}
          {error(`field:${i}:${j}:options`)}
        </div>
      ))}
      <button type="button" data-testid="field-add" onClick={() => onChange((list) => [...list, emptyField(list)])}>
        {t('workbench.templates.addField')}
      </button>
    </div>
  );
}

/** The step's suggested reply, picked from the library by a search on titles. */
function ReplyPicker({ replies, replyId, onPick }: { replies: readonly Reply[]; replyId: string | undefined; onPick(id: string | undefined): void }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const linked = replyId === undefined ? undefined : replies.find((r) => r.id === replyId);
  const q = query.trim().toLowerCase();
  const matches = q === '' ? [] : replies.filter((r) => r.title.toLowerCase().includes(q)).slice(0, REPLY_MATCHES);
  return (
    <div className="tpl-reply-search">
      <span className="muted small">{t('workbench.templates.reply')}</span>{' '}
      {replyId !== undefined ? (
        <>
          <strong data-testid="step-reply">{linked?.title ?? t('case.event.replyGone')}</strong>{' '}
          <button type="button" className="link" data-testid="reply-clear" onClick={() => onPick(undefined)}>
            {t('workbench.templates.replyClear')}
          </button>
        </>
      ) : (
        <span className="muted small">{t('workbench.templates.replyNone')}</span>
      )}
      <input type="search" data-testid="reply-search" value={query} placeholder={t('workbench.templates.replySearch')} aria-label={t('workbench.templates.replySearch')} onChange={(e) => setQuery(e.target.value)} />
      {q !== '' ? (
        matches.length === 0 ? (
          <p className="hint">{t('search.empty', { query })}</p>
        ) : (
          <ul className="tpl-reply-results">
            {matches.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  data-testid="reply-result"
                  title={r.body}
                  onClick={() => {
                    onPick(r.id);
                    setQuery('');
                  }}
                >
                  {r.title}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
