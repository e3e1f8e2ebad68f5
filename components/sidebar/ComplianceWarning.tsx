import type { ReactNode } from 'react';
import { applySuggestion, highestSeverity, type ComplianceMatch } from '@/lib/compliance/matcher';
import { CATEGORY_LABELS, SEVERITY_LABELS } from '@/lib/compliance/rules';
import type { MessageKey } from '@/lib/i18n/messages';
import { useLang, useT } from './i18n';
import { matchedWords } from './use-compliance';

export interface ComplianceWarningProps {
  /** The checked text, shown with the matched words highlighted. */
  text: string;
  matches: readonly ComplianceMatch[];
  /** The headline instead of the severity's own (e.g. "not inserted: …"). */
  headline?: MessageKey;
  /** Placeholders of the headline besides `{words}`. */
  headlineParams?: Record<string, string>;
  /** Takes a match's softer wording: called with the whole text changed. */
  onApply?: (text: string) => void;
  /** Buttons under the warning (insert anyway, cancel…). */
  children?: ReactNode;
}

/** `text` with the matches' stretches in <mark>, most severe rule's severity on each. */
export function HighlightedText({ text, matches }: { text: string; matches: readonly ComplianceMatch[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const m of [...matches].sort((a, b) => a.start - b.start)) {
    if (m.start < at) continue; // overlapping matches of different rules: the first keeps the highlight
    if (m.start > at) parts.push(text.slice(at, m.start));
    parts.push(
      <mark key={`${m.start}-${m.ruleId}`} className={`compliance-${m.severity}`} data-testid="compliance-mark">
        {text.slice(m.start, m.end)}
      </mark>,
    );
    at = m.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <p className="compliance-text">{parts}</p>;
}

/**
 * What the compliance check found in a reply: a headline naming the matched
 * words, the text with them highlighted, and per match its category,
 * severity, the rule's explanation and, where the rule has one, a button
 * taking the softer wording. Renders nothing without matches.
 */
export function ComplianceWarning({ text, matches, headline, headlineParams, onApply, children }: ComplianceWarningProps) {
  const t = useT();
  const lang = useLang();
  const severity = highestSeverity(matches);
  if (!severity) return null;
  const words = matchedWords(matches, lang === 'zh' ? '、' : ', ');
  return (
    <div className={`compliance-warning compliance-${severity}`} role={severity === 'block' ? 'alert' : 'status'} data-testid="compliance-warning" data-severity={severity}>
      <p className="compliance-headline">{t(headline ?? (`compliance.${severity}` as MessageKey), { ...headlineParams, words })}</p>
      <HighlightedText text={text} matches={matches} />
      <ul className="compliance-matches">
        {matches.map((m) => {
          const applied = onApply ? applySuggestion(text, m) : undefined;
          return (
            <li key={`${m.start}-${m.ruleId}`} data-severity={m.severity}>
              <strong>“{m.text}”</strong> · <span data-testid="compliance-rule">{m.name[lang]}</span> · <span data-testid="compliance-category">{CATEGORY_LABELS[m.category][lang]}</span> ·{' '}
              <span>{SEVERITY_LABELS[m.severity][lang]}</span>
              <span className="hint"> — {m.explanation[lang]}</span>
              {applied !== undefined && onApply ? (
                <button type="button" data-testid="compliance-apply" onClick={() => onApply(applied)}>
                  {t('compliance.apply', { suggestion: m.suggestion ?? '' })}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {children ? <div className="actions">{children}</div> : null}
    </div>
  );
}
