import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { isActiveCase, listCasesForCustomer, nextOpenStep, openCase } from '@/lib/db/cases';
import { listTemplates } from '@/lib/db/checklist-templates';
import type { ComplaintCase } from '@/lib/db/complaint-records';
import { customerForContext, isLiveCustomer } from '@/lib/db/customers';
import type { KefuDatabase } from '@/lib/db/database';
import type { Reply } from '@/lib/db/records';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { rescheduleCaseAlarms } from '@/lib/sidebar/case-alarms';
import type { PageState } from '@/lib/messaging/protocol';
import { CaseBadges, openedDate, StepCountdown, typeLabel } from './CaseParts';
import { CaseView } from './CaseView';
import { CustomerEntry } from './CustomerEntry';
import { errorText } from './follow-up-parts';
import { useLang, useT } from './i18n';
import { useNow } from './use-now';

/**
 * Identity of the conversation on screen (platform, shop, buyer, order), ''
 * when no buyer is detected: the buyer's record is resolved again when it
 * changes (the order on screen is recorded on it), as in the Customer tab.
 */
export function conversationKey(state: PageState | undefined): string {
  const c = state?.context;
  const buyer = c?.buyerId?.trim() || c?.buyerName?.trim() || '';
  if (!buyer) return '';
  return JSON.stringify([c?.platform || state?.adapterId || '', c?.shop ?? '', buyer, c?.buyerName ?? '', c?.orderId ?? '']);
}

/**
 * The buyer on screen (platform, shop, buyer), '' when none is detected. A
 * customer or case the agent opened by hand stays open while it stays the
 * same: another order of the same buyer coming on screen does not close it.
 */
export function buyerKey(state: PageState | undefined): string {
  const c = state?.context;
  const buyer = c?.buyerId?.trim() || c?.buyerName?.trim() || '';
  return buyer ? JSON.stringify([c?.platform || state?.adapterId || '', c?.shop ?? '', buyer]) : '';
}

export interface ComplaintsPanelProps {
  db: KefuDatabase;
  state: PageState | undefined;
  author: string;
  /** The customer the agent opened by hand (shared with the Customer tab); null = the buyer on screen. */
  chosenCustomerId: string | null;
  onChooseCustomer(id: string | null): void;
  /** The case on show (kept by the sidebar across tabs); null = the customer's list. */
  caseId: string | null;
  onOpenCase(id: string | null): void;
  /** Inserts a reply into the chat the way the Replies tab does; `onDone` once it went out. */
  onInsertReply(reply: Reply, onDone: () => void): void;
  notify(tone: 'info' | 'error', text: string): void;
  /** A fixed time instead of the clock (tests); also the time of writes. */
  now?: number;
}

/**
 * The Complaints tab (投诉): the current customer's complaint cases, active
 * ones first with their next step and its countdown; "new complaint" in two
 * clicks (this button, then a template) for the conversation on screen; and
 * the case view. Where no buyer is detected, the agent types or picks one.
 */
export function ComplaintsPanel(props: ComplaintsPanelProps) {
  const { db, state, author, chosenCustomerId, onChooseCustomer, caseId, onOpenCase, notify, now: fixedNow } = props;
  const t = useT();
  const c = state?.context;
  const platform = c?.platform || state?.adapterId || '';
  const conversation = conversationKey(state);
  const opts = fixedNow === undefined ? { author } : { author, now: fixedNow };

  const report = (what: string, err: unknown) => {
    if (!(err instanceof AppError && err.code !== 'internal')) log.error(`complaints: ${what} failed`, err);
    notify('error', errorText(t, err));
  };

  // The buyer on screen, resolved to their record like the Customer tab does.
  // id null: the record could not be opened (said in a notice); the agent picks one by hand.
  const [detected, setDetected] = useState<{ conversation: string; id: string | null } | null>(null);
  useEffect(() => {
    if (!conversation || !c) return;
    let live = true;
    customerForContext(db, { ...c, platform }, { author })
      .then((customer) => live && setDetected({ conversation, id: customer.id }))
      .catch((err: unknown) => {
        if (!live) return;
        setDetected({ conversation, id: null });
        report('finding the customer', err);
      });
    return () => {
      live = false;
    };
    // The conversation key covers the context fields used.
  }, [db, conversation, author]); // eslint-disable-line react-hooks/exhaustive-deps
  const detectedId = detected && detected.conversation === conversation ? detected.id : null;
  const customerId = chosenCustomerId ?? detectedId;
  const customer = useLiveQuery(async () => {
    if (!customerId) return null;
    const row = await db.customers.get(customerId);
    return isLiveCustomer(row) ? row : null;
  }, [db, customerId]);

  if (caseId) {
    return (
      <CaseView
        db={db}
        caseId={caseId}
        author={author}
        replyAction={state && !state.canInsert ? 'copy' : 'insert'}
        onInsertReply={props.onInsertReply}
        onBack={() => onOpenCase(null)}
        now={fixedNow}
      />
    );
  }

  const resolving = Boolean(conversation) && detected?.conversation !== conversation && !chosenCustomerId;
  return (
    <section className="complaints" data-testid="complaints">
      {customer ? (
        <>
          <header className="complaints-head">
            <h2 data-testid="complaints-customer">{t('complaints.title', { name: customer.displayName })}</h2>
            {chosenCustomerId && detectedId && chosenCustomerId !== detectedId ? (
              <button type="button" onClick={() => onChooseCustomer(null)}>
                {t('record.backToChat')}
              </button>
            ) : null}
          </header>
          <NewComplaint
            db={db}
            onOpen={(templateId) => {
              // The order on screen belongs to the conversation's buyer, not to one opened by hand.
              const orderId = chosenCustomerId ? '' : (c?.orderId?.trim() ?? '');
              openCase(db, customer.id, { templateId, orderId, severity: 'normal', summary: '' }, opts)
                .then((opened) => {
                  void rescheduleCaseAlarms();
                  onOpenCase(opened.id);
                  notify('info', t('complaints.opened', { name: opened.templateName }));
                })
                .catch((err: unknown) => report('opening a case', err));
            }}
          />
          <CaseList db={db} customerId={customer.id} onOpen={onOpenCase} fixedNow={fixedNow} />
        </>
      ) : resolving || customer === undefined ? null : (
        // No buyer detected: the same entry as the Customer tab's.
        <CustomerEntry
          db={db}
          platform={platform}
          shop={c?.shop}
          author={author}
          inputId="complaints-customer-input"
          testid="complaints-no-customer"
          onOpen={(picked) => onChooseCustomer(picked.id)}
          onError={(err) => report('opening the customer', err)}
        >
          <p className="hint">{t('complaints.noCustomer')}</p>
        </CustomerEntry>
      )}
    </section>
  );
}

/** "New complaint", then the templates to pick from: the second click opens the case. */
function NewComplaint({ db, onOpen }: { db: KefuDatabase; onOpen(templateId: string): void }) {
  const t = useT();
  const [picking, setPicking] = useState(false);
  const templates = useLiveQuery(() => (picking ? listTemplates(db) : Promise.resolve([])), [db, picking]);
  return (
    <div className="complaint-new">
      <button type="button" className="primary" data-testid="complaint-new" aria-expanded={picking} onClick={() => setPicking(!picking)}>
        {t('complaints.new')}
      </button>
      {picking && templates ? (
        <div className="template-picker" data-testid="complaint-templates">
          <p className="hint">{t(templates.length ? 'complaints.pickTemplate' : 'complaints.noTemplates')}</p>
          <ul>
            {templates.map((template) => (
              <li key={template.id}>
                <button
                  type="button"
                  data-testid="complaint-template"
                  onClick={() => {
                    setPicking(false);
                    onOpen(template.id);
                  }}
                >
                  <strong>{template.name}</strong> <span className="muted">{typeLabel(t, template.type)}</span>
                </button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setPicking(false)}>
            {t('record.cancel')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** The customer's cases: active first (nearest deadline first), then the rest newest first. */
function CaseList({ db, customerId, onOpen, fixedNow }: { db: KefuDatabase; customerId: string; onOpen(id: string): void; fixedNow?: number }) {
  const t = useT();
  const lang = useLang();
  const now = useNow(fixedNow, 15_000);
  const cases = useLiveQuery(() => listCasesForCustomer(db, customerId), [db, customerId]);
  if (!cases) return null;
  if (cases.length === 0) return <p className="empty">{t('complaints.empty')}</p>;
  return (
    <ul className="case-list">
      {cases.map((c) => (
        <li key={c.id} className={isActiveCase(c) ? 'active-case' : 'inactive-case'}>
          <button type="button" data-testid="complaint-case" data-case-id={c.id} data-status={c.status} onClick={() => onOpen(c.id)}>
            <span className="case-line">
              <strong>{c.templateName}</strong>
              <span className="muted">{openedDate(c.openedAt, lang)}</span>
            </span>
            <CaseBadges c={c} />
            {c.orderId ? <span className="muted case-order">{t('complaints.order', { order: c.orderId })}</span> : null}
            <NextStepLine c={c} now={now} />
          </button>
        </li>
      ))}
    </ul>
  );
}

function NextStepLine({ c, now }: { c: ComplaintCase; now: number }) {
  const t = useT();
  if (!isActiveCase(c)) return null;
  const next = nextOpenStep(c);
  return (
    <span className="case-line" data-testid="complaint-case-next">
      {next ? (
        <>
          <span>{t('complaints.nextStep', { title: next.title })}</span>
          <StepCountdown step={next} now={now} active />
        </>
      ) : (
        <span>{t('case.next.none')}</span>
      )}
    </span>
  );
}
