import type { PageState } from '@/lib/messaging/protocol';
import { useT } from './i18n';

/** What the console shows about the conversation on screen, as the adapter read it. */
export function CustomerPanel({ state, platformName }: { state: PageState | undefined; platformName: string }) {
  const t = useT();
  const c = state?.context;
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
      <h2>{t('customer.title')}</h2>
      <dl>
        {row(t('customer.platform'), platformName)}
        {row(t('customer.buyer'), c?.buyerName, 'context-buyer')}
        {row(t('customer.buyerId'), c?.buyerId)}
        {row(t('customer.order'), c?.orderId, 'context-order')}
        {row(t('customer.shop'), c?.shop)}
      </dl>
      <p className="hint">{t('customer.hint')}</p>
    </section>
  );
}
