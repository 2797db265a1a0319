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
export type Candidate = Variables['quasiCandidates'][number];
type Format = 'xlsx' | 'csv' | 'long';
type Syntax = 'spss' | 'stata' | 'r';
export type How = 'bands' | 'merge';

const FORMATS: readonly Format[] = ['xlsx', 'csv', 'long'];
const SYNTAXES: readonly Syntax[] = ['spss', 'stata', 'r'];
/** The default set as the core has it, free text left out until kept: design columns and background questions. */
function defaultQuasi(candidates: readonly Candidate[]): string[] {
  return candidates.filter((candidate) => candidate.byDefault && !candidate.text).map((candidate) => candidate.name);
}

/**
 * The evaluator's anonymised export: layout and syntax files, free text to keep, re-keyed IDs,
 * and the k-anonymity check, always on: it starts from the default set (design columns and every
 * background question, each question at every time point), which the evaluator may change, with
 * one-click generalisation or suppression and, as a last resort, an override with a reason (kept
 * in the vault). Not checking at all is a separate, explicit choice that needs the same reason.
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
  const [skip, setSkip] = useState(false);
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
      setQuasi(defaultQuasi(result.value.quasiCandidates));
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Re-keying and overriding need the vault; say so before the evaluator tries.
  useEffect(() => {
    if (!rekey && !overriding && !skip) return;
    void call('vault.status', {}).then((result) => setVaultOpen(result.ok && result.value.status === 'open'));
  }, [rekey, overriding, skip]);

  const options: Options = {
    format,
    syntax,
    keepText,
    rekey,
    k,
    quasiIdentifiers: skip ? [] : quasi,
    skipKanonCheck: skip,
    generalise,
    suppress,
  };
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
  const candidates = variables?.quasiCandidates ?? [];
  /** Design columns and questions that can be added: not chosen yet, not free text that is left out. */
  const choosable = candidates.filter(
    (candidate) => !quasi.includes(candidate.name) && (!candidate.text || keepText.includes(candidate.name)),
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

  /** Free text left out cannot stay a quasi-identifier; a background question kept joins the check, as in the default set. */
  function toggleKeepText(item: string) {
    if (keepText.includes(item)) removeQuasi(item);
    else if (candidates.some((candidate) => candidate.name === item && candidate.byDefault))
      setQuasi((current) => [...new Set([...current, item])]);
    setKeepText((current) => toggle(current, item));
  }

  function removeQuasi(name: string) {
    setQuasi((current) => current.filter((entry) => entry !== name));
    setGeneralise((current) => current.filter((entry) => entry.variable !== name));
  }

  async function save() {
    setSaved(null);
    setBusy(true);
    const withReason = (overriding || skip) && report && !report.passed;
    const result = await call('exports.save', withReason ? { ...options, override: { reason } } : options);
    setBusy(false);
    if (!result.ok) return setError(describe(result.error));
    setError(null);
    setReport(result.value.report);
    setSaved(result.value.paths ? t('exports.saved', { paths: result.value.paths.join(', ') }) : t('exports.cancelled'));
  }

  const blocked = !report || (!report.passed && ((!overriding && !skip) || reason.trim().length < 10));

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
              <input type="radio" name="export-format" value={name} checked={format === name} onChange={() => setFormat(name)} />{' '}
              {t(`exports.formats.${name}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="field inline">
          <legend>{t('exports.syntax')}</legend>
          {SYNTAXES.map((name) => (
            <label key={name}>
              <input type="checkbox" checked={syntax.includes(name)} onChange={() => setSyntax((current) => toggle(current, name))} />{' '}
              {t(`exports.syntaxes.${name}`)}
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
            <input
              id="export-k"
              type="number"
              min={2}
              max={100}
              value={k}
              onChange={(event) => setK(Math.min(100, Math.max(2, Number(event.target.value) || 2)))}
            />
          </div>
          {!skip && (
            <>
              <div className="field">
                <label htmlFor="export-quasi">{t('exports.addQuasi')}</label>
                <select id="export-quasi" value={candidate} onChange={(event) => setCandidate(event.target.value)}>
                  <option value="">{t('exports.chooseColumn')}</option>
                  {choosable.map((entry) => (
                    <option key={entry.name} value={entry.name}>
                      {entry.columns.length === 1 && entry.columns[0] === entry.name
                        ? entry.name
                        : t('exports.candidate', { name: entry.name, columns: entry.columns.join(', ') })}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="button"
                disabled={!candidate}
                onClick={() => (setQuasi((current) => [...current, candidate]), setCandidate(''))}
              >
                {t('exports.add')}
              </button>
            </>
          )}
        </div>
        {!skip && (
          <ul className="quasi-list" aria-label={t('exports.quasiList')}>
            {quasi.map((name) => {
              const entry = candidates.find((known) => known.name === name);
              return (
                <li key={name} data-testid="export-quasi">
                  <span>
                    {entry && entry.columns.join(', ') !== name
                      ? t('exports.candidate', { name, columns: entry.columns.join(', ') })
                      : name}
                  </span>
                  {entry?.generalise.map((how) => (
                    <label key={how}>
                      <input
                        type="checkbox"
                        checked={generalise.some((step) => step.variable === name && step.how === how)}
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
            {quasi.length === 0 && <li className="muted">{t('exports.defaultApplies')}</li>}
          </ul>
        )}
        <label className="block">
          <input type="checkbox" checked={skip} onChange={(event) => setSkip(event.target.checked)} /> {t('exports.skipCheck')}
        </label>
        {report && (
          <RiskReportView
            report={report}
            textItems={textItems}
            suppress={suppress}
            onSuppress={setSuppress}
            generalise={generalise}
            candidates={candidates}
            onGeneralise={toggleGeneralise}
          />
        )}
        {report && !report.passed && (
          <div className="override">
            {!skip && (
              <label className="block">
                <input type="checkbox" checked={overriding} onChange={(event) => setOverriding(event.target.checked)} />{' '}
                {t('exports.override')}
              </label>
            )}
            {(overriding || skip) && (
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
