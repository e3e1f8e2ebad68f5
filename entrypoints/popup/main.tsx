import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { SettingsRoot } from '@/components/SettingsRoot';
import { PopupApp } from '@/components/popup/PopupApp';
import { getDb } from '@/lib/db/database';
import { log } from '@/lib/log';
import { popupTab, type PopupTab } from '@/lib/popup/site-status';

// The toolbar popup: settings, language and the tab it is about, then PopupApp.
function Root() {
  const [tab, setTab] = useState<PopupTab | undefined | null>(null);
  useEffect(() => {
    popupTab(location.search).then(setTab, (err: unknown) => {
      log.error('popup tab unreadable', err);
      setTab(undefined);
    });
  }, []);
  if (tab === null) return null;
  return <SettingsRoot>{(settings) => <PopupApp db={getDb()} settings={settings} tab={tab} close={() => window.close()} />}</SettingsRoot>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
