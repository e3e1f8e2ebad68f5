import { useState } from 'react';
import { setCaseSummary } from '@/lib/db/cases';
import type { ComplaintCase } from '@/lib/db/complaint-records';
import type { KefuDatabase } from '@/lib/db/database';
import { useT } from './i18n';

/**
 * What the buyer complains about (倾听记录), editable after "new complaint"
 * opened the case with it empty, and after closing (the record is often
 * completed afterwards). Each rewrite is a `summary` event in the history.
 */
export interface CaseSummaryProps {
  db: KefuDatabase;
  c: ComplaintCase;
  opts: { author: string; now?: number };
  onError(err: unknown): void;
}

export function CaseSummary({ db, c, opts, onError }: CaseSummaryProps) {
  const t = useT();
  const summary = c.summary;
  const [editing, setEditing] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = () => {
    if (editing === null) return;
    const text = editing.trim();
    if (text === summary) {
      setEditing(null);
      return;
    }
    setSaving(true);
    setCaseSummary(db, c.id, text, opts)
      .then(() => setEditing(null), onError)
      .finally(() => setSaving(false));
  };

  return (
    <section className="case-summary">
      <h3>{t('case.summary')}</h3>
      {editing === null ? (
        <>
          <p className={`case-summary-text${summary ? '' : ' muted'}`} data-testid="case-summary">
            {summary || t('case.summary.empty')}
          </p>
          <button type="button" data-testid="case-summary-edit" onClick={() => setEditing(summary)}>
            {summary ? t('case.summary.edit') : t('case.summary.write')}
          </button>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <textarea
            data-testid="case-summary-input"
            rows={3}
            maxLength={2000}
            value={editing}
            placeholder={t('case.summary.placeholder')}
            autoFocus
            onChange={(e) => setEditing(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                save();
              }
            }}
          />
          <div className="inline-form">
            <button type="submit" className="primary" data-testid="case-summary-save" disabled={saving}>
              {t('case.summary.save')}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              {t('record.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
