import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput, MethodOutput } from '../../../../electron/api/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/Field';
import { useApiError } from '../evaluator/useApiError';
import { RiskReportView } from './RiskReportView';
import './exports.css';

type Options = MethodInput<'exports.save'>;
type Variables = MethodOutput<'exports.variables'>;
type Format = 'xlsx' | 'csv' | 'long';
type Syntax = 'spss' | 'stata' | 'r';
export type How = 'bands' | 'merge';

const FORMATS: readonly Format[] = ['xlsx', 'csv', 'long'];
const SYNTAXES: readonly Syntax[] = ['spss', 'stata', 'r'];
/** Suggested first, when the study has them: the toolkit's background and the design's strata. */
const SUGGESTED = ['group', 'site'];

/**
 * The evaluator's anonymised export: layout and syntax files, free text to keep, re-keyed IDs,
 * and the k-anonymity check over the quasi-identifiers the evaluator picks, with one-click
 * generalisation or suppression and, as a last resort, an override with a reason (kept in the vault).
 * The check re-runs on every change and writes nothing; saving asks where.
 */
export function ExportSection() {
  const { t } = useTranslation();
  const describe = useApiError();
  const [variables, setVariables] = useState<Variables | null>(null);
  const [format, setFormat] = useState<Format>('xlsx');
  const [syntax, setSyntax] = useState<Syntax[]>([]);
  const [keepText, setKeepText] = useState<string[]>([]);
  const [rekey, setRekey] = useState(false);
  const [k, setK] = useState(5);
  const [quasi, setQuasi] = useState<string[]>([]);
  const [candidate, setCandidate] = useState('');
  const [generalise, setGeneralise] = useState<{ variable: string; how: How }[]>([]);
  const [suppress, setSuppress] = useState(false);
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');
  const [report, setReport] = useState<MethodOutput<'exports.check'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [vaultOpen, setVaultOpen] = useState(false);

  useEffect(() => {
    void call('exports.variables', {}).then((result) => {
      if (!result.ok) return setError(describe(result.error));
      setVariables(result.value);
      const names = new Set(result.value.variables.map((variable) => variable.name));
      setQuasi(SUGGESTED.filter((name) => names.has(name)));
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Re-keying and overriding need the vault; say so before the evaluator tries.
  useEffect(() => {
    if (!rekey && !overriding) return;
    void call('vault.status', {}).then((result) => setVaultOpen(result.ok && result.value.status === 'open'));
  }, [rekey, overriding]);

  const options: Options = { format, syntax, keepText, rekey, k, quasiIdentifiers: quasi, generalise, suppress };
  const optionsKey = JSON.stringify(options);

  useEffect(() => {
    if (!variables) return;
    let current = true;
    void call('exports.check', options).then((result) => {
      if (!current) return;
      if (!result.ok) {
        setReport(null);
        return setError(describe(result.error));
      }
      setError(null);
      setReport(result.value);
    });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [optionsKey, variables]);

  const textItems = useMemo(() => new Set(variables?.freeText.map((entry) => entry.item) ?? []), [variables]);
  /** Columns that can be quasi-identifiers: not the ID, not free text that is left out. */
  const choosable = (variables?.variables ?? []).filter(
    (variable) => variable.name !== 'id' && !quasi.includes(variable.name) && (variable.kind !== 'text' || keepText.includes(variable.item ?? '')),
  );

  function toggle<T>(list: T[], value: T): T[] {
    return list.includes(value) ? list.filter((entry) => entry !== value) : [...list, value];
  }

  function toggleGeneralise(variable: string, how: How) {
    setGeneralise((current) =>
      current.some((entry) => entry.variable === variable && entry.how === how)
        ? current.filter((entry) => !(entry.variable === variable && entry.how === how))
        : [...current.filter((entry) => entry.variable !== variable), { variable, how }],
    );
  }

  /** Free text left out cannot stay a quasi-identifier. */
  function toggleKeepText(item: string) {
    if (keepText.includes(item)) {
      for (const variable of variables?.variables ?? []) if (variable.item === item && quasi.includes(variable.name)) removeQuasi(variable.name);
    }
    setKeepText((current) => toggle(current, item));
  }

  function removeQuasi(name: string) {
    setQuasi((current) => current.filter((entry) => entry !== name));
    setGeneralise((current) => current.filter((entry) => entry.variable !== name));
  }

  async function save() {
    setSaved(null);
    setBusy(true);
    const result = await call('exports.save', overriding && report && !report.passed ? { ...options, override: { reason } } : options);
    setBusy(false);
    if (!result.ok) return setError(describe(result.error));
    setError(null);
    setReport(result.value.report);
    setSaved(result.value.paths ? t('exports.saved', { paths: result.value.paths.join(', ') }) : t('exports.cancelled'));
  }

  const blocked = !report || (!report.passed && (!overriding || reason.trim().length < 10));

  return (
    <section aria-labelledby="exports-heading" className="exports">
      <h3 id="exports-heading">{t('exports.heading')}</h3>
      <p className="muted">{t('exports.intro')}</p>
      <ErrorAlert message={error} />
      <div className="panel">
        <fieldset className="field inline">
          <legend>{t('exports.format')}</legend>
          {FORMATS.map((name) => (
            <label key={name}>
              <input type="radio" name="export-format" value={name} checked={format === name} onChange={() => setFormat(name)} /> {t(`exports.formats.${name}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="field inline">
          <legend>{t('exports.syntax')}</legend>
          {SYNTAXES.map((name) => (
            <label key={name}>
              <input type="checkbox" checked={syntax.includes(name)} onChange={() => setSyntax((current) => toggle(current, name))} /> {t(`exports.syntaxes.${name}`)}
            </label>
          ))}
        </fieldset>
        {variables && variables.freeText.length > 0 && (
          <fieldset className="field">
            <legend>{t('exports.freeText')}</legend>
            <p className="hint">{t('exports.freeTextHint')}</p>
            {variables.freeText.map((entry) => (
              <label key={entry.item} className="block">
                <input type="checkbox" checked={keepText.includes(entry.item)} onChange={() => toggleKeepText(entry.item)} />{' '}
                {t('exports.keepText', { item: entry.item, label: entry.label })}
              </label>
            ))}
          </fieldset>
        )}
        <label className="block">
          <input type="checkbox" checked={rekey} onChange={(event) => setRekey(event.target.checked)} /> {t('exports.rekey')}
        </label>
        <p className="hint">{t('exports.rekeyHint')}</p>
        {rekey && !vaultOpen && (
          <p className="alert" role="status" data-testid="export-vault-locked">
            {t('exports.vaultLocked')}
          </p>
        )}
      </div>

      <div className="panel">
        <h4>{t('exports.anonymity')}</h4>
        <p className="hint">{t('exports.anonymityHint')}</p>
        <div className="row-form">
          <div className="field">
            <label htmlFor="export-k">{t('exports.k')}</label>
            <input id="export-k" type="number" min={2} max={100} value={k} onChange={(event) => setK(Math.min(100, Math.max(2, Number(event.target.value) || 2)))} />
          </div>
          <div className="field">
            <label htmlFor="export-quasi">{t('exports.addQuasi')}</label>
            <select id="export-quasi" value={candidate} onChange={(event) => setCandidate(event.target.value)}>
              <option value="">{t('exports.chooseColumn')}</option>
              {choosable.map((variable) => (
                <option key={variable.name} value={variable.name}>
                  {variable.name}
                </option>
              ))}
            </select>
          </div>
          <button type="button" disabled={!candidate} onClick={() => (setQuasi((current) => [...current, candidate]), setCandidate(''))}>
            {t('exports.add')}
          </button>
        </div>
        <ul className="quasi-list" aria-label={t('exports.quasiList')}>
          {quasi.map((name) => {
            const variable = variables?.variables.find((entry) => entry.name === name);
            return (
              <li key={name} data-testid="export-quasi">
                <span>{name}</span>
                {variable?.generalise.map((how) => (
                  <label key={how}>
                    <input
                      type="checkbox"
                      checked={generalise.some((entry) => entry.variable === name && entry.how === how)}
                      onChange={() => toggleGeneralise(name, how)}
                    />{' '}
                    {t(`exports.how.${how}`)}
                  </label>
                ))}
                <button type="button" onClick={() => removeQuasi(name)} aria-label={t('exports.removeQuasi', { name })}>
                  {t('exports.remove')}
                </button>
              </li>
            );
          })}
        </ul>
        {report && (
          <RiskReportView
            report={report}
            textItems={textItems}
            suppress={suppress}
            onSuppress={setSuppress}
            generalise={generalise}
            variables={variables?.variables ?? []}
            onGeneralise={toggleGeneralise}
          />
        )}
        {report && !report.passed && (
          <div className="override">
            <label className="block">
              <input type="checkbox" checked={overriding} onChange={(event) => setOverriding(event.target.checked)} /> {t('exports.override')}
            </label>
            {overriding && (
              <div className="field">
                <label htmlFor="export-reason">{t('exports.reason')}</label>
                <textarea id="export-reason" value={reason} maxLength={1000} onChange={(event) => setReason(event.target.value)} />
                <p className="hint">{t('exports.reasonHint')}</p>
                {!vaultOpen && <p className="alert">{t('exports.vaultLocked')}</p>}
              </div>
            )}
          </div>
        )}
      </div>

      <div className="actions">
        <button type="button" className="primary" disabled={blocked || busy} onClick={() => void save()}>
          {t('exports.save')}
        </button>
        {saved && (
          <span className="muted" role="status" data-testid="export-saved">
            {saved}
          </span>
        )}
      </div>
    </section>
  );
}
