import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { useLang, useT } from '@/components/sidebar/i18n';
import { useNow } from '@/components/sidebar/use-now';
import { DueLabel } from '@/components/sidebar/follow-up-parts';
import { adapterById } from '@/lib/adapters';
import { askSitePermission } from '@/lib/background/sites';
import type { KefuDatabase } from '@/lib/db/database';
import { listDueFollowUps } from '@/lib/db/follow-ups';
import { startOfLocalDay } from '@/lib/i18n/due-time';
import { log } from '@/lib/log';
import { sendToBackground } from '@/lib/messaging/bus';
import { loadSiteStatus, type PopupTab, type SiteStatus } from '@/lib/popup/site-status';
import { onCustomSitesChanged } from '@/lib/settings/custom-sites';
import { onSettingsChanged, saveSettings, type Settings } from '@/lib/settings/settings';
import { switchSite } from '@/lib/settings/site-switches';
import './PopupApp.css';

/** Follow-ups listed in the popup; the count covers them all. */
const FOLLOW_UPS_SHOWN = 3;

export interface PopupAppProps {
  db: KefuDatabase;
  settings: Settings;
  /** The tab the popup is about; undefined when none could be read. */
  tab: PopupTab | undefined;
  /** Closes the popup after an action that moves the agent elsewhere (window.close in the real popup). */
  close(): void;
  now?: number;
}

/**
 * The toolbar popup: this site's status (and enabling it), open the sidebar
 * here, open the workbench, and today's follow-ups. It replaces the old
 * toolbar click, which toggled the sidebar; Alt+K still does.
 */
export function PopupApp({ db, settings, tab, close, now: fixedNow }: PopupAppProps) {
  const t = useT();
  const [status, setStatus] = useState<SiteStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = useCallback(() => {
    loadSiteStatus(tab?.url).then(setStatus, (err: unknown) => {
      log.error('site status unreadable', err);
      setStatus({ kind: 'unsupported' });
    });
  }, [tab?.url]);
  useEffect(() => {
    refresh();
    const stopSettings = onSettingsChanged(refresh);
    const stopCustom = onCustomSitesChanged(refresh);
    return () => {
      stopSettings();
      stopCustom();
    };
  }, [refresh]);

  const fail = (err: unknown) => {
    setBusy(false);
    setMessage(t('error.internal', { message: err instanceof Error ? err.message : String(err) }));
  };

  const openSidebar = () => {
    if (!tab) return;
    setBusy(true);
    sendToBackground('openSidebarInTab', { tabId: tab.id }).then(({ opened }) => {
      setBusy(false);
      if (opened) close();
      else setMessage(t('popup.notOpened'));
    }, fail);
  };

  const enableHere = () => {
    if (!tab) return;
    // Asked before anything is awaited: the browser allows the prompt only within the click.
    const asked = askSitePermission(tab);
    setBusy(true);
    (asked ?? Promise.resolve(true))
      .then((granted) => {
        if (!granted) {
          setBusy(false);
          setMessage(t('popup.declined'));
          return;
        }
        return sendToBackground('enableSiteInTab', { tabId: tab.id }).then(({ enabled }) => {
          setBusy(false);
          if (enabled) close();
          else setMessage(t('popup.declined'));
        });
      })
      .catch(fail);
  };

  const switchOn = (keys: string[]) => {
    if (!tab) return;
    setBusy(true);
    const disabledSites = keys.reduce((list, key) => switchSite(list, key, true), settings.disabledSites);
    saveSettings({ disabledSites })
      .then(() => sendToBackground('openSidebarInTab', { tabId: tab.id }))
      .then(({ opened }) => {
        setBusy(false);
        if (opened) close();
      }, fail);
  };

  const openWorkbench = () => {
    browser.runtime.openOptionsPage().then(close, fail);
  };

  return (
    <div className="popup" data-testid="popup">
      <header className="popup-head">
        <strong>{t('app.title')}</strong>
        {settings.agentName ? <span className="popup-agent">{settings.agentName}</span> : null}
      </header>
      <section className="popup-site" data-testid="popup-site" data-status={status?.kind ?? 'loading'}>
        {status ? <SiteLine status={status} host={tab?.url ? hostOf(tab.url) : ''} /> : null}
        <div className="popup-actions">
          {status && (status.kind === 'console' || status.kind === 'custom' || status.kind === 'enabled') && !status.switchedOff ? (
            <button type="button" className="primary" data-testid="popup-open-sidebar" disabled={busy} onClick={openSidebar}>
              {t('popup.openSidebar')}
            </button>
          ) : null}
          {status && status.kind !== 'unsupported' && status.kind !== 'not-enabled' && status.switchedOff ? (
            <button type="button" className="primary" data-testid="popup-switch-on" disabled={busy} onClick={() => switchOn(status.keys)}>
              {t('popup.switchOn')}
            </button>
          ) : null}
          {status?.kind === 'not-enabled' ? (
            <button type="button" className="primary" data-testid="popup-enable" disabled={busy} onClick={enableHere}>
              {t('popup.enable')}
            </button>
          ) : null}
          <button type="button" data-testid="popup-workbench" onClick={openWorkbench}>
            {t('settings.workbench')}
          </button>
        </div>
        {message ? (
          <p className="popup-message" role="status" data-testid="popup-message">
            {message}
          </p>
        ) : null}
      </section>
      <PopupFollowUps db={db} now={fixedNow} onError={fail} close={close} />
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function SiteLine({ status, host }: { status: SiteStatus; host: string }) {
  const t = useT();
  const lang = useLang();
  switch (status.kind) {
    case 'unsupported':
      return <p data-testid="popup-status">{t('popup.status.unsupported')}</p>;
    case 'not-enabled':
      return <p data-testid="popup-status">{t('popup.status.notEnabled', { host })}</p>;
    case 'console':
      return <p data-testid="popup-status">{status.switchedOff ? t('popup.status.off', { name: status.name[lang] }) : t('popup.status.console', { name: status.name[lang] })}</p>;
    case 'custom':
      return <p data-testid="popup-status">{status.switchedOff ? t('popup.status.off', { name: status.name }) : t('popup.status.custom', { name: status.name })}</p>;
    case 'enabled':
      return <p data-testid="popup-status">{status.switchedOff ? t('popup.status.off', { name: host }) : t('popup.status.enabled', { host })}</p>;
  }
}

function PopupFollowUps({ db, now: fixedNow, onError, close }: { db: KefuDatabase; now?: number; onError(err: unknown): void; close(): void }) {
  const t = useT();
  const lang = useLang();
  const now = useNow(fixedNow);
  const today = startOfLocalDay(now);
  const due = useLiveQuery(() => listDueFollowUps(db, today), [db, today]);
  const open = (customerId: string) => {
    sendToBackground('openCustomerConsole', { customerId }).then(({ outcome }) => {
      if (outcome === 'none') onError(new Error(t('popup.followUps.noConsole')));
      else close();
    }, onError);
  };
  return (
    <section className="popup-followups" data-testid="popup-followups">
      <h2>
        {t('followup.today.title')} <span className="badge" data-testid="popup-followups-count">{due?.length ?? 0}</span>
      </h2>
      {due && due.length === 0 ? <p className="popup-muted">{t('followup.today.empty')}</p> : null}
      <ul>
        {(due ?? []).slice(0, FOLLOW_UPS_SHOWN).map(({ followUp, customer }) => (
          <li key={followUp.id} data-testid="popup-followup">
            <button type="button" className="link" data-testid="popup-followup-open" onClick={() => open(customer.id)}>
              {customer.displayName}
            </button>
            <span className="popup-muted"> · {adapterById(customer.platform)?.name[lang] ?? customer.platform}</span>
            <div className="popup-muted">
              {followUp.reason} <DueLabel followUp={followUp} now={now} />
            </div>
          </li>
        ))}
      </ul>
      {due && due.length > FOLLOW_UPS_SHOWN ? <p className="popup-muted">{t('popup.followUps.more', { count: due.length - FOLLOW_UPS_SHOWN })}</p> : null}
    </section>
  );
}
