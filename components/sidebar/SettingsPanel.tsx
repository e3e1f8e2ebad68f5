import { useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { saveSettings, type Settings } from '@/lib/settings/settings';
import { log } from '@/lib/log';
import { ComplianceSettings } from './ComplianceSettings';
import { SyncStatus } from '@/components/sync/SyncStatus';
import { CustomSiteForm, type CustomSiteFormProps } from './CustomSiteForm';
import { useT } from './i18n';
import { useAuthor } from '@/components/sync/use-author';

/**
 * The few settings the sidebar needs to do its job: who the agent is ({{agent}},
 * author of records), the default shop ({{shop}} when the console shows none),
 * the language, and the key that expands shortcut codes.
 */
export function SettingsPanel({ settings, onDone, page }: { settings: Settings; onDone(): void; page?: CustomSiteFormProps }) {
  const t = useT();
  const author = useAuthor(settings);
  const [agentName, setAgentName] = useState(settings.agentName);
  const [shopName, setShopName] = useState(settings.shopName);
  const [language, setLanguage] = useState(settings.language);
  const [triggerKey, setTriggerKey] = useState(settings.triggerKey);
  const [saved, setSaved] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    saveSettings({ agentName: agentName.trim(), shopName: shopName.trim(), language, triggerKey })
      .then(() => {
        setSaved(true);
        onDone();
      })
      .catch((err: unknown) => log.error('saving settings failed', err));
  };

  return (
    <>
    <form className="editor" onSubmit={submit} data-testid="settings-form">
      <h2>{t('settings.title')}</h2>
      <label>
        {t('settings.agentName')}
        <input data-testid="settings-agent" value={agentName} maxLength={50} onChange={(e) => setAgentName(e.target.value)} />
      </label>
      <label>
        {t('settings.shopName')}
        <input data-testid="settings-shop" value={shopName} maxLength={80} onChange={(e) => setShopName(e.target.value)} />
      </label>
      <label>
        {t('settings.language')}
        <select value={language} onChange={(e) => setLanguage(e.target.value as Settings['language'])}>
          <option value="auto">{t('settings.language.auto')}</option>
          <option value="zh">简体中文</option>
          <option value="en">English</option>
        </select>
      </label>
      <label>
        {t('settings.triggerKey')}
        <select value={triggerKey} onChange={(e) => setTriggerKey(e.target.value as Settings['triggerKey'])}>
          <option value="Tab">Tab</option>
          <option value="Space">{t('settings.triggerKey.space')}</option>
          <option value="Enter">{t('settings.triggerKey.enter')}</option>
        </select>
      </label>
      <p className="hint">{t('settings.shortcutHint', { key: settings.toggleShortcut })}</p>
      <div className="actions">
        <button type="submit" className="primary" data-testid="settings-save">
          {t('form.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('form.cancel')}
        </button>
        {saved ? <span className="hint">{t('settings.saved')}</span> : null}
      </div>
    </form>
    <div className="editor" data-testid="settings-workbench">
      <button
        type="button"
        data-testid="open-workbench"
        onClick={() => void browser.runtime.openOptionsPage().catch((err: unknown) => log.error('opening the workbench failed', err))}
      >
        {t('settings.workbench')}
      </button>
      <p className="hint">{t('settings.workbench.hint')}</p>
    </div>
    <ComplianceSettings author={author} draftCheck={settings.draftCheck} />
    <SyncStatus />
    {page ? <CustomSiteForm {...page} /> : null}
    </>
  );
}
