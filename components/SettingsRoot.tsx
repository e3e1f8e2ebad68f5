import { useEffect, useState, type ReactNode } from 'react';
import { ErrorBoundary } from '@/components/ErrorBoundary';
import { LangProvider } from '@/components/sidebar/i18n';
import { log } from '@/lib/log';
import { loadSettings, onSettingsChanged, resolveLanguage, type Settings } from '@/lib/settings/settings';

/**
 * What every extension page (sidebar, workbench, popup) starts with: the
 * settings, followed live; the language they resolve to, on the document and
 * for `useT`; a last-resort error boundary. Renders nothing until the settings
 * are read.
 */
export function SettingsRoot({ children }: { children: (settings: Settings) => ReactNode }) {
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
      <ErrorBoundary>{children(settings)}</ErrorBoundary>
    </LangProvider>
  );
}
