import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { highestSeverity, type ComplianceMatch } from '@/lib/compliance/matcher';
import type { Reply, ReplyDraft } from '@/lib/db/records';
import type { MessageKey } from '@/lib/i18n/messages';
import { ComplianceWarning } from './ComplianceWarning';
import { useLang, useT } from './i18n';
import { matchedWords } from './use-compliance';

export interface ReplyEditorProps {
  initial?: Reply;
  groups: string[];
  triggerKey: string;
  /** Field errors from the last save, values are i18n keys. */
  errors: Record<string, string>;
  saving: boolean;
  onSave(draft: ReplyDraft): void;
  onCancel(): void;
  /**
   * The compliance check of a wording (every console's rules: a saved reply
   * can be used anywhere). Shown live under the body and the variants; a
   * `block` match stops saving.
   */
  check?: (text: string) => ComplianceMatch[];
  /** Shown under the body as it is typed (the workbench's live preview of the variables). */
  preview?: (body: string) => ReactNode;
}

/** Splits the variants textarea: wordings are separated by blank lines. */
export function splitVariants(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((v) => v.trim())
    .filter(Boolean);
}

export function splitTags(text: string): string[] {
  return [...new Set(text.split(/[,，、\s]+/).map((t) => t.trim()).filter(Boolean))];
}

export function ReplyEditor({ initial, groups, triggerKey, errors, saving, onSave, onCancel, check, preview }: ReplyEditorProps) {
  const t = useT();
  const lang = useLang();
  const id = useId();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [group, setGroup] = useState(initial?.group ?? groups[0] ?? '');
  const [code, setCode] = useState(initial?.code ?? '');
  const [tags, setTags] = useState(initial?.tags.join(', ') ?? '');
  const [variants, setVariants] = useState(initial?.variants.join('\n\n') ?? '');
  const [pinned, setPinned] = useState(initial?.pinned ?? false);
  const [blocked, setBlocked] = useState<string | null>(null);
  const bodyMatches = useMemo(() => (check ? check(body) : []), [check, body]);
  const variantMatches = useMemo(() => (check ? check(variants) : []), [check, variants]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const blocking = [...bodyMatches, ...variantMatches].filter((m) => m.severity === 'block');
    if (blocking.length > 0) {
      setBlocked(t('compliance.saveBlocked', { words: matchedWords(blocking, lang === 'zh' ? '、' : ', ') }));
      return;
    }
    setBlocked(null);
    onSave({ title, body, group, code, tags: splitTags(tags), variants: splitVariants(variants), pinned });
  };
  const err = (field: string) =>
    errors[field] ? (
      <p className="field-error" role="alert" id={`${id}-${field}-err`}>
        {t(`error.${errors[field]}` as MessageKey)}
      </p>
    ) : null;

  return (
    <form className="editor" onSubmit={submit} aria-label={t(initial ? 'form.editTitle' : 'form.newTitle')}>
      <h2>{t(initial ? 'form.editTitle' : 'form.newTitle')}</h2>
      <label>
        {t('form.title')}
        <input data-testid="reply-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} autoFocus aria-invalid={!!errors.title} />
      </label>
      {err('title')}
      <label>
        {t('form.body')}
        <textarea data-testid="reply-body" value={body} onChange={(e) => setBody(e.target.value)} rows={6} aria-invalid={!!errors.body} />
      </label>
      <p className="hint">{t('form.bodyHint')}</p>
      {err('body')}
      <ComplianceWarning text={body} matches={bodyMatches} onApply={setBody} />
      {preview ? preview(body) : null}
      <div className="row">
        <label>
          {t('form.group')}
          <input list={`${id}-groups`} value={group} onChange={(e) => setGroup(e.target.value)} maxLength={50} placeholder={t('form.groupNone')} />
          <datalist id={`${id}-groups`}>
            {groups.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
        </label>
        <label>
          {t('form.code')}
          <input data-testid="reply-code" value={code} onChange={(e) => setCode(e.target.value)} maxLength={32} placeholder="/tk" aria-invalid={!!errors.code} />
        </label>
      </div>
      <p className="hint">{t('form.codeHint', { key: triggerKey })}</p>
      {err('code')}
      <label>
        {t('form.tags')}
        <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder={t('form.tagsHint')} />
      </label>
      {err('tags')}
      <label>
        {t('form.variants')}
        <textarea value={variants} onChange={(e) => setVariants(e.target.value)} rows={3} />
      </label>
      <p className="hint">{t('form.variantsHint')}</p>
      {err('variants')}
      <ComplianceWarning text={variants} matches={variantMatches} onApply={setVariants} />
      <label className="check">
        <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} /> {t('form.pinned')}
      </label>
      {blocked && highestSeverity([...bodyMatches, ...variantMatches]) === 'block' ? (
        <p className="field-error" role="alert" data-testid="compliance-save-blocked">
          {blocked}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" data-testid="reply-save" disabled={saving}>
          {t('form.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}
