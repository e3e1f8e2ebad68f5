import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SettingsRoot } from '@/components/SettingsRoot';
import { WorkbenchApp } from '@/components/workbench/WorkbenchApp';
import { getDb } from '@/lib/db/database';
import { log } from '@/lib/log';

// The workbench (工作台): the same providers as the sidebar (query cache with
// one error log, settings and language, last-resort error boundary).
const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (err, query) => log.error('query failed', err, { key: query.queryKey }) }),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SettingsRoot>{(settings) => <WorkbenchApp db={getDb()} settings={settings} />}</SettingsRoot>
    </QueryClientProvider>
  </StrictMode>,
);
