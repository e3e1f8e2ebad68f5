import { useState, type ReactNode } from 'react';
import { CATEGORY_LABELS, RuleCategory, SEVERITY_LABELS, Severity } from '@/lib/compliance/rules';
import { zh, type MessageKey } from '@/lib/i18n/messages';
import { useLang, useT } from '@/components/sidebar/i18n';
import type { FieldError, RuleFormField, RuleFormState } from './rule-form';

export interface RuleEditorProps {
  initial: RuleFormState;
  /** Validation errors of the last save, per field. */
  errors: Partial<Record<RuleFormField | 'form', FieldError>>;
  saving: boolean;
  onSave(form: RuleFormState): void;
  onCancel(): void;
}

/** The sentence for a field's error: the engine's message, with the line and its text for list boxes. */
export function useFieldErrorText(): (error: FieldError) => string {
  const t = useT();
  return (error) => {
    const key = `compliance.error.${error.key}`;
    const message = t(key in zh ? (key as MessageKey) : 'compliance.error.invalid');
    return error.line !== undefined ? t('rules.rule.line', { line: error.line, value: error.value ?? '', message }) : message;
  };
}

/** One rule of a set: words, regexes and exceptions one per line, severity, category, texts for the agent. */
export function RuleEditor({ initial, errors, saving, onSave, onCancel }: RuleEditorProps) {
  const t = useT();
  const lang = useLang();
  const errorText = useFieldErrorText();
  const [form, setForm] = useState(initial);
  const set = <K extends RuleFormField>(key: K, value: RuleFormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const field = (name: RuleFormField, label: MessageKey, control: ReactNode, hint?: string) => (
    <label className={`rules-field rules-field-${name}`}>
      <span>{t(label)}</span>
      {control}
      {hint ? <span className="hint">{hint}</span> : null}
      {errors[name] ? (
        <span className="field-error" role="alert" data-testid={`rules-error-${name}`}>
          {errorText(errors[name])}
        </span>
      ) : null}
    </label>
  );
  const text = (name: RuleFormField, testid: string) => (
    <input type="text" data-testid={testid} value={String(form[name])} aria-invalid={errors[name] ? true : undefined} onChange={(e) => set(name, e.target.value)} />
  );
  const area = (name: RuleFormField, testid: string, rows = 4) => (
    <textarea data-testid={testid} rows={rows} spellCheck={false} value={String(form[name])} aria-invalid={errors[name] ? true : undefined} onChange={(e) => set(name, e.target.value)} />
  );

  return (
    <form
      className="rules-editor"
      data-testid="rules-rule-editor"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(form);
      }}
    >
      {errors.form ? (
        <p className="field-error" role="alert" data-testid="rules-error-form">
          {errorText(errors.form)}
        </p>
      ) : null}
      <div className="rules-row">
        {field('id', 'rules.rule.id', text('id', 'rules-rule-id'))}
        {field(
          'category',
          'rules.rule.category',
          <select data-testid="rules-rule-category" value={form.category} onChange={(e) => set('category', e.target.value as RuleFormState['category'])}>
            {RuleCategory.options.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABELS[c][lang]}
              </option>
            ))}
          </select>,
        )}
        {field(
          'severity',
          'rules.rule.severity',
          <select data-testid="rules-rule-severity" value={form.severity} onChange={(e) => set('severity', e.target.value as RuleFormState['severity'])}>
            {Severity.options.map((s) => (
              <option key={s} value={s}>
                {SEVERITY_LABELS[s][lang]}
              </option>
            ))}
          </select>,
        )}
      </div>
      <div className="rules-row">
        {field('nameZh', 'rules.rule.nameZh', text('nameZh', 'rules-rule-name-zh'))}
        {field('nameEn', 'rules.rule.nameEn', text('nameEn', 'rules-rule-name-en'))}
      </div>
      <div className="rules-row">
        {field('words', 'rules.rule.words', area('words', 'rules-rule-words', 6), t('rules.rule.wordsHint'))}
        {field('regexes', 'rules.rule.regexes', area('regexes', 'rules-rule-regexes', 6), t('rules.rule.regexesHint'))}
        {field('exceptions', 'rules.rule.exceptions', area('exceptions', 'rules-rule-exceptions', 6))}
      </div>
      <div className="rules-row">
        {field('explanationZh', 'rules.rule.explanationZh', area('explanationZh', 'rules-rule-explanation-zh', 3))}
        {field('explanationEn', 'rules.rule.explanationEn', area('explanationEn', 'rules-rule-explanation-en', 3))}
      </div>
      <div className="rules-row">
        {field('suggestion', 'rules.rule.suggestion', text('suggestion', 'rules-rule-suggestion'))}
        {field('platforms', 'rules.rule.platforms', text('platforms', 'rules-rule-platforms'))}
      </div>
      <label className="rules-check">
        <input type="checkbox" data-testid="rules-rule-enabled" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} />
        {t('rules.rule.enabled')}
      </label>
      <div className="actions">
        <button type="submit" className="primary" data-testid="rules-rule-save" disabled={saving}>
          {t('rules.rule.save')}
        </button>
        <button type="button" data-testid="rules-rule-cancel" onClick={onCancel}>
          {t('rules.rule.cancel')}
        </button>
      </div>
    </form>
  );
}
