import { useLiveQuery } from 'dexie-react-hooks';
import { listCasesForCustomer } from '@/lib/db/cases';
import type { KefuDatabase } from '@/lib/db/database';
import { openedDate, statusLabel, typeLabel } from './CaseParts';
import { useLang, useT } from './i18n';

/** How many of a customer's cases the record lists (active ones come first). */
const SHOWN = 5;

/**
 * The customer record's "recent complaints": type, status and opened date of
 * this customer's cases, active ones first; a click opens the case in the
 * Complaints tab.
 */
export function ComplaintsRecent({ db, customerId, onOpenCase }: { db: KefuDatabase; customerId: string; onOpenCase?(caseId: string): void }) {
  const t = useT();
  const lang = useLang();
  const cases = useLiveQuery(() => listCasesForCustomer(db, customerId), [db, customerId]);
  if (!cases) return null;
  return (
    <section className="record-section" data-testid="customer-cases">
      <h3>{t('record.cases')}</h3>
      {cases.length === 0 ? <p className="hint">{t('record.cases.empty')}</p> : null}
      <ul className="orders">
        {cases.slice(0, SHOWN).map((c) => {
          const text = (
            <>
              <span>{typeLabel(t, c.type)}</span>
              <span className={`badge status-${c.status}`}>{statusLabel(t, c.status)}</span>
              <span className="muted">{openedDate(c.openedAt, lang)}</span>
            </>
          );
          return (
            <li key={c.id}>
              {onOpenCase ? (
                <button type="button" className="link case-link" data-testid="customer-case" data-case-id={c.id} title={c.templateName} onClick={() => onOpenCase(c.id)}>
                  {text}
                </button>
              ) : (
                <span className="case-link" data-testid="customer-case" data-case-id={c.id} title={c.templateName}>
                  {text}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
