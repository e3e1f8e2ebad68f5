import { useState, type FormEvent } from 'react';
import type { MissingField } from '@/lib/sidebar/insert-flow';
import type { MessageKey } from '@/lib/i18n/messages';
import { useT } from './i18n';

/** Asks for the values a reply needs before it is inserted (never raw braces). */
export function FillForm({ title, missing, onSubmit, onCancel }: { title: string; missing: MissingField[]; onSubmit(answers: Record<string, string>): void; onCancel(): void }) {
  const t = useT();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const labelOf = (f: MissingField) => (f.kind === 'context' ? t('fill.context', { label: t(`var.${f.key}` as MessageKey) }) : f.label);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (missing.some((f) => !(answers[f.key] ?? '').trim())) return;
    onSubmit(answers);
  };
  return (
    <form className="fill" onSubmit={submit} data-testid="fill-form">
      <h2>{t('fill.title')}</h2>
      <p className="fill-reply">{title}</p>
      {missing.map((f, i) => (
        <label key={f.key}>
          {labelOf(f)}
          <input
            data-testid="fill-input"
            autoFocus={i === 0}
            value={answers[f.key] ?? ''}
            onChange={(e) => setAnswers({ ...answers, [f.key]: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Escape') onCancel();
            }}
          />
          {tried && !(answers[f.key] ?? '').trim() ? <span className="field-error">{t('fill.required')}</span> : null}
        </label>
      ))}
      <div className="actions">
        <button type="submit" className="primary" data-testid="fill-insert">
          {t('fill.insert')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('fill.cancel')}
        </button>
      </div>
    </form>
  );
}
