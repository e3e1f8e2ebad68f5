import { useTeamLocks } from '@/components/sync/use-team-locks';
import { useMemo, useState } from 'react';
import { adapters } from '@/lib/adapters';
import type { ComplianceMatch } from '@/lib/compliance/matcher';
import { CATEGORY_LABELS, exportRuleSets, parseRuleExport, SEVERITY_LABELS, type RuleSet } from '@/lib/compliance/rules';
import { ruleSetsFromCsv, ruleSetsToCsv } from '@/lib/compliance/rules-csv';
import type { KefuDatabase } from '@/lib/db/database';
import {
  createRuleSet,
  deleteRule,
  deleteRuleSet,
  engineRuleSets,
  importRuleSets,
  previewRuleSetsImport,
  saveRule,
  setRuleSetEnabled,
  updateRuleSetHeader,
  type ImportPreviewItem,
  type StoredRuleSet,
} from '@/lib/db/rule-sets';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { ComplianceWarning } from '@/components/sidebar/ComplianceWarning';
import { useLang, useT } from '@/components/sidebar/i18n';
import { useCompliance } from '@/components/sidebar/use-compliance';
import { downloadFile } from './download';
import { RuleEditor, useFieldErrorText } from './RuleEditor';
import { emptyRuleForm, formFromRule, locateRuleErrors, newRuleId, platformList, ruleFromForm, type FieldError, type RuleFormField, type RuleFormState } from './rule-form';
import './RulesPage.css';

export interface RulesPageProps {
  db: KefuDatabase;
  /** The supervisor's name from settings: the author of what they write. */
  author: string;
  /** A fixed time instead of the clock (tests); also the time of writes. */
  now?: number;
}

type Editing = { kind: 'none' } | { kind: 'new'; form: RuleFormState } | { kind: 'edit'; ruleId: string; form: RuleFormState };
type Errors = Partial<Record<RuleFormField | 'form', FieldError>>;
interface PendingImport {
  file: string;
  sets: RuleSet[];
  preview: ImportPreviewItem[];
}
interface Notice {
  tone: 'info' | 'error';
  text: string;
}

const KNOWN_PLATFORMS = adapters.map((a) => a.id).filter((id) => id !== 'generic');

/**
 * Compliance rules (合规规则, #/rules): the supervisor edits the rule sets the
 * sidebar checks replies against. Sets on the left (switch, new, delete); the
 * chosen set's name, coverage and consoles, and its rules with an editor for
 * words, regexes and exceptions; a "try a phrase" box running the enabled
 * rules as they stand; import (JSON export or CSV, previewed, written all or
 * nothing) and export. Every write goes through lib/db/rule-sets.ts.
 */
export function RulesPage({ db, author, now }: RulesPageProps) {
  const t = useT();
  const lang = useLang();
  const errorText = useFieldErrorText();
  const { ruleSets, matcher } = useCompliance(db);
  const locks = useTeamLocks(db);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pending, setPending] = useState<PendingImport | null>(null);
  const [phrase, setPhrase] = useState('');
  const [platform, setPlatform] = useState('');
  const opts = now === undefined ? { author } : { author, now };

  const selected = ruleSets?.find((r) => r.id === selectedId) ?? ruleSets?.[0];
  const tried = useMemo(() => (matcher && phrase.trim() ? matcher.check(phrase, platform ? { platform } : {}) : []), [matcher, phrase, platform]);

  const fail = (what: string, err: unknown) => {
    if (!(err instanceof AppError && err.code !== 'internal')) log.error(`rules page: ${what} failed`, err);
    setNotice({ tone: 'error', text: describeError(err) });
  };
  /** An engine or repository error in the agent's language, with where it is (path or CSV row). */
  const describeError = (err: unknown): string => {
    if (!(err instanceof AppError)) return t('error.internal', { message: err instanceof Error ? err.message : String(err) });
    const entries = Object.entries(err.fields).filter(([path]) => path !== 'row');
    const [path, key] = entries[0] ?? ['form', 'invalid'];
    const text = errorText({ key });
    const where = err.fields.row ? t('rules.import.row', { row: err.fields.row }) : path === 'file' || path === 'form' ? '' : path;
    return where ? text + t('rules.import.where', { where }) : text;
  };

  const choose = (row: StoredRuleSet) => {
    setSelectedId(row.id);
    setEditing({ kind: 'none' });
    setErrors({});
  };

  const newSet = () => {
    createRuleSet(db, { name: { zh: t('rules.set.newName'), en: t('rules.set.newName') } }, opts).then(
      (row) => {
        setNotice(null);
        choose(row);
      },
      (err: unknown) => fail('create set', err),
    );
  };

  const saveEditing = (form: RuleFormState) => {
    if (!selected || editing.kind === 'none') return;
    const input = ruleFromForm(form);
    setSaving(true);
    saveRule(db, selected.id, input, editing.kind === 'edit' ? { ...opts, previousId: editing.ruleId } : opts)
      .then(
        () => {
          setEditing({ kind: 'none' });
          setErrors({});
          setNotice({ tone: 'info', text: t('rules.rule.saved', { name: lang === 'zh' ? input.name.zh : input.name.en }) });
        },
        (err: unknown) => {
          if (err instanceof AppError && (err.code === 'validation' || err.code === 'not-found')) setErrors(locateRuleErrors(err, input));
          else fail('save rule', err);
        },
      )
      .finally(() => setSaving(false));
  };

  const startImport = async (file: File) => {
    try {
      const text = await file.text();
      const isCsv = /\.csv$/i.test(file.name) || !text.replace(/^\uFEFF/, '').trimStart().startsWith('{');
      const sets = isCsv ? ruleSetsFromCsv(text) : parseRuleExport(text);
      setPending({ file: file.name, sets, preview: await previewRuleSetsImport(db, sets) });
      setNotice(null);
    } catch (err) {
      setPending(null);
      if (!(err instanceof AppError)) log.error('rules page: reading an import failed', err);
      setNotice({ tone: 'error', text: t('rules.import.failed', { file: file.name, message: describeError(err) }) });
    }
  };
  const confirmImport = () => {
    if (!pending) return;
    importRuleSets(db, pending.sets, opts).then(
      (n) => {
        setPending(null);
        setNotice({ tone: 'info', text: t('rules.import.done', n) });
      },
      (err: unknown) => fail('import', err),
    );
  };

  const exportAs = (kind: 'json' | 'csv') => {
    const sets = engineRuleSets(ruleSets ?? []);
    const stamp = new Date(now ?? Date.now()).toISOString().slice(0, 10);
    if (kind === 'json') downloadFile({ name: `compliance-rules-${stamp}.json`, mime: 'application/json', data: exportRuleSets(sets, new Date(now ?? Date.now())) });
    else downloadFile({ name: `compliance-rules-${stamp}.csv`, mime: 'text/csv;charset=utf-8', data: ruleSetsToCsv(sets) });
  };

  return (
    <section className="wb-page rules-page" data-testid="rules-page">
      <header className="wb-page-head">
        <h1>{t('rules.title')}</h1>
        <button type="button" data-testid="rules-export-json" onClick={() => exportAs('json')}>
          {t('rules.export.json')}
        </button>
        <button type="button" data-testid="rules-export-csv" onClick={() => exportAs('csv')}>
          {t('rules.export.csv')}
        </button>
        <label className="rules-import">
          {t('rules.import')}
          <input
            type="file"
            accept=".json,.csv,application/json,text/csv"
            data-testid="rules-import"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void startImport(file);
            }}
          />
        </label>
      </header>
      <p className="hint">{t('rules.hint')}</p>
      {notice ? (
        <p className={`notice ${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid={notice.tone === 'error' ? 'rules-error' : 'rules-notice'}>
          <span>{notice.text}</span>
        </p>
      ) : null}
      {pending ? (
        <div className="rules-preview" data-testid="rules-import-preview">
          <p>{t('rules.import.preview', { file: pending.file })}</p>
          <ul>
            {pending.preview.map((p) => (
              <li key={p.ruleSetId} data-testid="rules-import-item" data-action={p.action}>
                {p.action === 'add'
                  ? t('rules.import.add', { name: p.name[lang], count: p.rules })
                  : t('rules.import.replace', { name: p.name[lang], count: p.rules, removed: p.rulesRemoved })}
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="primary" data-testid="rules-import-confirm" onClick={confirmImport}>
              {t('rules.import.confirm')}
            </button>
            <button type="button" data-testid="rules-import-cancel" onClick={() => setPending(null)}>
              {t('rules.import.cancel')}
            </button>
          </div>
        </div>
      ) : null}

      <TryPhrase phrase={phrase} platform={platform} onPhrase={setPhrase} onPlatform={setPlatform} matches={tried} />

      <div className="rules-layout">
        <aside>
          <h2>{t('rules.sets')}</h2>
          {ruleSets && ruleSets.length === 0 ? <p className="empty">{t('rules.set.none')}</p> : null}
          <ul className="rules-sets">
            {(ruleSets ?? []).map((row) => (
              <li key={row.id} className={row.id === selected?.id ? 'selected' : ''} data-testid="rules-set-item" data-set-id={row.ruleSet.id}>
                <button type="button" className="rules-set-name" onClick={() => choose(row)}>
                  {row.ruleSet.name[lang]}
                </button>
                {locks.has('rule-set', row.id) ? (
                  <span className="badge team" data-testid="rules-team-badge">
                    {t('sync.team.badge')}
                  </span>
                ) : null}
                <span className="muted small">
                  {row.starterId ? `${t('rules.set.builtIn')} · ` : ''}
                  {t('rules.set.count', { count: row.ruleSet.rules.length })}
                </span>
                <label className="rules-check">
                  <input
                    type="checkbox"
                    data-testid="rules-set-switch"
                    checked={row.enabled}
                    onChange={(e) => setRuleSetEnabled(db, row.id, e.target.checked, opts).catch((err: unknown) => fail('switch set', err))}
                  />
                  {t('rules.set.enabled')}
                </label>
              </li>
            ))}
          </ul>
          <button type="button" className="primary" data-testid="rules-set-new" onClick={newSet}>
            + {t('rules.set.new')}
          </button>
        </aside>
        <div>
          {!selected ? (
            <p className="empty">{t('rules.set.choose')}</p>
          ) : (
            <>
              {locks.has('rule-set', selected.id) ? (
                <p className="hint" data-testid="rules-team-hint">
                  {t('sync.team.rulesHint')}
                </p>
              ) : null}
              <SetHeaderForm
                key={`${selected.id}-${selected.updatedAt}`}
                row={selected}
                onSave={(header) =>
                  updateRuleSetHeader(db, selected.id, header, opts).then(
                    (row) => setNotice({ tone: 'info', text: t('rules.set.saved', { name: row.ruleSet.name[lang] }) }),
                    (err: unknown) => fail('save set', err),
                  )
                }
                onDelete={() =>
                  deleteRuleSet(db, selected.id, opts).then(
                    () => {
                      setSelectedId(null);
                      setNotice({ tone: 'info', text: t('rules.set.deleted', { name: selected.ruleSet.name[lang] }) });
                    },
                    (err: unknown) => fail('delete set', err),
                  )
                }
              />
              <h2>{t('rules.rules')}</h2>
              {editing.kind === 'new' ? (
                <RuleEditor initial={editing.form} errors={errors} saving={saving} onSave={saveEditing} onCancel={() => setEditing({ kind: 'none' })} />
              ) : (
                <button
                  type="button"
                  className="primary"
                  data-testid="rules-rule-new"
                  onClick={() => {
                    setErrors({});
                    setEditing({ kind: 'new', form: emptyRuleForm(newRuleId(selected.ruleSet.rules)) });
                  }}
                >
                  + {t('rules.rule.new')}
                </button>
              )}
              {selected.ruleSet.rules.length === 0 ? <p className="empty">{t('rules.rule.none')}</p> : null}
              <ul className="rules-list">
                {selected.ruleSet.rules.map((rule) => (
                  <li key={rule.id} data-testid="rules-rule-item" data-rule-id={rule.id}>
                    {editing.kind === 'edit' && editing.ruleId === rule.id ? (
                      <RuleEditor initial={editing.form} errors={errors} saving={saving} onSave={saveEditing} onCancel={() => setEditing({ kind: 'none' })} />
                    ) : (
                      <div className="rules-rule">
                        <span className={`rules-severity rules-severity-${rule.severity}`}>{SEVERITY_LABELS[rule.severity][lang]}</span>
                        <strong data-testid="rules-rule-name">{rule.name[lang]}</strong>
                        <span className="muted small">
                          {CATEGORY_LABELS[rule.category][lang]} ·{' '}
                          {t('rules.rule.patternCount', { words: rule.patterns.words.length, regexes: rule.patterns.regexes.length, exceptions: rule.exceptions.length })}
                          {rule.enabled ? '' : ` · ${t('rules.rule.off')}`}
                        </span>
                        <span className="rules-words muted small">{rule.patterns.words.slice(0, 8).join('、')}</span>
                        <span className="rules-actions">
                          <button
                            type="button"
                            data-testid="rules-rule-edit"
                            onClick={() => {
                              setErrors({});
                              setEditing({ kind: 'edit', ruleId: rule.id, form: formFromRule(rule) });
                            }}
                          >
                            {t('rules.rule.edit')}
                          </button>
                          <button
                            type="button"
                            className="danger"
                            data-testid="rules-rule-delete"
                            onClick={() =>
                              deleteRule(db, selected.id, rule.id, opts).then(
                                () => setNotice({ tone: 'info', text: t('rules.rule.deleted', { name: rule.name[lang] }) }),
                                (err: unknown) => fail('delete rule', err),
                              )
                            }
                          >
                            {t('rules.rule.delete')}
                          </button>
                        </span>
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
    </section>
  );
}

function TryPhrase(props: { phrase: string; platform: string; onPhrase(v: string): void; onPlatform(v: string): void; matches: readonly ComplianceMatch[] }) {
  const t = useT();
  return (
    <div className="rules-try" data-testid="rules-try">
      <h2>{t('rules.try.title')}</h2>
      <p className="hint">{t('rules.try.hint')}</p>
      <div className="rules-row">
        <textarea data-testid="rules-try-input" rows={2} value={props.phrase} placeholder={t('rules.try.placeholder')} onChange={(e) => props.onPhrase(e.target.value)} />
        <label className="rules-field">
          <span>{t('rules.try.platform')}</span>
          <select data-testid="rules-try-platform" value={props.platform} onChange={(e) => props.onPlatform(e.target.value)}>
            <option value="">{t('rules.try.allPlatforms')}</option>
            {KNOWN_PLATFORMS.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      </div>
      {props.phrase.trim() === '' ? null : props.matches.length === 0 ? (
        <p className="muted" data-testid="rules-try-none">
          {t('rules.try.none')}
        </p>
      ) : (
        <ComplianceWarning text={props.phrase} matches={props.matches} />
      )}
    </div>
  );
}

function SetHeaderForm({ row, onSave, onDelete }: { row: StoredRuleSet; onSave(header: { name: { zh: string; en: string }; coverage?: { zh: string; en: string }; platforms: string[] }): Promise<void>; onDelete(): Promise<void> }) {
  const t = useT();
  const lang = useLang();
  const [nameZh, setNameZh] = useState(row.ruleSet.name.zh);
  const [nameEn, setNameEn] = useState(row.ruleSet.name.en);
  const [coverageZh, setCoverageZh] = useState(row.ruleSet.coverage?.zh ?? '');
  const [coverageEn, setCoverageEn] = useState(row.ruleSet.coverage?.en ?? '');
  const [platforms, setPlatforms] = useState((row.ruleSet.platforms ?? []).join(', '));
  const [confirming, setConfirming] = useState(false);
  return (
    <form
      className="rules-set-form"
      data-testid="rules-set-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onSave({
          name: { zh: nameZh, en: nameEn },
          ...(coverageZh.trim() || coverageEn.trim() ? { coverage: { zh: coverageZh, en: coverageEn } } : {}),
          platforms: platformList(platforms),
        });
      }}
    >
      <div className="rules-row">
        <label className="rules-field">
          <span>{t('rules.set.nameZh')}</span>
          <input type="text" data-testid="rules-set-name-zh" value={nameZh} onChange={(e) => setNameZh(e.target.value)} />
        </label>
        <label className="rules-field">
          <span>{t('rules.set.nameEn')}</span>
          <input type="text" data-testid="rules-set-name-en" value={nameEn} onChange={(e) => setNameEn(e.target.value)} />
        </label>
      </div>
      <div className="rules-row">
        <label className="rules-field">
          <span>{t('rules.set.coverageZh')}</span>
          <textarea rows={2} data-testid="rules-set-coverage-zh" value={coverageZh} onChange={(e) => setCoverageZh(e.target.value)} />
        </label>
        <label className="rules-field">
          <span>{t('rules.set.coverageEn')}</span>
          <textarea rows={2} data-testid="rules-set-coverage-en" value={coverageEn} onChange={(e) => setCoverageEn(e.target.value)} />
        </label>
      </div>
      <label className="rules-field">
        <span>{t('rules.set.platforms')}</span>
        <input type="text" data-testid="rules-set-platforms" value={platforms} onChange={(e) => setPlatforms(e.target.value)} />
        <span className="hint">{t('rules.set.platformsHint', { ids: KNOWN_PLATFORMS.join(', ') })}</span>
      </label>
      <div className="actions">
        <button type="submit" className="primary" data-testid="rules-set-save">
          {t('rules.set.save')}
        </button>
        {confirming ? (
          <>
            <span>{t('rules.set.deleteConfirm', { name: row.ruleSet.name[lang] })}</span>
            <button type="button" className="danger" data-testid="rules-set-delete-confirm" onClick={() => void onDelete()}>
              {t('rules.set.delete')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('rules.rule.cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="danger" data-testid="rules-set-delete" onClick={() => setConfirming(true)}>
            {t('rules.set.delete')}
          </button>
        )}
      </div>
    </form>
  );
}
