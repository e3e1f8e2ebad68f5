import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ErrorBoundary } from '@/components/ErrorBoundary';
import { LangProvider } from '@/components/sidebar/i18n';
import { WorkbenchApp } from '@/components/workbench/WorkbenchApp';
import { getDb } from '@/lib/db/database';
import { log } from '@/lib/log';
import { loadSettings, onSettingsChanged, resolveLanguage, type Settings } from '@/lib/settings/settings';

// The workbench (工作台): the same providers as the sidebar (query cache with
// one error log, language from settings, last-resort error boundary).
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
        <WorkbenchApp db={getDb()} settings={settings} />
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
