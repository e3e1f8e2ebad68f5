import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { SidebarApp } from '@/components/sidebar/SidebarApp';
import { LangProvider } from '@/components/sidebar/i18n';
import { ErrorBoundary } from '@/components/ErrorBoundary';
import { log } from '@/lib/log';
import { loadSettings, onSettingsChanged, resolveLanguage, type Settings } from '@/lib/settings/settings';

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (err, query) => log.error('query failed', err, { key: query.queryKey }) }),
});

function Root() {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    loadSettings().then(setSettings, (err: unknown) => log.error('settings unreadable', err));
    return onSettingsChanged(setSettings);
  }, []);
  const lang = settings ? resolveLanguage(settings.language, navigator.language) : null;
  useEffect(() => {
    if (lang) document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  if (!settings || !lang) return null;
  return (
    <LangProvider lang={lang}>
      <ErrorBoundary>
        <SidebarApp settings={settings} />
      </ErrorBoundary>
    </LangProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Root />
    </QueryClientProvider>
  </StrictMode>,
);
