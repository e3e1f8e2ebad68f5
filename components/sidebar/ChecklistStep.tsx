import { useState } from 'react';
import type { CaseStep, StepField } from '@/lib/db/complaint-records';
import type { Reply } from '@/lib/db/records';
import { StepCountdown, when } from './CaseParts';
import { errorText } from './follow-up-parts';
import { useLang, useT } from './i18n';

export interface ChecklistStepProps {
  step: CaseStep;
  /** The time the countdown counts to (ticks in the parent). */
  now: number;
  /** The case is active: time limits run. */
  active: boolean;
  /** The case is closed: nothing can be changed until it is reopened. */
  closed: boolean;
  /** The next open step: highlighted (the case view scrolls it into view when the case opens). */
  next: boolean;
  /** The step's linked reply, when it is still in the library. */
  reply: Reply | undefined;
  /** 'copy' where the console's chat box is out of reach (千牛): the reply is copied instead. */
  replyAction: 'insert' | 'copy';
  onDone(done: boolean): Promise<unknown>;
  onField(key: string, value: string): Promise<unknown>;
  onInsertReply(reply: Reply): void;
}

/**
 * One step of a case's checklist: its checkbox, title and guidance, who
 * ticked it and when, its countdown (overdue in red), its fields saved as the
 * agent leaves them, and its suggested reply in one click.
 */
export function ChecklistStep({ step, now, active, closed, next, reply, replyAction, onDone, onField, onInsertReply }: ChecklistStepProps) {
  const t = useT();
  const lang = useLang();
  const [error, setError] = useState<string | null>(null);
  const done = step.doneAt !== undefined;
  // The box follows the click at once; the stored tick (who, when) follows the write.
  const [pending, setPending] = useState<boolean | null>(null);
  const [storedDone, setStoredDone] = useState(done);
  if (storedDone !== done) {
    setStoredDone(done);
    setPending(null);
  }
  const toggle = (checked: boolean) => {
    setPending(checked);
    onDone(checked).then(
      () => setError(null),
      (err: unknown) => {
        setPending(null);
        setError(errorText(t, err));
      },
    );
  };
  return (
    <li
      className={`checklist-step${done ? ' done' : ''}${next ? ' next' : ''}`}
      data-testid="checklist-step"
      data-step-id={step.id}
      data-done={done}
    >
      <label className="step-head">
        <input type="checkbox" checked={pending ?? done} disabled={closed} onChange={(e) => toggle(e.target.checked)} />
        <span className="step-title">{step.title}</span>
        {step.required ? <span className="badge">{t('case.step.required')}</span> : null}
      </label>
      <div className="step-meta">
        {done && step.doneAt !== undefined ? (
          <span data-testid="step-done-by">{t('case.step.doneBy', { author: step.doneBy || t('record.someone'), time: when(step.doneAt, lang) })}</span>
        ) : null}
        <StepCountdown step={step} now={now} active={active} />
      </div>
      {/* A done step keeps its fields in view, not its advice. */}
      {step.guidance && !done ? <p className="step-guidance">{step.guidance}</p> : null}
      {step.fields.length > 0 ? (
        <div className="step-fields">
          {step.fields.map((field) => (
            <StepFieldInput key={field.key} field={field} value={step.values[field.key] ?? ''} disabled={closed} onSave={(v) => onField(field.key, v)} />
          ))}
        </div>
      ) : null}
      {reply ? (
        <button type="button" className="step-reply" data-testid="step-reply-insert" title={reply.body} onClick={() => onInsertReply(reply)}>
          {t(replyAction === 'copy' ? 'case.step.replyCopy' : 'case.step.reply', { title: reply.title })}
        </button>
      ) : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="step-error">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/**
 * A step's field: text and money save when the agent leaves them, a choice as
 * soon as it is picked. What the repository refuses (not one of the options,
 * not an amount) is said beside the field and the typed text is kept.
 */
function StepFieldInput({ field, value, disabled, onSave }: { field: StepField; value: string; disabled: boolean; onSave(value: string): Promise<unknown> }) {
  const t = useT();
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  // A new stored value (this save, or another agent's) replaces the draft.
  const [stored, setStored] = useState(value);
  if (value !== stored) {
    setStored(value);
    setDraft(value);
  }

  const save = (next: string) => {
    if (next.trim() === value) {
      setError(null);
      return;
    }
    onSave(next.trim()).then(
      () => setError(null),
      (err: unknown) => setError(errorText(t, err)),
    );
  };
  const id = `field-${field.key}`;
  const label = (
    <span className="field-label">
      {field.label}
      {field.required ? <span className="required" aria-label={t('case.field.required')}> *</span> : null}
    </span>
  );
  return (
    <label className="step-field" data-testid="step-field" data-field-key={field.key}>
      {label}
      {field.kind === 'choice' ? (
        <select
          id={id}
          value={draft}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            save(e.target.value);
          }}
        >
          <option value="">{t('case.field.choose')}</option>
          {(field.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
          {/* A value no longer among the options (template edited) still shows. */}
          {draft && !(field.options ?? []).includes(draft) ? <option value={draft}>{draft}</option> : null}
        </select>
      ) : (
        <input
          id={id}
          type="text"
          inputMode={field.kind === 'money' ? 'decimal' : undefined}
          placeholder={field.kind === 'money' ? t('case.field.moneyPlaceholder') : undefined}
          value={draft}
          disabled={disabled}
          maxLength={2000}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => save(draft)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              save(draft);
            }
          }}
        />
      )}
      {error ? (
        <span className="field-error" role="alert" data-testid="step-field-error">
          {error}
        </span>
      ) : null}
    </label>
  );
}
