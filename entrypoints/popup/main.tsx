import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ErrorBoundary } from '@/components/ErrorBoundary';
import { PopupApp } from '@/components/popup/PopupApp';
import { LangProvider } from '@/components/sidebar/i18n';
import { getDb } from '@/lib/db/database';
import { log } from '@/lib/log';
import { popupTab, type PopupTab } from '@/lib/popup/site-status';
import { loadSettings, onSettingsChanged, resolveLanguage, type Settings } from '@/lib/settings/settings';

// The toolbar popup: settings, language and the tab it is about, then PopupApp.
function Root() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [tab, setTab] = useState<PopupTab | undefined | null>(null);
  useEffect(() => {
    loadSettings().then(setSettings, (err: unknown) => log.error('settings unreadable', err));
    popupTab(location.search).then(setTab, (err: unknown) => {
      log.error('popup tab unreadable', err);
      setTab(undefined);
    });
    return onSettingsChanged(setSettings);
  }, []);
  const lang = settings ? resolveLanguage(settings.language, navigator.language) : null;
  useEffect(() => {
    if (lang) document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  if (!settings || !lang || tab === null) return null;
  return (
    <LangProvider lang={lang}>
      <ErrorBoundary>
        <PopupApp db={getDb()} settings={settings} tab={tab} close={() => window.close()} />
      </ErrorBoundary>
    </LangProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
