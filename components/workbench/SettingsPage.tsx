import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { browser } from 'wxt/browser';
import { CustomSiteEditor } from '@/components/sidebar/CustomSiteForm';
import { useLang, useT } from '@/components/sidebar/i18n';
import { adapters, type CustomSite } from '@/lib/adapters';
import { ENABLED_SITES_KEY, forgetEnabledSite, listEnabledSites, rememberEnabledSite } from '@/lib/background/sites';
import type { MessageKey } from '@/lib/i18n/messages';
import { log } from '@/lib/log';
import { sendToBackground } from '@/lib/messaging/bus';
import { loadCustomSites, onCustomSitesChanged } from '@/lib/settings/custom-sites';
import { checkDraft, draftOf, SHOP_NAME_MAX, AGENT_NAME_MAX, WIDTH_MAX, WIDTH_MIN, type DraftCheck, type SettingsDraft } from '@/lib/settings/settings-form';
import { loadSettings, saveSettings, type Settings } from '@/lib/settings/settings';
import { checkShortcut, shortcutFromEvent } from '@/lib/settings/shortcut';
import { switchSite } from '@/lib/settings/site-switches';
import './SettingsPage.css';

export interface SettingsPageProps {
  settings: Settings;
}

/**
 * Settings (设置) in the workbench: who the agent is and their shops, the
 * language, how the sidebar opens (mode, width, shortcut), the key that
 * expands shortcut codes, and where the sidebar runs: built-in consoles,
 * sites enabled from the popup, and custom sites. Everything is in extension
 * storage; open sidebars follow a save at once (onSettingsChanged).
 */
export function SettingsPage({ settings }: SettingsPageProps) {
  const t = useT();
  return (
    <section className="wb-page wbs-page" data-testid="settings-page">
      <div className="wb-page-head">
        <h1>{t('wbs.title')}</h1>
      </div>
      <SettingsForm settings={settings} />
      <SitesSection settings={settings} />
      <section className="wbs-section">
        <h2>{t('wbs.data.title')}</h2>
        <p className="hint">{t('wbs.data.hint')}</p>
        <a href="#/data" data-testid="settings-data-link">
          {t('wbs.data.link')}
        </a>
      </section>
    </section>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const t = useT();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(settings));
  const [errors, setErrors] = useState<Extract<DraftCheck, { ok: false }>['errors']>({});
  const [status, setStatus] = useState<string | null>(null);
  const set = (patch: Partial<SettingsDraft> | ((d: SettingsDraft) => Partial<SettingsDraft>)) => {
    // Against the latest draft: two clicks before a render must both count.
    setDraft((d) => ({ ...d, ...(typeof patch === 'function' ? patch(d) : patch) }));
    setStatus(null);
  };
  const shortcut = checkShortcut(draft.shortcut);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkDraft(draft, settings);
    if (!checked.ok) {
      setErrors(checked.errors);
      setStatus(t('wbs.fixErrors'));
      return;
    }
    setErrors({});
    saveSettings(checked.patch).then(
      (saved) => {
        setDraft(draftOf(saved));
        setStatus(t('settings.saved'));
      },
      (err: unknown) => {
        log.error('saving settings failed', err);
        setStatus(t('error.save-failed', { message: err instanceof Error ? err.message : String(err) }));
      },
    );
  };

  const recordShortcut = (e: KeyboardEvent<HTMLInputElement>) => {
    // Tab moves on; Backspace clears; anything else is recorded, not typed.
    if (e.key === 'Tab') return;
    e.preventDefault();
    if (e.key === 'Backspace' || e.key === 'Delete') return set({ shortcut: '' });
    const spelled = shortcutFromEvent(e.nativeEvent);
    if (spelled) set({ shortcut: spelled });
  };

  const error = (key: keyof typeof errors) =>
    errors[key] ? (
      <span className="field-error" data-testid={`settings-error-${key}`}>
        {t(`wbs.error.${errors[key]}` as MessageKey, { max: key === 'agentName' ? AGENT_NAME_MAX : SHOP_NAME_MAX, min: WIDTH_MIN, maxWidth: WIDTH_MAX })}
      </span>
    ) : null;

  return (
    <form className="wbs-form" onSubmit={submit} data-testid="settings-form" noValidate>
      <section className="wbs-section">
        <h2>{t('wbs.profile')}</h2>
        <label>
          {t('settings.agentName')}
          <input data-testid="settings-agent" value={draft.agentName} onChange={(e) => set({ agentName: e.target.value })} aria-invalid={!!errors.agentName} />
          <span className="hint">{t('wbs.agentHint')}</span>
          {error('agentName')}
        </label>
        <fieldset className="wbs-shops" data-testid="settings-shops">
          <legend>{t('wbs.shops')}</legend>
          {draft.shops.length === 0 ? <p className="hint">{t('wbs.shops.none')}</p> : null}
          {draft.shops.map((shop, i) => (
            <div className="wbs-shop" key={i}>
              <input
                data-testid="settings-shop"
                value={shop}
                aria-label={t('wbs.shops.name', { n: i + 1 })}
                onChange={(e) => {
                  const shops = draft.shops.slice();
                  const wasDefault = draft.defaultShop === shop;
                  shops[i] = e.target.value;
                  set({ shops, ...(wasDefault ? { defaultShop: e.target.value } : {}) });
                }}
              />
              <label className="wbs-inline">
                <input type="radio" name="default-shop" checked={draft.defaultShop === shop && shop !== ''} onChange={() => set({ defaultShop: shop })} />
                {t('wbs.shops.default')}
              </label>
              <button type="button" onClick={() => set((d) => ({ shops: d.shops.filter((_, j) => j !== i) }))}>
                {t('reply.delete')}
              </button>
            </div>
          ))}
          <button type="button" data-testid="settings-shop-add" onClick={() => set((d) => ({ shops: [...d.shops, ''] }))}>
            {t('wbs.shops.add')}
          </button>
          <span className="hint">{t('wbs.shops.hint')}</span>
          {error('shops')}
        </fieldset>
        <label>
          {t('settings.language')}
          <select data-testid="settings-language" value={draft.language} onChange={(e) => set({ language: e.target.value as Settings['language'] })}>
            <option value="auto">{t('settings.language.auto')}</option>
            <option value="zh">简体中文</option>
            <option value="en">English</option>
          </select>
        </label>
      </section>

      <section className="wbs-section">
        <h2>{t('wbs.sidebar')}</h2>
        <label>
          {t('sidebar.mode.label')}
          <select data-testid="settings-mode" value={draft.mode} onChange={(e) => set({ mode: e.target.value as SettingsDraft['mode'] })}>
            <option value="push">{t('sidebar.mode.push')}</option>
            <option value="overlay">{t('sidebar.mode.overlay')}</option>
          </select>
        </label>
        <label>
          {t('wbs.width')}
          <input data-testid="settings-width" inputMode="numeric" value={draft.width} onChange={(e) => set({ width: e.target.value })} aria-invalid={!!errors.width} />
          <span className="hint">{t('wbs.width.hint', { min: WIDTH_MIN, max: WIDTH_MAX })}</span>
          {error('width')}
        </label>
        <label>
          {t('wbs.shortcut')}
          <input
            data-testid="settings-shortcut"
            value={draft.shortcut}
            onKeyDown={recordShortcut}
            onChange={(e) => set({ shortcut: e.target.value })}
            aria-invalid={!!errors.shortcut || !!shortcut.problem}
            spellCheck={false}
          />
          <span className="hint">{t('wbs.shortcut.hint')}</span>
          {shortcut.problem && draft.shortcut ? (
            <span className="field-error" data-testid="settings-shortcut-problem">
              {t(`wbs.error.shortcut-${shortcut.problem}` as MessageKey)}
            </span>
          ) : null}
          {shortcut.conflicts.map((owner) => (
            <span className="wbs-conflict" key={owner} data-testid="settings-shortcut-conflict">
              {t('wbs.shortcut.conflict', { owner: t(`wbs.owner.${owner}` as MessageKey) })}
            </span>
          ))}
          {errors.shortcut && !shortcut.problem ? error('shortcut') : null}
        </label>
        <label>
          {t('settings.triggerKey')}
          <select data-testid="settings-trigger" value={draft.triggerKey} onChange={(e) => set({ triggerKey: e.target.value as Settings['triggerKey'] })}>
            <option value="Tab">Tab</option>
            <option value="Space">{t('settings.triggerKey.space')}</option>
            <option value="Enter">{t('settings.triggerKey.enter')}</option>
          </select>
        </label>
      </section>
      <div className="actions wbs-actions">
        <button type="submit" className="primary" data-testid="settings-save">
          {t('form.save')}
        </button>
        {status ? (
          <span className="hint" role="status" data-testid="settings-status">
            {status}
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** The sites enabled from the popup, kept current. */
function useEnabledSites(): string[] {
  const [sites, setSites] = useState<string[]>([]);
  useEffect(() => {
    const load = () => void listEnabledSites().then(setSites, (err: unknown) => log.error('enabled sites unreadable', err));
    load();
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && ENABLED_SITES_KEY in changes) load();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  return sites;
}

function useCustomSites(): CustomSite[] {
  const [sites, setSites] = useState<CustomSite[]>([]);
  useEffect(() => {
    loadCustomSites().then(setSites, (err: unknown) => log.error('custom sites unreadable', err));
    return onCustomSitesChanged(setSites);
  }, []);
  return sites;
}

function SitesSection({ settings }: { settings: Settings }) {
  const t = useT();
  const lang = useLang();
  const enabled = useEnabledSites();
  const custom = useCustomSites();
  // The custom site being edited: a site, 'new', or none.
  const [editing, setEditing] = useState<CustomSite | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (err: unknown) => setError(t('error.save-failed', { message: err instanceof Error ? err.message : String(err) }));

  // Switches are written one after another, each from the stored list, not
  // the rendered one: quick clicks must not undo each other.
  const writes = useRef<Promise<unknown>>(Promise.resolve());
  const toggle = (key: string, on: boolean) => {
    setError(null);
    writes.current = writes.current
      .then(() => loadSettings())
      .then((current) => saveSettings({ disabledSites: switchSite(current.disabledSites, key, on) }))
      .catch(fail);
  };
  const isOn = (key: string) => !settings.disabledSites.includes(key);
  const switchCell = (key: string, label: string) => (
    <td>
      <label className="wbs-inline">
        <input type="checkbox" data-testid={`site-switch-${key}`} checked={isOn(key)} onChange={(e) => toggle(key, e.target.checked)} aria-label={label} />
        {isOn(key) ? t('wbs.sites.on') : t('wbs.sites.off')}
      </label>
    </td>
  );

  return (
    <section className="wbs-section" data-testid="settings-sites">
      <h2>{t('wbs.sites')}</h2>
      <p className="hint">{t('wbs.sites.hint')}</p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <h3>{t('wbs.sites.builtIn')}</h3>
      <table className="wb-table wbs-sites">
        <tbody>
          {adapters.map((a) => (
            <tr key={a.id} data-testid="site-row">
              <td>{a.name[lang]}</td>
              <td className="hint">{a.consoleUrl ? new URL(a.consoleUrl).hostname : ''}</td>
              {switchCell(a.id, a.name[lang])}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('wbs.sites.enabled')}</h3>
      {enabled.length === 0 ? <p className="hint">{t('wbs.sites.enabled.none')}</p> : null}
      <table className="wb-table wbs-sites">
        <tbody>
          {enabled.map((pattern) => (
            <tr key={pattern} data-testid="site-row">
              <td>{pattern}</td>
              <td />
              {switchCell(pattern, pattern)}
              <td>
                <button type="button" className="danger" onClick={() => void forgetEnabledSite(pattern).catch(fail)}>
                  {t('wbs.sites.forget')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('wbs.sites.custom')}</h3>
      {custom.length === 0 ? <p className="hint">{t('wbs.sites.custom.none')}</p> : null}
      <table className="wb-table wbs-sites">
        <tbody>
          {custom.map((site) => (
            <tr key={site.id} data-testid="custom-site-row">
              <td>{site.name}</td>
              <td className="hint">{site.matches.join(' ')}</td>
              {switchCell(site.id, site.name)}
              <td>
                <button type="button" data-testid="custom-site-edit" onClick={() => setEditing(site)}>
                  {t('reply.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing ? (
        <div className="wbs-editor">
          <CustomSiteEditor
            key={editing === 'new' ? 'new' : editing.id}
            site={editing === 'new' ? undefined : editing}
            testOnSite={(req) => sendToBackground('testSelectorsOnSite', req)}
            askPermission={(origin) =>
              // Requested here, in the click; once granted the site is enabled like one from the popup.
              browser.permissions.request({ origins: [origin] }).then(async (granted) => {
                if (granted) await rememberEnabledSite(origin);
                return granted;
              })
            }
            onDone={() => setEditing(null)}
          />
        </div>
      ) : (
        <button type="button" data-testid="custom-site-add" onClick={() => setEditing('new')}>
          {t('wbs.sites.custom.add')}
        </button>
      )}
    </section>
  );
}
