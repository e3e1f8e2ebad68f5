import { useEffect, useState, type FormEvent } from 'react';
import type { CustomSite } from '@/lib/adapters';
import type { MessageKey } from '@/lib/i18n/messages';
import { log } from '@/lib/log';
import type { RequestOf, ResponseOf } from '@/lib/messaging/protocol';
import { sitePatternFor } from '@/lib/background/sites';
import { customSiteId, loadCustomSites, removeCustomSite, saveCustomSite } from '@/lib/settings/custom-sites';
import { useT } from './i18n';

type Selectors = RequestOf<'testSelectors'>;
/** A try of the selectors: in the sidebar always on its own page; in the workbench on an open tab of the site, if any. */
type SelectorTest = ResponseOf<'testSelectorsOnSite'>;

export interface CustomSiteFormProps {
  /** The console page the sidebar is docked on. */
  pageUrl: string;
  testSelectors(req: Selectors): Promise<ResponseOf<'testSelectors'>>;
}

/**
 * Defines this page's console by CSS selectors (chat box, buyer, order, shop),
 * tried live on the page before saving. For consoles we have no adapter for,
 * or a built-in one a redesign broke. The sidebar's form: the site is the
 * page the sidebar is on.
 */
export function CustomSiteForm({ pageUrl, testSelectors }: CustomSiteFormProps) {
  const host = new URL(pageUrl).hostname;
  const id = customSiteId(host);
  const pattern = sitePatternFor(pageUrl);
  const [existing, setExisting] = useState<CustomSite | null | undefined>(undefined);

  useEffect(() => {
    loadCustomSites()
      .then((sites) => setExisting(sites.find((s) => s.id === id) ?? null))
      .catch((err: unknown) => {
        log.error('custom sites unreadable', err);
        setExisting(null);
      });
  }, [id]);

  if (!pattern || existing === undefined) return null;
  return (
    <SiteSelectorsForm
      key={existing?.id ?? 'new'}
      id={id}
      initial={existing ?? { name: host, matches: [pattern], replySelector: '' }}
      fixedPattern={pattern}
      exists={existing !== null}
      test={(sel) => testSelectors(sel).then((r): SelectorTest => ({ kind: 'tested', tabTitle: '', ...r }))}
    />
  );
}

export interface CustomSiteEditorProps {
  /** The site to edit; a new one when absent. */
  site?: CustomSite;
  /** Tries the selectors in an open tab the pattern covers (through the background and that tab's content script). */
  testOnSite(req: RequestOf<'testSelectorsOnSite'>): Promise<SelectorTest>;
  /**
   * Called in the save click, before anything is awaited (the browser allows
   * a permission prompt only there): asks for the pattern's site; resolves
   * true when it is granted.
   */
  askPermission(pattern: string): Promise<boolean>;
  onDone(): void;
}

/**
 * The workbench's form for a custom site: the same selectors as the
 * sidebar's, plus the URL pattern, typed; "test on this page" runs in an
 * open tab of the site.
 */
export function CustomSiteEditor({ site, testOnSite, askPermission, onDone }: CustomSiteEditorProps) {
  return (
    <SiteSelectorsForm
      id={site?.id}
      initial={site ?? { name: '', matches: [''], replySelector: '' }}
      exists={site !== undefined}
      test={(selectors, matches) => testOnSite({ matches, selectors })}
      askPermission={askPermission}
      onDone={onDone}
    />
  );
}

/** `https://*.shop.example/chat/*` → the origin pattern a permission is asked for, `https://*.shop.example/*`. */
export function originOfPattern(pattern: string): string | null {
  const m = /^(https?|\*):\/\/([^/]+)\//.exec(pattern.trim());
  return m ? `${m[1]}://${m[2]}/*` : null;
}

interface SiteSelectorsFormProps {
  /** The site's id; derived from the pattern's host when creating in the workbench. */
  id?: string;
  initial: Pick<CustomSite, 'name' | 'matches' | 'replySelector' | 'buyerSelector' | 'orderSelector' | 'shopSelector'>;
  /** The sidebar's page pattern, not editable; absent in the workbench. */
  fixedPattern?: string;
  exists: boolean;
  test(selectors: Selectors, matches: string[]): Promise<SelectorTest>;
  askPermission?(pattern: string): Promise<boolean>;
  onDone?(): void;
}

function SiteSelectorsForm({ id: givenId, initial, fixedPattern, exists: existsAtFirst, test: runTest, askPermission, onDone }: SiteSelectorsFormProps) {
  const t = useT();
  const [exists, setExists] = useState(existsAtFirst);
  const [name, setName] = useState(initial.name);
  const [pattern, setPattern] = useState(fixedPattern ?? initial.matches[0] ?? '');
  const [sel, setSel] = useState<Selectors>({
    replySelector: initial.replySelector,
    buyerSelector: initial.buyerSelector,
    orderSelector: initial.orderSelector,
    shopSelector: initial.shopSelector,
  });
  const [tested, setTested] = useState<{ result: SelectorTest; sel: Selectors } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const host = /^[^:]+:\/\/([^/]+)\//.exec(pattern.trim())?.[1] ?? '';
  const id = givenId ?? customSiteId(host);
  const result = tested?.result.kind === 'tested' ? tested.result : null;

  const field = (key: keyof Selectors, label: MessageKey, testid: string, placeholder: string) => {
    const given = !!tested?.sel[key]?.trim();
    const found = key === 'replySelector' ? result?.replyFound : !!result?.[key === 'buyerSelector' ? 'buyer' : key === 'orderSelector' ? 'order' : 'shop'];
    return (
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
        {result?.invalid.includes(key) ? (
          <span className="field-error">{t('custom.invalidSelector')}</span>
        ) : result && given ? (
          <span className={found ? 'hint ok' : 'field-error'} data-testid={`${testid}-found`} data-found={found ? 'yes' : 'no'}>
            {found ? t('custom.found') : t('custom.notFoundHere')}
          </span>
        ) : null}
        {errors[key] ? <span className="field-error">{t(`custom.error.${errors[key]}` as MessageKey)}</span> : null}
      </label>
    );
  };

  const test = () => {
    setMessage(null);
    const asked = { ...sel };
    runTest(asked, [pattern.trim()]).then(
      (r) => {
        setTested({ result: r, sel: asked });
        if (r.kind === 'no-tab') setMessage(t('custom.test.noTab'));
        else if (r.kind === 'not-enabled') setMessage(t('custom.test.notEnabled', { title: r.tabTitle }));
        else if (r.tabTitle) setMessage(t('custom.test.on', { title: r.tabTitle }));
      },
      (err: unknown) => setMessage(t('error.internal', { message: err instanceof Error ? err.message : String(err) })),
    );
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    const clean = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
    const matches = [pattern.trim()];
    // The workbench may name a site the extension holds no permission for:
    // asked now, within the click.
    const origin = askPermission ? originOfPattern(pattern) : null;
    const granted = askPermission && origin ? askPermission(origin) : null;
    saveCustomSite({
      id,
      name: name.trim(),
      matches,
      replySelector: sel.replySelector.trim(),
      buyerSelector: clean(sel.buyerSelector),
      orderSelector: clean(sel.orderSelector),
      shopSelector: clean(sel.shopSelector),
    })
      .then(async () => {
        setExists(true);
        setErrors({});
        const ok = granted ? await granted.catch(() => false) : true;
        setMessage(ok ? t('custom.saved') : t('custom.saved.noPermission'));
        if (ok) onDone?.();
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
        setExists(false);
        setMessage(t('custom.removed'));
        onDone?.();
      })
      .catch((err: unknown) => setMessage(t('error.internal', { message: String(err) })));
  };

  return (
    <form className="editor" onSubmit={save} data-testid="custom-site-form">
      <h2>{fixedPattern ? t('custom.title') : exists ? t('custom.editTitle') : t('custom.newTitle')}</h2>
      <p className="hint">{fixedPattern ? t('custom.hint', { pattern: fixedPattern }) : t('custom.hint.workbench')}</p>
      <label>
        {t('custom.name')}
        <input data-testid="custom-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} />
        {errors.name ? <span className="field-error">{t(`custom.error.${errors.name}` as MessageKey)}</span> : null}
      </label>
      {fixedPattern ? null : (
        <label>
          {t('custom.pattern')}
          <input
            data-testid="custom-pattern"
            value={pattern}
            placeholder="https://shop.example.com/chat/*"
            spellCheck={false}
            readOnly={exists}
            aria-invalid={!!errors.matches || !!errors.id}
            onChange={(e) => setPattern(e.target.value)}
          />
          {errors.matches ? <span className="field-error">{t(`custom.error.${errors.matches}` as MessageKey)}</span> : null}
          {errors.id ? <span className="field-error">{t('custom.error.invalid-match-pattern')}</span> : null}
        </label>
      )}
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
            <dd data-testid="custom-test-buyer">{result.buyer ?? t('customer.unknown')}</dd>
          </div>
          <div className="kv">
            <dt>{t('customer.order')}</dt>
            <dd>{result.order ?? t('customer.unknown')}</dd>
          </div>
          <div className="kv">
            <dt>{t('customer.shop')}</dt>
            <dd>{result.shop ?? t('customer.unknown')}</dd>
          </div>
        </dl>
      ) : null}
      {message ? (
        <p className="hint" role="status" data-testid="custom-message">
          {message}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" data-testid="custom-test" onClick={test}>
          {t('custom.test')}
        </button>
        <button type="submit" className="primary" data-testid="custom-save">
          {t('form.save')}
        </button>
        {exists ? (
          <button type="button" className="danger" data-testid="custom-delete" onClick={remove}>
            {t('reply.delete')}
          </button>
        ) : null}
        {onDone ? (
          <button type="button" onClick={onDone}>
            {t('form.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
