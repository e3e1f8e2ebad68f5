import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import type { KefuDatabase } from '@/lib/db/database';
import { customerForContext, isLiveCustomer } from '@/lib/db/customers';
import { searchCustomers } from '@/lib/db/customer-search';
import { addNote, deleteNote } from '@/lib/db/notes';
import type { Customer } from '@/lib/db/records';
import { AppError } from '@/lib/errors';
import { zh, type MessageKey } from '@/lib/i18n/messages';
import { log } from '@/lib/log';
import type { PageState } from '@/lib/messaging/protocol';
import { CustomerRecord } from './CustomerRecord';
import { TodayFollowUps } from './TodayFollowUps';
import { useT } from './i18n';

export interface CustomerPanelProps {
  db: KefuDatabase;
  state: PageState | undefined;
  platformName: string;
  author: string;
  /** Shows a notice in the sidebar (with an undo button when `undo` is given). */
  notify(tone: 'info' | 'error', text: string, undo?: () => void): void;
  /** Reads the text the agent selected on the console page ('' when none). */
  readSelection?: () => Promise<string>;
  /** Text from the context menu's "save to customer notes" (n counts deliveries), saved to the record shown. */
  captured?: { text: string; n: number } | null;
  /** The captured text was saved or discarded. */
  onCapturedDone?: () => void;
  /**
   * A customer the agent opened by hand (none detected, or "another
   * customer"), kept by the sidebar so the Complaints tab shows the same one;
   * the sidebar drops it when another buyer comes on screen. Without
   * `onChoose` the panel keeps it itself.
   */
  chosenId?: string | null;
  onChoose?(id: string | null): void;
  /** Opens one of the customer's complaint cases in the Complaints tab. */
  onOpenCase?(caseId: string): void;
}

/** The i18n key for a repository error: its first field's key when the table has it. */
export function errorKey(err: unknown, has: (key: string) => boolean): MessageKey | null {
  if (!(err instanceof AppError)) return null;
  for (const key of Object.values(err.fields)) if (has(`error.${key}`)) return `error.${key}` as MessageKey;
  return null;
}

/**
 * The Customer tab: what the console shows about the conversation (as the
 * adapter read it), and the record of that buyer (客户档案), opened by itself
 * from the page context and following the console as the agent switches
 * chats. Where no buyer is detected, the agent types or picks one.
 */
export function CustomerPanel({ db, state, platformName, author, notify, readSelection, captured, onCapturedDone, chosenId: liftedChosenId, onChoose, onOpenCase }: CustomerPanelProps) {
  const t = useT();
  const c = state?.context;
  const detectedId = c?.buyerId?.trim() || c?.buyerName?.trim() || '';
  const platform = c?.platform || state?.adapterId || '';
  // Identity of the conversation on screen; the record follows it.
  const conversation = detectedId ? JSON.stringify([platform, c?.shop ?? '', detectedId, c?.buyerName ?? '', c?.orderId ?? '']) : '';

  /** The record opened for a conversation; only counts while that conversation is on screen. */
  const [detected, setDetected] = useState<{ conversation: string; id: string } | null>(null);
  const detectedCustomerId = detected && detected.conversation === conversation ? detected.id : null;
  /** A customer the agent opened by hand (none detected, or "another customer"). */
  const [ownChosenId, setOwnChosenId] = useState<string | null>(null);
  const chosenId = onChoose ? (liftedChosenId ?? null) : ownChosenId;
  const setChosenId = onChoose ?? setOwnChosenId;
  const [picking, setPicking] = useState(false);
  const [query, setQuery] = useState('');

  const showError = (err: unknown) => {
    const key = errorKey(err, (k) => k in zh);
    if (key) notify('error', t(key));
    else {
      log.error('customer record failed', err);
      notify('error', t('error.internal', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  useEffect(() => {
    if (!conversation || !c) return;
    let live = true;
    customerForContext(db, { ...c, platform }, { author })
      .then((customer) => {
        if (!live) return;
        setDetected({ conversation, id: customer.id });
        // A new conversation on screen takes over from a customer opened by hand
        // (one kept by the sidebar is dropped there).
        setOwnChosenId(null);
        setPicking(false);
      })
      .catch((err: unknown) => live && showError(err));
    return () => {
      live = false;
    };
    // The conversation key covers the context fields used.
  }, [db, conversation, author]); // eslint-disable-line react-hooks/exhaustive-deps

  const currentId = chosenId ?? detectedCustomerId;
  const current = useLiveQuery(async () => {
    if (!currentId) return null;
    const row = await db.customers.get(currentId);
    return isLiveCustomer(row) ? row : null;
  }, [db, currentId]);

  // The context menu's text goes to the record on screen as soon as there is
  // one (at once, or once the agent has picked the buyer), with the order on
  // screen; the notice names the customer and offers undo.
  const savedCapture = useRef(0);
  const capturing = captured ?? null;
  const record = current && !picking ? current : null;
  useEffect(() => {
    // The ref keeps a delivery from being saved twice before the parent clears it.
    if (!capturing || !record || savedCapture.current === capturing.n) return;
    savedCapture.current = capturing.n;
    const orderId = chosenId ? '' : (c?.orderId ?? '');
    addNote(db, record.id, { text: capturing.text, orderId }, { author })
      .then((note) => {
        onCapturedDone?.();
        notify('info', t('record.notes.captured', { name: record.displayName }), () => {
          void deleteNote(db, note.id, { author }).catch(showError);
        });
      })
      .catch(showError);
    // Runs once per delivery (capturing.n), when a record is on screen.
  }, [capturing?.n, record?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const searching = picking || !detectedCustomerId;
  const hits = useLiveQuery(() => (searching ? searchCustomers(db, query, { limit: 8 }) : Promise.resolve([])), [db, searching, query]);

  const openTyped = () => {
    const id = query.trim();
    if (!id) return;
    customerForContext(db, { platform, shop: c?.shop, buyerId: id }, { author })
      .then((customer) => {
        setChosenId(customer.id);
        setPicking(false);
        setQuery('');
      })
      .catch(showError);
  };

  const pick = (customer: Customer) => {
    setChosenId(customer.id);
    setPicking(false);
    setQuery('');
  };

  const row = (label: string, value: string | undefined, testid?: string) => (
    <div className="kv">
      <dt>{label}</dt>
      <dd data-testid={testid} className={value ? '' : 'muted'}>
        {value ?? t('customer.unknown')}
      </dd>
    </div>
  );

  return (
    <section className="customer">
      <details className="conversation" open={!current}>
        <summary>{t('customer.title')}</summary>
        <dl>
          {row(t('customer.platform'), platformName)}
          {row(t('customer.buyer'), c?.buyerName, 'context-buyer')}
          {row(t('customer.buyerId'), c?.buyerId)}
          {row(t('customer.order'), c?.orderId, 'context-order')}
          {row(t('customer.shop'), c?.shop)}
        </dl>
        <p className="hint">{t('customer.hint')}</p>
      </details>

      {capturing && !record ? (
        <div className="notice info" role="status" data-testid="note-capture-pending">
          <span>
            {t('record.notes.capturePending')} “{capturing.text.length > 60 ? `${capturing.text.slice(0, 60)}…` : capturing.text}”
          </span>
          <button type="button" onClick={() => onCapturedDone?.()}>
            {t('record.notes.captureDiscard')}
          </button>
        </div>
      ) : null}
      {searching ? (
        <div className="record-picker">
          <label htmlFor="customer-id-input">{t('record.manual.label')}</label>
          <input
            id="customer-id-input"
            data-testid="customer-id-input"
            type="search"
            value={query}
            placeholder={t('record.manual.placeholder')}
            autoComplete="off"
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
                e.preventDefault();
                openTyped();
              }
            }}
          />
          {hits && hits.length > 0 ? (
            <ul className="picker-results">
              {hits.map((hit) => (
                <li key={hit.customer.id}>
                  <button type="button" data-testid="customer-result" onClick={() => pick(hit.customer)}>
                    <strong>{hit.customer.displayName}</strong>
                    <span className="muted">
                      {' '}
                      {hit.customer.buyerId !== hit.customer.displayName ? hit.customer.buyerId : ''}
                      {hit.via === 'note' && hit.note ? ` · ${t('record.results.via.note')}: ${hit.note.text.slice(0, 40)}` : ''}
                      {hit.via === 'order' ? ` · ${t('record.results.via.order')}` : ''}
                      {hit.via === 'tag' ? ` · ${t('record.results.via.tag')}` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : query.trim() ? (
            <p className="hint">{t('record.results.none')}</p>
          ) : null}
          {query.trim() ? (
            <button type="button" className="primary" onClick={openTyped}>
              {t('record.manual.open', { id: query.trim() })}
            </button>
          ) : null}
          {picking && detectedCustomerId ? (
            <button type="button" onClick={() => setPicking(false)}>
              {t('record.cancel')}
            </button>
          ) : null}
        </div>
      ) : null}

      {current && !picking ? (
        <>
          <div className="record-switch">
            {chosenId && detectedCustomerId && chosenId !== detectedCustomerId ? (
              <button type="button" onClick={() => setChosenId(null)}>
                {t('record.backToChat')}
              </button>
            ) : null}
            <button type="button" onClick={() => setPicking(true)}>
              {t('record.switch')}
            </button>
          </div>
          <CustomerRecord
            key={current.id}
            db={db}
            customer={current}
            author={author}
            orderOnScreen={chosenId ? undefined : c?.orderId}
            notify={notify}
            onError={showError}
            onErased={() => {
              setChosenId(null);
              setDetected(null);
            }}
            readSelection={readSelection}
            onOpenCase={onOpenCase}
          />
        </>
      ) : null}

      <TodayFollowUps
        db={db}
        author={author}
        onOpenCustomer={(id) => {
          setChosenId(id);
          setPicking(false);
        }}
      />
    </section>
  );
}
