import { getDb, type KefuDatabase } from '@/lib/db/database';
import { setRuleSetEnabled } from '@/lib/db/rule-sets';
import { log } from '@/lib/log';
import { useLang, useT } from './i18n';
import { useCompliance } from './use-compliance';

/**
 * The settings panel's "合规检查 / Compliance checks" section: each rule set
 * with its on/off switch, its size and its honest coverage note, so an agent
 * sees what their replies are checked against. Editing the rules is the
 * supervisor's, in the workbench.
 */
export function ComplianceSettings({ author, db = getDb() }: { author: string; db?: KefuDatabase }) {
  const t = useT();
  const lang = useLang();
  const { ruleSets } = useCompliance(db);
  return (
    <section className="editor" data-testid="settings-compliance">
      <h2>{t('settings.compliance')}</h2>
      <p className="hint">{t('settings.compliance.hint')}</p>
      {ruleSets && ruleSets.length === 0 ? <p className="empty">{t('settings.compliance.empty')}</p> : null}
      <ul className="compliance-sets">
        {(ruleSets ?? []).map((row) => (
          <li key={row.id} data-testid="compliance-set">
            <label className="check">
              <input
                type="checkbox"
                data-testid="compliance-set-switch"
                checked={row.enabled}
                onChange={(e) => {
                  setRuleSetEnabled(db, row.id, e.target.checked, { author }).catch((err: unknown) => log.error('switching a rule set failed', err));
                }}
              />{' '}
              {row.ruleSet.name[lang]} <span className="hint">{t('settings.compliance.rules', { count: row.ruleSet.rules.length })}</span>
            </label>
            {row.ruleSet.coverage ? (
              <details>
                <summary>{t('settings.compliance.coverage')}</summary>
                <p className="hint" data-testid="compliance-coverage">
                  {row.ruleSet.coverage[lang]}
                </p>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
