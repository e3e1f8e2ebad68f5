import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { createTemplate, deleteTemplate, duplicateTemplate, getTemplate, listTemplates, moveTemplate, restoreTemplate, updateTemplate } from '@/lib/db/checklist-templates';
import type { ChecklistTemplate } from '@/lib/db/complaint-records';
import type { KefuDatabase } from '@/lib/db/database';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { typeLabel } from '@/components/sidebar/CaseParts';
import { errorText } from '@/components/sidebar/follow-up-parts';
import { useTeamLocks } from '@/components/sync/use-team-locks';
import { useT } from '@/components/sidebar/i18n';
import { TemplateEditor } from './TemplateEditor';
import { draftFromForm, emptyForm, formFromTemplate, locateStepErrors, type TemplateForm } from './template-form';

export interface TemplatesPageProps {
  db: KefuDatabase;
  /** The agent's name from settings: the author of what they write. */
  author: string;
  /** A fixed time instead of the clock (tests); also the time of writes. */
  now?: number;
}

/** How long "Undo" stays offered after a delete. */
const UNDO_MS = 10_000;

/** `created`: just made by "new", so the editor opens saying it was saved. */
type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; id: string; created?: boolean };

/**
 * Checklist templates (处理模板): what each kind of complaint goes through.
 * The list in the order of the sidebar's "new complaint" picker; create,
 * edit, duplicate, delete with undo. Cases already opened keep their copy of
 * the steps, so an edit never rewrites a case in progress.
 */
export function TemplatesPage({ db, author, now }: TemplatesPageProps) {
  const t = useT();
  const templates = useLiveQuery(() => listTemplates(db), [db]);
  const locks = useTeamLocks(db);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [deleted, setDeleted] = useState<ChecklistTemplate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const opts = now === undefined ? { author } : { author, now };

  useEffect(() => {
    if (!deleted) return;
    const timer = setTimeout(() => setDeleted(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [deleted]);

  const fail = (what: string, err: unknown) => {
    if (!(err instanceof AppError && err.code !== 'internal')) log.error(`checklist template ${what} failed`, err);
    setError(errorText(t, err));
  };

  const duplicate = (tpl: ChecklistTemplate) => {
    duplicateTemplate(db, tpl.id, { ...opts, nameSuffix: t('workbench.templates.copySuffix') }).then(
      (copy) => {
        setError(null);
        setEditing({ kind: 'edit', id: copy.id });
      },
      (err: unknown) => fail('duplicate', err),
    );
  };
  const move = (tpl: ChecklistTemplate, direction: -1 | 1) => {
    moveTemplate(db, tpl.id, direction, opts).then(
      () => setError(null),
      (err: unknown) => fail('move', err),
    );
  };
  const remove = (tpl: ChecklistTemplate) => {
    deleteTemplate(db, tpl.id, opts).then(
      () => {
        setError(null);
        setDeleted(tpl);
        if (editing.kind === 'edit' && editing.id === tpl.id) setEditing({ kind: 'none' });
      },
      (err: unknown) => fail('delete', err),
    );
  };
  const undo = (tpl: ChecklistTemplate) => {
    setDeleted(null);
    restoreTemplate(db, tpl.id, opts).then(
      () => setError(null),
      (err: unknown) => fail('restore', err),
    );
  };

  const selectedId = editing.kind === 'edit' ? editing.id : undefined;
  return (
    <section className="wb-page" data-testid="templates-page">
      <header className="wb-page-head">
        <h1>{t('workbench.templates.title')}</h1>
        <button type="button" className="primary" data-testid="template-new" onClick={() => setEditing({ kind: 'new' })}>
          {t('workbench.templates.new')}
        </button>
      </header>
      <p className="hint">{t('workbench.templates.hint')}</p>
      {error ? (
        <p className="field-error" role="alert" data-testid="template-error">
          {error}
        </p>
      ) : null}
      {deleted ? (
        <div className="notice info" role="status" data-testid="template-undo-notice">
          <span>{t('workbench.templates.deleted', { name: deleted.name })}</span>
          <button type="button" data-testid="template-undo" onClick={() => undo(deleted)}>
            {t('followup.undo')}
          </button>
        </div>
      ) : null}
      <div className="tpl-layout">
        <div>
          {templates && templates.length === 0 ? <p className="empty">{t('workbench.templates.none')}</p> : null}
          <ul className="tpl-list">
            {(templates ?? []).map((tpl, i, list) => (
              <li
                key={tpl.id}
                className={tpl.id === selectedId ? 'selected' : ''}
                data-testid="template-item"
                data-template-id={tpl.id}
                onClick={() => setEditing({ kind: 'edit', id: tpl.id })}
              >
                <span className="tpl-name">{tpl.name}</span>
                {locks.has('checklist-template', tpl.id) ? (
                  <span className="badge team" data-testid="template-team-badge">
                    {t('sync.team.badge')}
                  </span>
                ) : null}
                <span className="muted small">
                  {typeLabel(t, tpl.type)} · {t('workbench.templates.stepCount', { count: tpl.steps.length })}
                </span>
                <span className="tpl-actions" onClick={(e) => e.stopPropagation()}>
                  <button type="button" data-testid="template-duplicate" onClick={() => duplicate(tpl)}>
                    {t('reply.duplicate')}
                  </button>
                  {locks.has('checklist-template', tpl.id) ? null : (
                    <>
                      <button type="button" data-testid="template-up" aria-label={t('workbench.templates.moveUp', { name: tpl.name })} title={t('reply.moveUp')} disabled={i === 0} onClick={() => move(tpl, -1)}>
                        ↑
                      </button>
                      <button type="button" data-testid="template-down" aria-label={t('workbench.templates.moveDown', { name: tpl.name })} title={t('reply.moveDown')} disabled={i === list.length - 1} onClick={() => move(tpl, 1)}>
                        ↓
                      </button>
                      <button type="button" className="danger" data-testid="template-delete" onClick={() => remove(tpl)}>
                        {t('reply.delete')}
                      </button>
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          {editing.kind === 'new' ? (
            <EditTemplate key="new" db={db} initial={emptyForm()} save={(draft) => createTemplate(db, draft, opts)} onSaved={(tpl) => setEditing({ kind: 'edit', id: tpl.id, created: true })} />
          ) : editing.kind === 'edit' ? (
            <>
              {locks.has('checklist-template', editing.id) ? (
                <p className="hint" data-testid="template-team-hint">
                  {t('sync.team.templateHint')}
                </p>
              ) : null}
              <LoadTemplate key={editing.id} db={db} id={editing.id} created={editing.created === true} save={(draft) => updateTemplate(db, editing.id, draft, opts)} />
            </>
          ) : (
            <p className="empty">{t('workbench.templates.pick')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

function LoadTemplate({ db, id, created, save }: { db: KefuDatabase; id: string; created: boolean; save(draft: unknown): Promise<ChecklistTemplate> }) {
  const t = useT();
  // Read once: a live form would throw away what the supervisor is typing whenever the row changes.
  const [tpl, setTpl] = useState<ChecklistTemplate | null | undefined>(undefined);
  useEffect(() => {
    getTemplate(db, id).then(setTpl, () => setTpl(null));
  }, [db, id]);
  if (tpl === undefined) return null;
  if (tpl === null) return <p className="empty">{t('error.template-not-found')}</p>;
  return <EditTemplate db={db} initial={formFromTemplate(tpl)} initialSaved={created} save={save} />;
}

function EditTemplate({
  db,
  initial,
  initialSaved = false,
  save,
  onSaved,
}: {
  db: KefuDatabase;
  initial: TemplateForm;
  initialSaved?: boolean;
  save(draft: unknown): Promise<ChecklistTemplate>;
  onSaved?(tpl: ChecklistTemplate): void;
}) {
  const t = useT();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(initialSaved);

  const submit = () => {
    const draft = draftFromForm(form);
    setSaving(true);
    setSaved(false);
    save(draft)
      .then((tpl) => {
        setErrors({});
        setFormError(null);
        setSaved(true);
        onSaved?.(tpl);
      })
      .catch((err: unknown) => {
        // A bad field is named beside it; anything else (the template was deleted meanwhile…) above the form.
        if (err instanceof AppError && err.code === 'validation') {
          setErrors({ ...err.fields, ...(err.fields.steps ? locateStepErrors(draft) : {}) });
          setFormError(null);
        } else {
          if (!(err instanceof AppError && err.code !== 'internal')) log.error('checklist template save failed', err);
          setErrors({});
          setFormError(errorText(t, err));
        }
      })
      .finally(() => setSaving(false));
  };

  return (
    <TemplateEditor
      db={db}
      form={form}
      errors={errors}
      formError={formError}
      saving={saving}
      saved={saved}
      onChange={(update) => {
        setForm(update);
        setSaved(false);
      }}
      onSave={submit}
    />
  );
}
