import { useState } from 'react';
import { getDb, type KefuDatabase } from '@/lib/db/database';
import { setRuleSetEnabled } from '@/lib/db/rule-sets';
import { log } from '@/lib/log';
import { saveSettings } from '@/lib/settings/settings';
import { useLang, useT } from './i18n';
import { useCompliance } from './use-compliance';

/**
 * The settings panel's "合规检查 / Compliance checks" section: each rule set
 * with its on/off switch, its size and its honest coverage note, so an agent
 * sees what their replies are checked against. Editing the rules is the
 * supervisor's, in the workbench.
 */
export function ComplianceSettings({ author, draftCheck, db = getDb() }: { author: string; draftCheck: boolean; db?: KefuDatabase }) {
  const t = useT();
  const lang = useLang();
  const { ruleSets } = useCompliance(db);
  return (
    <section className="editor" data-testid="settings-compliance">
      <h2>{t('settings.compliance')}</h2>
      <p className="hint">{t('settings.compliance.hint')}</p>
      <DraftCheckSwitch initial={draftCheck} />
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

/** The live draft check's switch: saved at once, the content script follows the setting without a reload. */
function DraftCheckSwitch({ initial }: { initial: boolean }) {
  const t = useT();
  const [on, setOn] = useState(initial);
  return (
    <label className="inline">
      <input
        type="checkbox"
        data-testid="settings-draft-check"
        checked={on}
        onChange={(e) => {
          const next = e.target.checked;
          setOn(next);
          saveSettings({ draftCheck: next }).catch((err: unknown) => {
            setOn(!next);
            log.error('saving the draft check setting failed', err);
          });
        }}
      />
      {t('settings.draftCheck')}
      <span className="hint">{t('settings.draftCheck.hint')}</span>
    </label>
  );
}
