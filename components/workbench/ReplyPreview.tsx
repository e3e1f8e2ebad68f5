import { useState } from 'react';
import { useLang, useT } from '@/components/sidebar/i18n';
import { formatToday, parseTemplate, type ContextKey } from '@/lib/insert/template';

export interface ReplyPreviewProps {
  body: string;
  /** The agent's name and shop from settings; samples stand in where they are empty. */
  agent: string;
  shop: string;
  /** A fixed time (tests); the clock when the editor opened otherwise. */
  now?: number;
}

/**
 * A reply as a buyer would read it, with each variable replaced by a sample
 * (or the agent's own name and shop) and marked, and each fill-in field shown
 * as its label in brackets. It parses with the insertion engine's own
 * template parser, so the preview and the inserted text cannot disagree on
 * what is a variable (typos in the braces included).
 */
export function ReplyPreview({ body, agent, shop, now }: ReplyPreviewProps) {
  const t = useT();
  const lang = useLang();
  const [opened] = useState(() => now ?? Date.now());
  const samples: Record<ContextKey, string> = {
    buyer: t('library.preview.buyer'),
    order: t('library.preview.order'),
    shop: shop.trim() || t('library.preview.shop'),
    agent: agent.trim() || t('library.preview.agent'),
    today: formatToday(new Date(now ?? opened), lang),
  };
  const { parts } = parseTemplate(body);
  return (
    <div className="lib-preview" data-testid="library-preview">
      <p className="lib-preview-head">{t('library.preview')}</p>
      <p className="lib-preview-text" data-testid="library-preview-text">
        {parts.map((part, i) =>
          part.kind === 'text' ? (
            part.text
          ) : part.kind === 'context' ? (
            <mark key={i} className="lib-var" title={`{{${part.key}}}`} data-testid="library-preview-var">
              {samples[part.key]}
            </mark>
          ) : (
            <mark key={i} className="lib-var lib-fill" data-testid="library-preview-fill">
              [{part.label}]
            </mark>
          ),
        )}
      </p>
      <p className="hint">{t('library.preview.hint')}</p>
    </div>
  );
}
