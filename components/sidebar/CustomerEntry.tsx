import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ReactNode } from 'react';
import { customerForContext } from '@/lib/db/customers';
import { searchCustomers, type CustomerHit } from '@/lib/db/customer-search';
import type { KefuDatabase } from '@/lib/db/database';
import type { Customer } from '@/lib/db/records';
import { useT } from './i18n';
import { NoteIndexHint } from './NoteIndexHint';

export interface CustomerEntryProps {
  db: KefuDatabase;
  /** Where a buyer typed by hand belongs: the console's platform and shop. */
  platform: string;
  shop: string | undefined;
  /** The agent's name from settings: the author of a record created here. */
  author: string;
  /** The input's id (for its label); the e2e tests find it by `data-testid="customer-id-input"`. */
  inputId: string;
  /** A customer was picked from the results (`hit`, e.g. the note that matched) or opened by the id typed. */
  onOpen(customer: Customer, hit?: CustomerHit): void;
  onError(err: unknown): void;
  /** Offered as "cancel" when given (the agent was only looking for another customer). */
  onCancel?(): void;
  /** Said above the input (why a buyer is needed here). */
  children?: ReactNode;
  testid?: string;
}

/** How many matches the entry lists while the agent types. */
const RESULTS = 8;

/**
 * Typing or picking a buyer where none is detected, the same in the Customer
 * and the Complaints tab: a buyer id or nickname typed (Enter opens, or
 * creates, that record: id and name until renamed), or a record found by
 * name, id, order, tag, note text or pinyin, with what matched.
 */
export function CustomerEntry({ db, platform, shop, author, inputId, onOpen, onError, onCancel, children, testid }: CustomerEntryProps) {
  const t = useT();
  const [query, setQuery] = useState('');
  const typed = query.trim();
  const hits = useLiveQuery(() => searchCustomers(db, query, { limit: RESULTS }), [db, query]);

  const open = (customer: Customer, hit?: CustomerHit) => {
    setQuery('');
    onOpen(customer, hit);
  };
  const openTyped = () => {
    if (!typed) return;
    customerForContext(db, { platform, shop, buyerId: typed }, { author })
      .then((customer) => open(customer))
      .catch(onError);
  };

  return (
    <div className="record-picker" data-testid={testid}>
      {children}
      <label htmlFor={inputId}>{t('record.manual.label')}</label>
      <input
        id={inputId}
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
              <button type="button" data-testid="customer-result" onClick={() => open(hit.customer, hit)}>
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
      ) : typed ? (
        <p className="hint">{t('record.results.none')}</p>
      ) : null}
      {typed ? <NoteIndexHint db={db} /> : null}
      {typed ? (
        <button type="button" className="primary" onClick={openTyped}>
          {t('record.manual.open', { id: typed })}
        </button>
      ) : null}
      {onCancel ? (
        <button type="button" onClick={onCancel}>
          {t('record.cancel')}
        </button>
      ) : null}
    </div>
  );
}
