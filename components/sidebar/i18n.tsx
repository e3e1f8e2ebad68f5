import { createContext, useContext, type ReactNode } from 'react';
import { t as translate, type Lang, type MessageKey } from '@/lib/i18n/messages';

const LangContext = createContext<Lang>('zh');

export function LangProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <LangContext.Provider value={lang}>{children}</LangContext.Provider>;
}

export function useLang(): Lang {
  return useContext(LangContext);
}

/** `t('reply.usage', {count: 3})` in the sidebar's language. */
export function useT(): (key: MessageKey, params?: Record<string, string | number>) => string {
  const lang = useContext(LangContext);
  return (key, params) => translate(lang, key, params);
}
