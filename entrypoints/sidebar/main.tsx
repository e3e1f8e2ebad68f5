import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SettingsRoot } from '@/components/SettingsRoot';
import { SidebarApp } from '@/components/sidebar/SidebarApp';
import { log } from '@/lib/log';

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (err, query) => log.error('query failed', err, { key: query.queryKey }) }),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SettingsRoot>{(settings) => <SidebarApp settings={settings} />}</SettingsRoot>
    </QueryClientProvider>
  </StrictMode>,
);
