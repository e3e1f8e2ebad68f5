import { useEffect, useState, type FormEvent } from 'react';
import type { CustomSite } from '@/lib/adapters';
import type { MessageKey } from '@/lib/i18n/messages';
import { log } from '@/lib/log';
import type { RequestOf, ResponseOf } from '@/lib/messaging/protocol';
import { sitePatternFor } from '@/lib/background/sites';
import { customSiteId, loadCustomSites, removeCustomSite, saveCustomSite } from '@/lib/settings/custom-sites';
import { useT } from './i18n';

type Selectors = RequestOf<'testSelectors'>;

export interface CustomSiteFormProps {
  /** The console page the sidebar is docked on. */
  pageUrl: string;
  testSelectors(req: Selectors): Promise<ResponseOf<'testSelectors'>>;
}

/**
 * Defines this page's console by CSS selectors (chat box, buyer, order, shop),
 * tried live on the page before saving. For consoles we have no adapter for,
 * or a built-in one a redesign broke.
 */
export function CustomSiteForm({ pageUrl, testSelectors }: CustomSiteFormProps) {
  const t = useT();
  const host = new URL(pageUrl).hostname;
  const id = customSiteId(host);
  const pattern = sitePatternFor(pageUrl);
  const [existing, setExisting] = useState<CustomSite | null>(null);
  const [name, setName] = useState(host);
  const [sel, setSel] = useState<Selectors>({ replySelector: '' });
  const [result, setResult] = useState<ResponseOf<'testSelectors'> | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    loadCustomSites()
      .then((sites) => {
        const site = sites.find((s) => s.id === id);
        if (!site) return;
        setExisting(site);
        setName(site.name);
        setSel({ replySelector: site.replySelector, buyerSelector: site.buyerSelector, orderSelector: site.orderSelector, shopSelector: site.shopSelector });
      })
      .catch((err: unknown) => log.error('custom sites unreadable', err));
  }, [id]);

  if (!pattern) return null;

  const field = (key: keyof Selectors, label: MessageKey, testid: string, placeholder: string) => (
    <label>
      {t(label)}
      <input
        data-testid={testid}
        value={sel[key] ?? ''}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={!!errors[key] || result?.invalid.includes(key)}
        onChange={(e) => setSel({ ...sel, [key]: e.target.value })}
      />
      {result?.invalid.includes(key) ? <span className="field-error">{t('custom.invalidSelector')}</span> : null}
      {errors[key] ? <span className="field-error">{t(`custom.error.${errors[key]}` as MessageKey)}</span> : null}
    </label>
  );

  const test = () => {
    setMessage(null);
    testSelectors(sel).then(setResult, (err: unknown) => setMessage(t('error.internal', { message: String(err) })));
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    const clean = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
    saveCustomSite({
      id,
      name: name.trim(),
      matches: [pattern],
      replySelector: sel.replySelector.trim(),
      buyerSelector: clean(sel.buyerSelector),
      orderSelector: clean(sel.orderSelector),
      shopSelector: clean(sel.shopSelector),
    })
      .then((site) => {
        setExisting(site);
        setErrors({});
        setMessage(t('custom.saved'));
      })
      .catch((err: unknown) => {
        const fields = (err as { fields?: Record<string, string> }).fields;
        if (fields) setErrors(fields);
        else setMessage(t('error.internal', { message: String(err) }));
      });
  };

  const remove = () => {
    removeCustomSite(id)
      .then(() => {
        setExisting(null);
        setMessage(t('custom.removed'));
      })
      .catch((err: unknown) => setMessage(t('error.internal', { message: String(err) })));
  };

  const show = (v: string | undefined) => v ?? t('customer.unknown');
  return (
    <form className="editor" onSubmit={save} data-testid="custom-site-form">
      <h2>{t('custom.title')}</h2>
      <p className="hint">{t('custom.hint', { pattern })}</p>
      <label>
        {t('custom.name')}
        <input data-testid="custom-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} />
        {errors.name ? <span className="field-error">{t(`custom.error.${errors.name}` as MessageKey)}</span> : null}
      </label>
      {field('replySelector', 'custom.reply', 'custom-reply', 'textarea#chat-input')}
      {field('buyerSelector', 'custom.buyer', 'custom-buyer', '.chat-header .nickname')}
      {field('orderSelector', 'custom.order', 'custom-order', '.order-card.active')}
      {field('shopSelector', 'custom.shop', 'custom-shop', '.shop-name')}
      {result ? (
        <dl className="test-result" data-testid="custom-test-result">
          <div className="kv">
            <dt>{t('custom.reply')}</dt>
            <dd className={result.replyFound ? 'ok' : 'muted'}>{result.replyFound ? t('custom.found') : t('custom.notFound')}</dd>
          </div>
          <div className="kv">
            <dt>{t('customer.buyer')}</dt>
            <dd data-testid="custom-test-buyer">{show(result.buyer)}</dd>
          </div>
          <div className="kv">
            <dt>{t('customer.order')}</dt>
            <dd>{show(result.order)}</dd>
          </div>
          <div className="kv">
            <dt>{t('customer.shop')}</dt>
            <dd>{show(result.shop)}</dd>
          </div>
        </dl>
      ) : null}
      {message ? <p className="hint" role="status">{message}</p> : null}
      <div className="actions">
        <button type="button" data-testid="custom-test" onClick={test}>
          {t('custom.test')}
        </button>
        <button type="submit" className="primary" data-testid="custom-save">
          {t('form.save')}
        </button>
        {existing ? (
          <button type="button" className="danger" onClick={remove}>
            {t('reply.delete')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
